package ruleset_test

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

// edited returns the embedded rules with one file's text replaced once, and the
// 1-based line where the replacement starts.
func edited(t *testing.T, file, old, new string) (fs.FS, int) {
	t.Helper()
	return editedFS(t, rules.FS, file, old, new)
}

// editedFS replaces text once in one file of fsys.
func editedFS(t *testing.T, fsys fs.FS, file, old, new string) (fs.FS, int) {
	t.Helper()
	m := fstest.MapFS{}
	names, err := fs.Glob(fsys, "*.yaml")
	require.NoError(t, err)
	line := 0
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		require.NoError(t, err)
		text := string(data)
		if n == file {
			i := strings.Index(text, old)
			require.GreaterOrEqual(t, i, 0, "%q not in %s", old, file)
			line = strings.Count(text[:i], "\n") + 1
			text = text[:i] + new + text[i+len(old):]
		}
		m[n] = &fstest.MapFile{Data: []byte(text)}
	}
	require.NotZero(t, line)
	return m, line
}

// loadAll loads and walks rules as serve and rules check do.
func loadAll(fsys fs.FS) []guidance.Problem {
	r, problems := ruleset.Load(fsys)
	if len(problems) > 0 {
		return problems
	}
	_, problems = engine.New(r)
	return problems
}

