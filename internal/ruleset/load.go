// Package ruleset reads the rules from YAML files into guidance.Rules and checks
// them, naming the file and line of every problem, so a clerk's edit that would
// mislead a resident is refused before it is served.
package ruleset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Load reads every *.yaml file at the top of fsys (in name order) as one rule set
// and validates it. Problems are sorted by file and line; rules are nil if there
// is any.
func Load(fsys fs.FS) (*guidance.Rules, []guidance.Problem) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil || len(names) == 0 {
		return nil, []guidance.Problem{guidance.Problemf2("rules",
			"ルールのファイル（*.yaml）が見つかりません。rules check に渡したフォルダを確かめてください",
			"no *.yaml rule files found; check the folder given to rules check")}
	}
	slices.Sort(names)
	l := &loader{rules: &guidance.Rules{}}
	hash := sha256.New()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.problems = append(l.problems, guidance.Problemf2(guidance.Origin(name),
				"ファイルを読めません（%v）。ファイルの場所と読み取りの権限を確かめてください",
				"cannot read: %v", err))
			continue
		}
		fmt.Fprintf(hash, "%s\x00%d\x00", name, len(data))
		hash.Write(data)
		l.file(name, data)
	}
	if len(l.problems) == 0 {
		l.rules.Meta.Version = hex.EncodeToString(hash.Sum(nil))[:12]
		l.problems = append(l.problems, validateDates(l.rules)...)
	}
	if len(l.problems) == 0 {
		// Each period's rules are checked on their own: an id may be reused
		// once its earlier entry has gone out of force.
		seen := map[string]bool{}
		for _, p := range Periods(l.rules) {
			for _, pr := range validate(p.Rules) {
				if !seen[pr.String()] {
					seen[pr.String()] = true
					l.problems = append(l.problems, pr)
				}
			}
		}
		// options_from is filled in on the copies; fill it in on the whole too.
		expandOptions(l.rules)
	}
	if len(l.problems) > 0 {
		sortProblems(l.problems)
		return nil, l.problems
	}
	return l.rules, nil
}

// sortProblems orders problems by file, then line number.
func sortProblems(ps []guidance.Problem) {
	key := func(o guidance.Origin) (string, int) {
		file, line, _ := strings.Cut(string(o), ":")
		n, _ := strconv.Atoi(line)
		return file, n
	}
	slices.SortStableFunc(ps, func(a, b guidance.Problem) int {
		fa, la := key(a.Origin)
		fb, lb := key(b.Origin)
		if c := strings.Compare(fa, fb); c != 0 {
			return c
		}
		return la - lb
	})
}

type loader struct {
	rules    *guidance.Rules
	problems []guidance.Problem
	name     string
	lines    map[string]int // YAML path (".questions.3.when") → line
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

func (l *loader) file(name string, data []byte) {
	l.name, l.lines = name, map[string]int{}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.yamlError(err)
		return
	}
	if len(root.Content) > 0 {
		walkLines(root.Content[0], "", l.lines)
	}
	var f fileDTO
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return // an empty file
		}
		l.yamlError(err)
		return
	}
	l.convert(&f)
}

// yamlError reports each of the decoder's messages at its own line, in words
// for the clerk (see yamlProblem).
func (l *loader) yamlError(err error) {
	found := false
	for _, m := range yamlLine.FindAllStringSubmatch(err.Error(), -1) {
		found = true
		l.problems = append(l.problems, yamlProblem(guidance.Origin(l.name+":"+m[1]), m[2]))
	}
	if !found {
		l.problems = append(l.problems, yamlProblem(guidance.Origin(l.name), strings.TrimPrefix(err.Error(), "yaml: ")))
	}
}

// walkLines records the line of every mapping key and sequence item by path.
func walkLines(n *yaml.Node, p string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := p + "." + n.Content[i].Value
			lines[k] = n.Content[i].Line
			walkLines(n.Content[i+1], k, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			k := p + "." + strconv.Itoa(i)
			lines[k] = c.Line
			walkLines(c, k, lines)
		}
	}
}

