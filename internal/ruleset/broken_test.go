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
// problem naming the file, the line (the edit's line plus offset) and the fault.
func TestBrokenRulesAreRefused(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		offset               int
		want                 string
	}{
		{"a typo in a question id", "questions.yaml",
			"        - eq: {applicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			"        - eq: {aplicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			0, `unknown question or fact "aplicant" (did you mean "applicant"?)`},
		{"a typo in a value", "blocked.yaml", "when: {eq: {residence: elsewhere}}", "when: {eq: {residence: elsewere}}",
			0, `"residence" never holds "elsewere"`},
		{"a missing document", "routes.yaml", "          - id: holder_card\n            source:", "          - id: holder_crd\n            source:",
			0, `unknown document "holder_crd" (did you mean "holder_card"?)`},
		{"a question that can never be asked", "questions.yaml",
			"        - eq: {applicant: legal_rep}\n        - eq: {holder_age: 15plus}",
			"        - eq: {applicant: self}\n        - eq: {holder_age: 15plus}",
			-3, `question "ward" can never be asked`},
		{"a duplicate id", "documents.yaml", "  - id: koseki", "  - id: guardianship_cert",
			3, `document id "guardianship_cert" is used twice`},
		{"an unknown key", "notes.yaml", "  - id: shared_reset\n    when:", "  - id: shared_reset\n    wen:",
			1, `unknown key wen in a note`},
		{"a rule without its source", "stores.yaml", "    source: 「署名用電子証明書暗証番号初期化のみ対応 ローソン」\n", "",
			-4, `store lawson has no source:`},
		{"a question asked before what it depends on", "questions.yaml", "      not: {eq: {applicant: self}}\n    options:\n      - value: under15",
			"      not: {eq: {residence: takaoka}}\n    options:\n      - value: under15",
			0, `question "holder_age" depends on "residence", which is asked later`},
		{"a bad date", "stores.yaml", `as_of: "2024-09-04"`, `as_of: 4 Sept 2024`,
			-3, `as_of: "4 Sept 2024" is not a date`},
		{"a condition with two operators", "blocked.yaml", "when: {eq: {residence: elsewhere}}", "when: {eq: {residence: elsewhere}, pred: one_certificate_pin}",
			0, `a condition needs exactly one of eq, in, all, any, not, pred (found 2)`},
		{"an unknown predicate", "facts.yaml", "pred: one_certificate_pin", "pred: one_cert_pin",
			0, `unknown predicate "one_cert_pin"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, line := edited(t, tt.file, tt.old, tt.new)
			problems := loadAll(fsys)
			require.NotEmpty(t, problems, "the broken rules were accepted")
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			want := tt.file + ":" + strconv.Itoa(line+tt.offset) + ": "
			found := false
			for _, g := range got {
				if strings.HasPrefix(g, want) && strings.Contains(g, tt.want) {
					found = true
				}
			}
			assert.True(t, found, "want %q%s…; got:\n%s", want, tt.want, strings.Join(got, "\n"))
		})
	}
}