// TestBrokenRulesAreRefused edits one thing in a copy of the rules and expects a
// problem naming the file, the line (the edit's line plus offset) and the fault,
// in English (want) and, for the clerk, in Japanese (ja).
func TestBrokenRulesAreRefused(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		offset               int
		want, ja             string
	}{
		{"a typo in a question id", "questions.yaml",
			"        - eq: {applicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			"        - eq: {aplicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			0, `unknown question or fact "aplicant" (did you mean "applicant"?)`,
			`質問または事実（fact）「aplicant」が見つかりません。「applicant」の書き間違いではありませんか？`},
		{"a typo in a value", "blocked.yaml", "when: {eq: {residence: elsewhere}}", "when: {eq: {residence: elsewere}}",
			0, `"residence" never holds "elsewere" (it can hold takaoka, elsewhere) (did you mean "elsewhere"?)`,
			`「residence」が「elsewere」になることはありません（なりうる値: takaoka, elsewhere）。「elsewhere」の書き間違いではありませんか？`},
		{"a missing document", "routes.yaml", "          - id: holder_card\n            source:", "          - id: holder_crd\n            source:",
			0, `unknown document "holder_crd" (did you mean "holder_card"?)`,
			`書類「holder_crd」が見つかりません。「holder_card」の書き間違いではありませんか？`},
		{"a question that can never be asked", "questions.yaml",
			"        - eq: {applicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			"        - eq: {applicant: self}\n        - eq: {holder_age: 15plus}",
			-3, `question "ward" can never be asked`,
			`質問「ward」は聞かれることがありません。`},
		{"a duplicate id", "documents.yaml", "  - id: koseki", "  - id: guardianship_cert",
			3, `document id "guardianship_cert" is used twice`,
			`書類の id「guardianship_cert」が2回使われています。`},
		{"an unknown key", "notes.yaml", "  - id: shared_reset\n    when:", "  - id: shared_reset\n    wen:",
			1, `unknown key wen in a note (did you mean "when"?); use one of: id, when, route, confirm, source, valid_from, valid_to`,
			`注意書き（notes:）に「wen」というキーは使えません（使えるキー: id, when, route, confirm, source, valid_from, valid_to）。「when」の書き間違いではありませんか？`},
		{"an exception that is no example", "documents.yaml", "except_examples: [rep_own_my_number_card]", "except_examples: [rep_own_mynumber_card]",
			-4, `document "holder_id": except_examples: "rep_own_mynumber_card" is not an example of its columns (id_columns:) (did you mean "rep_own_my_number_card"?)`,
			`書類「holder_id」の except_examples:「rep_own_mynumber_card」は、この書類の欄（id_columns:）の例にありません。「rep_own_my_number_card」の書き間違いではありませんか？`},
		{"an exception by its Japanese name, not its id", "documents.yaml", "except_examples: [rep_own_my_number_card]", "except_examples: [代理人自身のマイナンバーカード]",
			-4, `document "holder_id": except_examples: "代理人自身のマイナンバーカード" is not an example of its columns (id_columns:); write the example's id "rep_own_my_number_card"`,
			`書類「holder_id」の except_examples:「代理人自身のマイナンバーカード」は、この書類の欄（id_columns:）の例にありません。例の id「rep_own_my_number_card」を書いてください`},
		{"an exception from a column the document does not take", "documents.yaml", "    id_columns: [a]\n", "    id_columns: [a]\n    except_examples: [student_id]\n",
			-2, `document "rep_id_a1": except_examples: "student_id" is not an example of its columns (id_columns:); write the id of one of its examples`,
			`書類「rep_id_a1」の except_examples:「student_id」は、この書類の欄（id_columns:）の例にありません。id_columns.yaml の examples: にある id を書いてください`},
		{"an example id used twice", "id_columns.yaml", "      - id: bank_passbook", "      - id: passport",
			0, `ID example id "passport" is used twice; ids must be unique`,
			`本人確認書類の例（examples）の id「passport」が2回使われています。`},
		{"an example without its official name", "id_columns.yaml", "      - id: bank_passbook\n        official: 預金通帳\n", "      - id: bank_passbook\n",
			0, `ID example "bank_passbook" has no official:`,
			`本人確認書類の例「bank_passbook」に official:（本人確認書類一覧での日本語の名前）を書いてください。`},
		// The decoder quotes only the value's first bytes; the problem shows
		// whole characters of it.
		{"an example written as a plain name", "id_columns.yaml", "      - id: bank_passbook\n        official: 預金通帳\n", "      - 預金通帳\n",
			0, "`預金...` cannot be read as an ID example; write key: value lines (keys: id, official)",
			`「預金...」は本人確認書類の例（examples:）として読めません。「キー: 値」の形で書いてください（使えるキー: id, official）`},
		{"a rule without its source", "stores.yaml", "    source: 「署名用電子証明書暗証番号初期化のみ対応 ローソン」\n", "",
			-4, `store lawson has no source:`,
			`店舗（store）「lawson」に source:（市のページの文、または URL と確認した日付）を書いてください。例: source: 「`},
		{"a question asked before what it depends on", "questions.yaml", "      not: {eq: {applicant: self}}\n    options:\n      - value: under15",
			"      not: {eq: {residence: takaoka}}\n    options:\n      - value: under15",
			0, `question "holder_age" depends on "residence", which is asked later; move "holder_age" after it`,
			`質問「holder_age」を「residence」より後ろに移してください`},
		{"a bad date", "stores.yaml", `as_of: "2024-09-04"`, `as_of: 4 Sept 2024`,
			-3, `as_of: "4 Sept 2024" is not a date; write YYYY-MM-DD, e.g. "2024-09-04"`,
			`as_of: の「4 Sept 2024」は日付として読めません。YYYY-MM-DD の形で書いてください。例: "2024-09-04"`},
		{"a condition with two operators", "blocked.yaml", "when: {eq: {residence: elsewhere}}", "when: {eq: {residence: elsewhere}, pred: one_certificate_pin}",
			0, `a condition needs exactly one of eq, in, all, any, not, pred (found 2)`,
			`条件には eq, in, all, any, not, pred のどれか1つだけを書きます（いまは 2 個）。2つ以上なら all: の下に並べてください。例: all: [`},
		{"an unknown predicate", "facts.yaml", "pred: one_certificate_pin", "pred: one_cert_pin",
			0, `unknown predicate "one_cert_pin"`,
			`pred:「one_cert_pin」という判定はありません。使えるのは one_certificate_pin です。`},
		{"a word where a number belongs", "pins.yaml", "    locks_after: 5\n", "    locks_after: five\n",
			0, "`five` cannot be read as a whole number; write digits only, e.g. locks_after: 3",
			`「five」は数として読めません。数字だけを書いてください。例: locks_after: 3`},
		{"a key given twice", "counters.yaml", "    address: 〒933-8601", "    official: 本庁舎\n    address: 〒933-8601",
			0, `key "official" is given twice (also at line 6); keep one`,
			`キー「official」が2回書かれています（6行目にもあります）。1つにしてください`},
		{"a colon inside a value", "pins.yaml", "    official: 署名用電子証明書暗証番号\n", "    official: 署名用: 電子証明書暗証番号\n",
			0, `YAML syntax: mapping values are not allowed in this context; a value contains ": "; quote it, e.g. official: "A: B"`,
			`YAML の書き方に誤りがあります。値の中に「: 」があります。値を引用符で囲んでください。`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, line := edited(t, tt.file, tt.old, tt.new)
			problems := loadAll(fsys)
			require.NotEmpty(t, problems, "the broken rules were accepted")
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
				// every message is for the clerk in both languages, fully formatted
				assert.NotEmpty(t, p.Ja, "no Japanese: %s", p)
				assert.NotEmpty(t, p.Message, "no English: %s", p)
				assert.NotContains(t, p.String(), "%!", "a format and its arguments disagree")
			}
			want := tt.file + ":" + strconv.Itoa(line+tt.offset) + ": "
			found := false
			for _, p := range problems {
				// "file:line: 日本語 / English", the Japanese first
				if strings.HasPrefix(p.String(), want+p.Ja+" / ") && strings.Contains(p.Message, tt.want) && strings.Contains(p.Ja, tt.ja) {
					found = true
				}
			}
			assert.True(t, found, "want %q%s / %s…; got:\n%s", want, tt.ja, tt.want, strings.Join(got, "\n"))
		})
	}
}
