package ruleset_test

import (
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

// FuzzLoad feeds arbitrary bytes as one rules file: the loader reports problems
// or loads, and never panics.
func FuzzLoad(f *testing.F) {
	base := fstest.MapFS{}
	names, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range names {
		data, _ := fs.ReadFile(rules.FS, n)
		base[n] = &fstest.MapFile{Data: data}
	}
	notes, _ := fs.ReadFile(rules.FS, "notes.yaml")
	f.Add(notes)
	f.Add([]byte("notes:\n  - id: x\n    when: {eq: {a: b}, in: {c: [d]}}\n"))
	f.Add([]byte("questions: [{id: q, options: [{value: a, treat_as: a}]}]"))
	f.Add([]byte("facts:\n  - id: reset_pins\n    values: [{from: reset_pins}]\n"))
	f.Add([]byte("\t- :\n&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m["notes.yaml"] = &fstest.MapFile{Data: data}
		start := time.Now()
		_, _ = ruleset.Load(m)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("Load took %v on %q", took, data)
		}
	})
}
