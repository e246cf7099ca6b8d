package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

// TestRulesDiffListsExactlyThePathsThatChanged adds a sign-only chain to a copy
// of the store list: exactly the paths offering the store route for (1) change.
func TestRulesDiffListsExactlyThePathsThatChanged(t *testing.T) {
	dir := copyRules(t)
	stores := filepath.Join(dir, "stores.yaml")
	require.NoError(t, os.WriteFile(stores, bytes.Replace(mustRead(t, stores), []byte("  - id: lawson\n"), []byte(`  - id: ministop
    official: ミニストップ
    pins: [sign]
    as_of: "2026-11-01"
    source: J-LIS「JPKI暗証番号リセットサービス 利用規約」 (test)
  - id: lawson
`), 1), 0o644))

	// the paths that should change: a store route setting (1)
	all, problems := ruleset.Load(rules.FS)
	require.Empty(t, problems)
	e, problems := engine.New(all)
	require.Empty(t, problems)
	want := map[string]bool{}
	e.Paths(func(p engine.Path) {
		for _, r := range p.Outcome.Routes {
			if r.Kind == "store" && len(r.Pins) == 1 && r.Pins[0] == "sign" {
				want[strings.SplitN(p.String(), " => ", 2)[0]] = true
			}
		}
	})
	require.NotEmpty(t, want)

	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"rules", "diff", "../../rules", dir, "--as-of", goldenDate}, &out, &errb), errb.String())
	got := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "situation=") && strings.Contains(line, "store added") {
			got[strings.TrimSpace(strings.Split(line, "店舗が増えた")[0])] = true
		}
	}
	assert.Equal(t, want, got)
	assert.Contains(t, out.String(), "answer paths changed: "+itoa(len(want)))
	assert.Contains(t, out.String(), "store: ministop")

	// the same rules: nothing changed
	out.Reset()
	require.Equal(t, 0, run([]string{"rules", "diff", "../../rules", "../../rules"}, &out, &errb))
	assert.Contains(t, out.String(), "answer paths changed: 0")
}

func TestRulesDiffOfGitRevisions(t *testing.T) {
	if _, err := os.Stat("../../.git"); err != nil {
		t.Skip("not a git checkout")
	}
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"rules", "diff", "HEAD", "../../rules", "--as-of", goldenDate}, &out, &errb), errb.String())
	assert.Contains(t, out.String(), "answer paths changed:")
}