// at names the file:line of a YAML path, falling back to the nearest parent.
func (l *loader) at(parts ...any) guidance.Origin {
	var b strings.Builder
	for _, x := range parts {
		fmt.Fprintf(&b, ".%v", x)
	}
	for p := b.String(); p != ""; p = p[:strings.LastIndex(p, ".")] {
		if line, ok := l.lines[p]; ok {
			return guidance.Origin(fmt.Sprintf("%s:%d", l.name, line))
		}
	}
	return guidance.Origin(l.name)
}

// The YAML decoder's messages, in words for the clerk: the decoder's own types
// (ruleset.noteDTO) become the names the clerk knows (注意書き / a note), with
// the keys allowed there.

// dtoName is what a clerk calls one of the YAML decoder's types.
type dtoName struct {
	name guidance.T // as in "in a note"
	t    reflect.Type
}

var dtoNames = map[string]dtoName{
	"fileDTO":          {guidance.T{Ja: "ルールファイル", En: "a rules file"}, reflect.TypeFor[fileDTO]()},
	"metaDTO":          {guidance.T{Ja: "meta:（もとにした市のページ）", En: "meta"}, reflect.TypeFor[metaDTO]()},
	"pinDTO":           {guidance.T{Ja: "暗証番号（pins:）", En: "a PIN"}, reflect.TypeFor[pinDTO]()},
	"questionDTO":      {guidance.T{Ja: "質問（questions:）", En: "a question"}, reflect.TypeFor[questionDTO]()},
	"optionDTO":        {guidance.T{Ja: "選択肢（options:）", En: "an option"}, reflect.TypeFor[optionDTO]()},
	"factDTO":          {guidance.T{Ja: "事実（facts:）", En: "a fact"}, reflect.TypeFor[factDTO]()},
	"factPartDTO":      {guidance.T{Ja: "事実の値（values:）", En: "a fact's values"}, reflect.TypeFor[factPartDTO]()},
	"condDTO":          {guidance.T{Ja: "条件（when: など）", En: "a condition"}, reflect.TypeFor[condDTO]()},
	"documentDTO":      {guidance.T{Ja: "書類（documents:）", En: "a document"}, reflect.TypeFor[documentDTO]()},
	"routeDTO":         {guidance.T{Ja: "方法（routes:）", En: "a route"}, reflect.TypeFor[routeDTO]()},
	"routePinsDTO":     {guidance.T{Ja: "方法の pins: の中身", En: "a route's pins"}, reflect.TypeFor[routePinsDTO]()},
	"stepDTO":          {guidance.T{Ja: "手順（steps:）", En: "a step"}, reflect.TypeFor[stepDTO]()},
	"visitDTO":         {guidance.T{Ja: "来庁（visits:）", En: "a visit"}, reflect.TypeFor[visitDTO]()},
	"visitDocDTO":      {guidance.T{Ja: "来庁の持ち物（documents:）", En: "a visit's document"}, reflect.TypeFor[visitDocDTO]()},
	"uncertainDTO":     {guidance.T{Ja: "確認が必要な場合（uncertain:）", En: "an uncertain entry"}, reflect.TypeFor[uncertainDTO]()},
	"blockDTO":         {guidance.T{Ja: "使えない理由（blocked:）", En: "a blocked entry"}, reflect.TypeFor[blockDTO]()},
	"noteDTO":          {guidance.T{Ja: "注意書き（notes:）", En: "a note"}, reflect.TypeFor[noteDTO]()},
	"storeDTO":         {guidance.T{Ja: "店舗（stores:）", En: "a store"}, reflect.TypeFor[storeDTO]()},
	"counterDTO":       {guidance.T{Ja: "窓口（counters:）", En: "a counter"}, reflect.TypeFor[counterDTO]()},
	"idColumnDTO":      {guidance.T{Ja: "本人確認書類の欄（id_columns:）", En: "an ID column"}, reflect.TypeFor[idColumnDTO]()},
	"idExampleDTO":     {guidance.T{Ja: "本人確認書類の例（examples:）", En: "an ID example"}, reflect.TypeFor[idExampleDTO]()},
	"linkDTO":          {guidance.T{Ja: "リンク（links:）", En: "a link"}, reflect.TypeFor[linkDTO]()},
	"calendarDTO":      {guidance.T{Ja: "calendar:（開庁日）", En: "the calendar"}, reflect.TypeFor[calendarDTO]()},
	"holidayDTO":       {guidance.T{Ja: "祝日（holidays:）", En: "a holiday"}, reflect.TypeFor[holidayDTO]()},
	"temporaryDTO":     {guidance.T{Ja: "臨時窓口の日（temporary_counter:）", En: "a temporary-counter date"}, reflect.TypeFor[temporaryDTO]()},
	"storeMachinesDTO": {guidance.T{Ja: "store_machines:（コンビニの機械の時間）", En: "store_machines"}, reflect.TypeFor[storeMachinesDTO]()},
	"yearEndDTO":       {guidance.T{Ja: "year_end:（年末年始）", En: "year_end"}, reflect.TypeFor[yearEndDTO]()},
}

