package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStaffCounter is the counter's one-screen form: with scripts on, a click
// on a choice re-renders the page with the next question (no button); with
// scripts off, the Update button does it. Both reach the proxy's result.
func TestStaffCounter(t *testing.T) {
	w := walks[3] // a proxy's two visits
	for _, s := range []screen{desktop, desktopNoScript} {
		t.Run(s.String(), func(t *testing.T) {
			ctx := tab(t, s)
			require.Equal(t, int64(http.StatusOK), open(t, ctx, "/staff?lang=en"))
			require.Equal(t, []string{"situation"}, staffQuestions(t, ctx), "an empty counter screen asks the first question")
			var asked []string
			for range 30 {
				qs := staffQuestions(t, ctx)
				q := unanswered(t, ctx, qs)
				if q == "" {
					break
				}
				val, ok := w.answers[q]
				require.True(t, ok, "the counter screen asks %q, which the walk does not expect", q)
				require.NotContains(t, asked, q, "asked %q again", q)
				asked = append(asked, q)
				label := fmt.Sprintf(`label[for="%s-%s"]`, q, val)
				before := location(t, ctx)
				if !s.noScript {
					require.Equal(t, int64(http.StatusOK), follow(t, ctx, label),
						"clicking %s=%s re-renders the page by itself", q, val)
				} else {
					click(t, ctx, label)
					time.Sleep(300 * time.Millisecond) // a script would have submitted by now
					assert.Equal(t, before, location(t, ctx), "without scripts a click alone does not reload")
					assert.Equal(t, qs, staffQuestions(t, ctx), "without scripts nothing changes until Update")
					require.Equal(t, int64(http.StatusOK), follow(t, ctx, "main form button[type=submit]"),
						"the Update button")
				}
				assert.Contains(t, location(t, ctx), q+"="+val, "the address has the answer")
				assert.Equal(t, []string{val}, checked(t, ctx, q), "the answer stays chosen")
				if after := staffQuestions(t, ctx); len(after) > len(qs) {
					assert.Equal(t, qs, after[:len(qs)], "the questions before stay, in order")
				}
			}
			assert.ElementsMatch(t, w.asked(), asked, "the counter screen asks each of the walk's questions")
			assert.Equal(t, w.want, outcome(t, ctx), "the result beside the questions")
			assert.True(t, eval[bool](t, ctx, `!!document.querySelector(".staff-result [data-route]")`),
				"the result is in the result column")
		})
	}
}

// staffQuestions lists the ids of the questions on the counter screen, in order.
func staffQuestions(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("main form fieldset"))
		.map(f => (f.querySelector("input[name]") || {name: ""}).name)`)
}

// unanswered is the first of the questions with nothing chosen, "" if none.
func unanswered(t *testing.T, ctx context.Context, qs []string) string {
	t.Helper()
	for _, q := range qs {
		if len(checked(t, ctx, q)) == 0 {
			return q
		}
	}
	return ""
}

// TestStaffFocusStaysOnTheChoice: with scripts on, after a click re-renders the
// counter screen, the page is back at the question just answered with the
// focus on the choice, so a clerk using the keyboard carries on from there (as
// web/static/app.js intends).
func TestStaffFocusStaysOnTheChoice(t *testing.T) {
	ctx := tab(t, desktop)
	require.Equal(t, int64(http.StatusOK), open(t, ctx, "/staff?lang=en&situation=locked"))
	require.Equal(t, int64(http.StatusOK), follow(t, ctx, `label[for="pin-sign"]`), "a click re-renders the page")
	require.Contains(t, location(t, ctx), "pin=sign")
	assert.True(t, waitFor(t, ctx, `document.activeElement && document.activeElement.id === "pin-sign"`),
		"the focus is on the choice just clicked, pin-sign (address %s, active element: %s)", location(t, ctx),
		eval[string](t, ctx, `document.activeElement ? document.activeElement.outerHTML.slice(0, 60) : "none"`))
}
