package ruleset_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/takaoka-city/pinguide/rules"
)

// The schema is what the clerks' editor checks against, so it must accept every
// shipped rules file and reject the mistakes the loader rejects.

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(rules.FS, "schema.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat() // so "date" rejects days that do not exist, as the loader does
	require.NoError(t, c.AddResource("schema.json", doc))
	sch, err := c.Compile("schema.json")
	require.NoError(t, err)
	return sch
}

// yamlToJSON decodes YAML into the values the validator understands.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	return jsonValue(v)
}

// jsonValue turns YAML maps (whose keys may be non-strings) into JSON objects.
func jsonValue(v any) any {
	switch v := v.(type) {
	case time.Time:
		// An unquoted date decodes as a timestamp; the loader and the editor
		// (YAML 1.2) read it as the string the clerk wrote.
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339Nano)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

func TestSchemaAcceptsEmbeddedRules(t *testing.T) {
	sch := compileSchema(t)
	names, err := fs.Glob(rules.FS, "*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(rules.FS, name)
			require.NoError(t, err)
			assert.NoError(t, sch.Validate(yamlToJSON(t, data)))
		})
	}
}

func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	tests := []struct {
		name string
		yaml string
		want string // part of the error: where, and what
	}{
		{
			name: "unknown key in a question",
			yaml: `
questions:
  - id: ward
    wen: {eq: {applicant: legal_rep}}
    options: [{value: "yes"}, {value: "no"}]
    source: 「成年被後見人」
`,
			want: "at '/questions/0': additional properties 'wen' not allowed",
		},
		{
			name: "condition with two operators",
			yaml: `
notes:
  - id: proxy_letter
    when: {eq: {acting_as: proxy}, not: {eq: {applicant: self}}}
    source: 「文書照会」
`,
			want: "at '/notes/0/when': maxProperties",
		},
		{
			name: "store date not YYYY-MM-DD",
			yaml: `
stores:
  - id: lawson
    pins: [sign]
    as_of: 4 Sept 2024
    source: 「ローソン」
`,
			want: "at '/stores/0/as_of': '4 Sept 2024' is not valid date",
		},
		{
			name: "note without source",
			yaml: `
notes:
  - id: proxy_letter
    when: {eq: {acting_as: proxy}}
`,
			want: "at '/notes/0': missing property 'source'",
		},
		{
			name: "fact value with both from and add",
			yaml: `
facts:
  - id: reset_pins
    values:
      - from: pin
        add: [juki]
        source: 「(3)」
`,
			want: "at '/facts/0/values/0': 'oneOf' failed",
		},
		{
			name: "ID example without its id",
			yaml: `
id_columns:
  - id: b
    examples:
      - 預金通帳
    source: 「預金通帳」
`,
			want: "at '/id_columns/0/examples/0': got string, want object",
		},
		{
			name: "exception by its Japanese name",
			yaml: `
documents:
  - id: holder_id
    official: 本人確認書類
    id_columns: [a, b]
    except_examples: [代理人自身のマイナンバーカード]
    source: 「本人確認書類」
`,
			want: "at '/documents/0/except_examples/0': '代理人自身のマイナンバーカード' does not match pattern",
		},
		{
			name: "time not HH:MM",
			yaml: `
counters:
  - id: honcho
    opens: 8:30
    closes: "17:15"
    source: 「午前8時30分から」
`,
			want: "at '/counters/0/opens': '8:30' does not match pattern",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sch.Validate(yamlToJSON(t, []byte(tt.yaml)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