// yamlKeys lists the keys a YAML mapping of type t may have, in their order
// (inline ones last).
func yamlKeys(t reflect.Type) []string {
	var keys, inline []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case opts == "inline": // valid_from, valid_to: last
			inline = append(inline, yamlKeys(f.Type)...)
		case name != "" && name != "$schema":
			keys = append(keys, name)
		}
	}
	return append(keys, inline...)
}

var (
	yamlUnknownKey = regexp.MustCompile(`^field (\S+) not found in type ruleset\.(\w+)$`)
	// holidayDTO's own message (dto.go)
	yamlHolidayKey = regexp.MustCompile(`^unknown key (\S+) in a holiday\b`)
	yamlTwice      = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	yamlCannot     = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (\\S+)$")
)

// yamlWant names the Go types the decoder wanted, with a hint: what the clerk
// writes there.
var yamlWant = map[string]struct{ name, hint guidance.T }{
	"int": {guidance.T{Ja: "数", En: "a whole number"},
		guidance.T{Ja: "数字だけを書いてください。例: locks_after: 3", En: "; write digits only, e.g. locks_after: 3"}},
	"bool": {guidance.T{Ja: "true か false", En: "true or false"},
		guidance.T{Ja: "true か false を書いてください。例: confirm: true", En: "; write true or false, e.g. confirm: true"}},
	"string": {guidance.T{Ja: "1つの値（文字）", En: "a single value"},
		guidance.T{Ja: "値に「: 」「[」「{」などが入るときは、引用符で囲んでください。例: official: \"A: B\"", En: "; quote a value that contains \": \", \"[\" or \"{\", e.g. official: \"A: B\""}},
	"[]string": {guidance.T{Ja: "リスト", En: "a list"},
		guidance.T{Ja: "例: pins: [sign, auth]", En: ", e.g. pins: [sign, auth]"}},
	"map[string]string": {guidance.T{Ja: "「質問: 値」の組", En: "question: value pairs"},
		guidance.T{Ja: "例: eq: {applicant: self}", En: ", e.g. eq: {applicant: self}"}},
	"map[string][]string": {guidance.T{Ja: "「質問: [値, …]」の組", En: "question: [values] pairs"},
		guidance.T{Ja: "例: in: {pin: [auth, juki]}", En: ", e.g. in: {pin: [auth, juki]}"}},
}

// yamlFound names what the decoder found instead.
var yamlFound = map[string]guidance.T{
	"seq":  {Ja: "リスト", En: "a list"},
	"map":  {Ja: "「キー: 値」の組", En: "a key: value mapping"},
	"null": {Ja: "空の値", En: "an empty value"},
}

