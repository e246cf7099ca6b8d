package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeFile is axe-core, vendored from npm (see testdata/axe-core/README.md).
const axeFile = "testdata/axe-core/axe.min.js"

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axeFile)
	return string(b), err
})

// axeRun runs axe-core on the whole document for WCAG 2.0, 2.1 and 2.2 A and AA
// and returns the serious and critical violations, each with the first few
// elements it found them on.
const axeRun = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
	});
	return r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
			targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
			html: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160)),
			summary: v.nodes.length ? (v.nodes[0].failureSummary || "") : "",
		}));
})()`

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Count   int      `json:"count"`
	Targets []string `json:"targets"`
	HTML    []string `json:"html"`
	Summary string   `json:"summary"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s — %d element(s), e.g. %s", v.ID, v.Impact, v.Help, v.Count, strings.Join(v.Targets, " | "))
	for _, h := range v.HTML {
		fmt.Fprintf(&b, "\n\t\t%s", h)
	}
	if v.Summary != "" {
		fmt.Fprintf(&b, "\n\t\t%s", strings.ReplaceAll(v.Summary, "\n", "\n\t\t"))
	}
	fmt.Fprintf(&b, "\n\t\t%s", v.HelpURL)
	return b.String()
}

// axeCheck injects axe-core into the page through DevTools (which the page's
// CSP, script-src 'self', does not govern) and runs it.
func axeCheck(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := axeSource()
	require.NoError(t, err, "reading axe-core")
	step(t, ctx, "injecting axe-core", chromedp.Evaluate[chromedp.Void](src))
	require.Equal(t, "function", eval[string](t, ctx, `typeof (window.axe && window.axe.run)`),
		"axe-core is in the page")
	return step(t, ctx, "running axe-core", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
}

// TestAccessibility runs axe-core on each kind of page, on a small phone and a
// desktop: no serious or critical WCAG 2.2 A/AA violation.
func TestAccessibility(t *testing.T) {
	pages := []struct {
		name, path string
		status     int
	}{
		{"start", "/?lang=ja", http.StatusOK},
		{"question", "/?situation=forgot&lang=en", http.StatusOK},
		{"missing choice", "/?situation=forgot&lang=en&answered=pin", http.StatusUnprocessableEntity},
		{"result: legal representative", "/?" + walks[2].answers.query() + "&lang=en", http.StatusOK},
		{"result: proxy, two visits", "/?" + walks[3].answers.query() + "&lang=en", http.StatusOK},
		{"result: ineligible proxy", "/?" + walks[4].answers.query() + "&lang=en", http.StatusOK},
		{"staff: empty", "/staff", http.StatusOK},
		{"staff: complete", "/staff?" + walks[3].answers.query(), http.StatusOK},
		{"embed: start", "/embed/?lang=ja", http.StatusOK},
		{"embed: complete", "/embed/?" + walks[0].answers.query(), http.StatusOK},
		{"result in やさしい日本語 (ruby)", "/?" + walks[2].answers.query() + "&lang=ja-x-easy", http.StatusOK},
		{"result in Tiếng Việt, store and counter", "/?" + walks[0].answers.query() + "&lang=vi", http.StatusOK},
		{"help: which PIN", "/help/which-pin?lang=zh-Hans", http.StatusOK},
		{"privacy", "/privacy?lang=pt-BR", http.StatusOK},
		{"accessibility statement", "/accessibility?lang=tl", http.StatusOK},
		{"rules view", "/rules?lang=ja", http.StatusOK},
	}
	screens := []screen{
		{width: 320, height: 640, mobile: true},
		{width: 1280, height: 800},
	}
	for _, s := range screens {
		for _, p := range pages {
			t.Run(fmt.Sprintf("%dpx/%s", s.width, p.name), func(t *testing.T) {
				t.Parallel()
				ctx := tab(t, s)
				require.Equal(t, int64(p.status), open(t, ctx, p.path), "opening %s", p.path)
				var lines []string
				for _, v := range axeCheck(t, ctx) {
					lines = append(lines, v.String())
				}
				assert.Empty(t, lines, "axe-core: serious or critical violations on %s at %dpx:\n\t%s",
					p.path, s.width, strings.Join(lines, "\n\t"))
				// WCAG 1.4.10 Reflow, which axe-core does not check: nothing
				// makes the page scroll sideways, down to 320px.
				wide := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("body *"))
					.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
					.filter(e => !e.closest(".visually-hidden, .skip-link"))
					.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""))`)
				assert.LessOrEqual(t, eval[int](t, ctx, `document.documentElement.scrollWidth`), eval[int](t, ctx, `document.documentElement.clientWidth`),
					"the page scrolls sideways at %dpx; too wide: %v", s.width, wide)
			})
		}
	}
}
