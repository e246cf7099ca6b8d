package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/paths.golden from the current rules")

const golden = "../../testdata/paths.golden"

// goldenDate is the date whose rules the golden file holds: never today, so the
// test does not change with the clock.
const goldenDate = "2026-12-01"

// TestRulesPathsGolden keeps every answer path's outcome in a reviewed file, so a
// rule change shows in a diff exactly which cases it moved. After a deliberate
// change: go test ./cmd/pinguide -run Golden -update, then read the diff.
func TestRulesPathsGolden(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"rules", "paths", "--as-of", goldenDate}, &out, &errb), errb.String())
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if !bytes.Equal(want, out.Bytes()) {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(out.String(), "\n")
		for i := 0; i < len(wl) && i < len(gl); i++ {
			if wl[i] != gl[i] {
				t.Fatalf("rules paths differ from %s at line %d:\nwant %s\ngot  %s\n(run with -update after checking the change)", golden, i+1, wl[i], gl[i])
			}
		}
		t.Fatalf("rules paths differ from %s in length: want %d lines, got %d", golden, len(wl), len(gl))
	}
}

func TestRulesPathsAreDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.Equal(t, 0, run([]string{"rules", "paths"}, &a, os.Stderr))
	require.Equal(t, 0, run([]string{"rules", "paths"}, &b, os.Stderr))
	assert.Equal(t, a.String(), b.String())
}

func TestRulesCheck(t *testing.T) {
	var out bytes.Buffer
	assert.Equal(t, 0, run([]string{"rules", "check"}, &out, os.Stderr))
	assert.Contains(t, out.String(), "ok: 4 PINs")

	out.Reset()
	assert.Equal(t, 0, run([]string{"rules", "check", "../../rules"}, &out, os.Stderr), "the rules on disk are the embedded ones")
}

// brokenRules copies the rules to a temporary directory with one typo.
func brokenRules(t *testing.T) string {
	t.Helper()
	dir := copyRules(t)
	blocked := filepath.Join(dir, "blocked.yaml")
	data := bytes.Replace(mustRead(t, blocked), []byte("residence: elsewhere"), []byte("residense: elsewhere"), 1)
	require.NoError(t, os.WriteFile(blocked, data, 0o644))
	return dir
}

func TestRulesCheckRefusesBrokenRules(t *testing.T) {
	var out bytes.Buffer
	assert.Equal(t, 1, run([]string{"rules", "check", brokenRules(t)}, &out, os.Stderr))
	// file:line, then the message in Japanese and in English
	assert.Regexp(t, `(?m)^blocked\.yaml:\d+: 質問または事実（fact）「residense」が見つかりません。「residence」の書き間違いではありませんか？ / unknown question or fact "residense" \(did you mean "residence"\?\)$`, out.String())
	assert.Contains(t, out.String(), "問題が 1 件あります / 1 problem(s)")
}

func TestServeRefusesBrokenRules(t *testing.T) {
	var errb bytes.Buffer
	code := run([]string{"serve", "--addr", "127.0.0.1:0", "--rules", brokenRules(t)}, os.Stdout, &errb)
	assert.Equal(t, 1, code)
	assert.Regexp(t, `blocked\.yaml:\d+: 質問または事実（fact）「residense」が見つかりません。.* / unknown question or fact "residense"`, errb.String())
}

func TestRulesGraph(t *testing.T) {
	for _, tt := range []struct{ format, want string }{
		{"dot", `"situation" -> "pin" [label="forgot | locked | change"];`},
		{"mermaid", `situation -->|"forgot / locked / change"| pin`},
	} {
		t.Run(tt.format, func(t *testing.T) {
			var out bytes.Buffer
			require.Equal(t, 0, run([]string{"rules", "graph", "--format", tt.format}, &out, os.Stderr))
			assert.Contains(t, out.String(), tt.want)
			assert.Contains(t, out.String(), "holder_id")
		})
	}
}

func TestUsage(t *testing.T) {
	var errb bytes.Buffer
	assert.Equal(t, 2, run(nil, os.Stdout, &errb))
	assert.Equal(t, 2, run([]string{"frobnicate"}, os.Stdout, &errb))
	assert.Contains(t, errb.String(), "pinguide serve")
}