// yamlSyntax explains the parser's messages (the YAML is not well formed).
var yamlSyntax = map[string]guidance.T{
	"did not find expected key": {
		Ja: "字下げ（行の始めの空白の数）がそろっているか確かめてください",
		En: "check the indentation (the spaces at the start of the lines)"},
	"did not find expected '-' indicator": {
		Ja: "リストの項目（「- 」で始まる行）の字下げがそろっているか確かめてください",
		En: "check the indentation of the list items (lines starting with \"- \")"},
	"mapping values are not allowed in this context": {
		Ja: "値の中に「: 」があります。値を引用符で囲んでください。例: official: \"A: B\"",
		En: "a value contains \": \"; quote it, e.g. official: \"A: B\""},
	"found character that cannot start any token": {
		Ja: "字下げにタブを使っているか、値が「@」「`」「%」などの記号で始まっています。字下げは空白にし、記号で始まる値は引用符で囲んでください",
		En: "indent with spaces, not tabs, and quote a value that starts with @, ` or %"},
	"found unexpected end of stream": {
		Ja: "引用符（\"）か括弧（[ {）が閉じていません",
		En: "a quote (\") or a bracket ([ {) is not closed"},
	"could not find expected ':'": {
		Ja: "キーの後の「:」が足りません。例: id: koseki",
		En: "a \":\" is missing after a key, e.g. id: koseki"},
}

// yamlProblem turns one of the decoder's messages into a Problem in Japanese and
// English.
func yamlProblem(o guidance.Origin, msg string) guidance.Problem {
	if m := yamlUnknownKey.FindStringSubmatch(msg); m != nil {
		if d, ok := dtoNames[m[2]]; ok {
			return unknownKey(o, m[1], d)
		}
	}
	if m := yamlHolidayKey.FindStringSubmatch(msg); m != nil {
		return unknownKey(o, m[1], dtoNames["holidayDTO"])
	}
	if m := yamlTwice.FindStringSubmatch(msg); m != nil {
		return guidance.Problemf2(o,
			"キー「%s」が2回書かれています（%s行目にもあります）。1つにしてください",
			"key %q is given twice (also at line %s); keep one", m[1], m[2])
	}
	if m := yamlCannot.FindStringSubmatch(msg); m != nil {
		found, ok := yamlFound[m[1]]
		if !ok {
			// the decoder cuts a long value after 10 bytes, maybe inside a character
			v := strings.ToValidUTF8(m[2], "")
			found = guidance.T{Ja: "「" + v + "」", En: "`" + v + "`"}
		}
		want, ok := yamlWant[m[3]]
		switch {
		case ok:
		case strings.HasPrefix(m[3], "[]"):
			want.name = guidance.T{Ja: "リスト", En: "a list"}
			want.hint = guidance.T{Ja: "項目ごとに「- 」で始まる行を書いてください", En: "; write one line starting with \"- \" per item"}
		case dtoNames[strings.TrimPrefix(m[3], "ruleset.")].t != nil:
			d := dtoNames[strings.TrimPrefix(m[3], "ruleset.")]
			keys := strings.Join(yamlKeys(d.t), ", ")
			want.name = d.name
			want.hint = guidance.T{Ja: "「キー: 値」の形で書いてください（使えるキー: " + keys + "）", En: "; write key: value lines (keys: " + keys + ")"}
		default:
			want.name = guidance.T{Ja: m[3], En: m[3]}
		}
		return guidance.Problemf2(o,
			"%sは%sとして読めません。%s",
			"%s cannot be read as %s%s", found, want.name, want.hint)
	}
	hint, ok := yamlSyntax[msg]
	if !ok && strings.HasPrefix(msg, "found a tab character") {
		hint, ok = yamlSyntax["found character that cannot start any token"], true
	}
	if !ok {
		hint = guidance.T{
			Ja: "字下げ、「- 」、「: 」、引用符と括弧の閉じ忘れを確かめてください",
			En: "check the indentation, \"- \", \": \" and that quotes and brackets are closed"}
	}
	// the parser's own words only in English: a clerk needs the hint
	return guidance.Problemf2(o,
		"YAML の書き方に誤りがあります。%[2]s",
		"YAML syntax: %[1]s; %[2]s", msg, hint)
}

// unknownKey says which keys are allowed where the clerk wrote key, and which of
// them key may be a typo of.
func unknownKey(o guidance.Origin, key string, d dtoName) guidance.Problem {
	keys := yamlKeys(d.t)
	return guidance.Problemf2(o,
		"%[2]sに「%[1]s」というキーは使えません（使えるキー: %[3]s）。%[4]s",
		"unknown key %[1]s in %[2]s%[4]s; use one of: %[3]s", key, d.name, strings.Join(keys, ", "), suggest(key, keys))
}
