package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/server"
)

// TestRulesGuideExamples follows docs/rules-guide.md as a clerk would: each
// "## 例" section starts from fresh copies of rules/ and locales/, and its
// <!-- … --> lines say what to edit, what to run and what must appear.
func TestRulesGuideExamples(t *testing.T) {
	guide, err := os.ReadFile("../../docs/rules-guide.md")
	require.NoError(t, err)
	sections := strings.Split(string(guide), "\n## 例")[1:]
	require.Len(t, sections, 5, "the guide's five worked examples")
	for _, sec := range sections {
		title := strings.SplitN(sec, "\n", 2)[0]
		t.Run(title, func(t *testing.T) { followExample(t, sec) })
	}
}

var (
	directive = regexp.MustCompile(`^<!-- (append|append-each|replace|run|get|expect|expect-not): (.*) -->$`)
	fence     = regexp.MustCompile("(?s)^```[a-z]*\\n(.*?)```")
)

func followExample(t *testing.T, sec string) {
	root := t.TempDir()
	for _, d := range []string{"rules", "locales"} {
		require.NoError(t, os.CopyFS(filepath.Join(root, d), os.DirFS("../../"+d)))
	}
	abs, err := filepath.Abs("../../rules")
	require.NoError(t, err)
	lines := strings.Split(sec, "\n")
	var output string
	steps := 0
	// block returns the fenced block that follows line i.
	block := func(i int) string {
		rest := strings.Join(lines[i+1:], "\n")
		rest = strings.TrimLeft(rest, "\n")
		m := fence.FindStringSubmatch(rest)
		require.NotNil(t, m, "a ``` block after line %q", lines[i])
		return m[1]
	}
	appendTo := func(path, text string) {
		f, err := os.OpenFile(filepath.Join(root, path), os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err, path)
		defer f.Close()
		_, err = f.WriteString(text)
		require.NoError(t, err)
	}
	for i, line := range lines {
		m := directive.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		steps++
		switch arg := m[2]; m[1] {
		case "append":
			for _, p := range strings.Fields(arg) {
				appendTo(p, block(i))
			}
		case "append-each":
			files, err := filepath.Glob(filepath.Join(root, arg))
			require.NoError(t, err)
			require.NotEmpty(t, files)
			for _, f := range files {
				rel, _ := filepath.Rel(root, f)
				appendTo(rel, block(i))
			}
		case "replace":
			path, old, _ := strings.Cut(arg, " | ")
			full := filepath.Join(root, path)
			data, err := os.ReadFile(full)
			require.NoError(t, err)
			require.Contains(t, string(data), old)
			data = []byte(strings.Replace(string(data), old, strings.TrimRight(block(i), "\n"), 1))
			require.NoError(t, os.WriteFile(full, data, 0o644))
		case "run":
			var args []string
			for _, a := range strings.Fields(arg) {
				switch a {
				case "rules", "locales":
					if len(args) > 1 { // a directory argument, not the "rules" command word
						a = filepath.Join(root, a)
					}
				case "ORIGINAL":
					a = abs
				}
				args = append(args, a)
			}
			var out bytes.Buffer
			code := run(args, &out, &out)
			output = out.String()
			require.Equal(t, 0, code, "pinguide %s:\n%s", arg, output)
		case "get":
			output = getWithRules(t, root, arg)
		case "expect":
			assert.Contains(t, output, arg)
		case "expect-not":
			assert.NotContains(t, output, arg)
		}
	}
	require.Greater(t, steps, 3)
}

// getWithRules serves the edited rules and texts, as on 1 December 2026 with
// previews allowed, and fetches one page.
func getWithRules(t *testing.T, root, path string) string {
	t.Helper()
	l, problems := load(filepath.Join(root, "rules"), filepath.Join(root, "locales"))
	require.Empty(t, problems)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Tokyo)
	opts := server.DefaultOptions
	opts.AllowPreview = true
	opts.Now = func() time.Time { return now }
	ts := httptest.NewServer(l.handler(slog.New(slog.NewJSONHandler(io.Discard, nil)), opts))
	defer ts.Close()
	res, err := http.Get(ts.URL + path)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, path)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(body)
}
