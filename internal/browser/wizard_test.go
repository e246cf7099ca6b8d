package browser_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answers is a walk's answer to each question it expects: question id →
// option value (several, comma-separated, for a checkbox question).
type answers map[string]string

// A walk is a resident's way through the wizard and what the result page
// tells them. want lists each route with its visits, cheapest first, as
// "route" (no visits listed) or "route#N: document,document".
type walk struct {
	name    string
	answers answers
	want    []string
	blocked bool // no route at all: the page explains why instead
	// notAsked are the walk's answers that the wizard does not ask for (they
	// stop mattering once the outcome is known).
	notAsked []string
}

var walks = []walk{
	{
		name: "self at the store",
		answers: answers{"situation": "locked", "pin": "sign", "applicant": "self", "residence": "takaoka",
			"smartphone": "yes", "knows_other": "yes", "knows_juki": "yes"},
		want: []string{"store", "counter#1: holder_card"},
	},
	{
		name: "self at the counter",
		answers: answers{"situation": "forgot", "pin": "juki", "shared": "no", "applicant": "self",
			"residence": "takaoka", "holder_id": "b"},
		want: []string{"counter#1: holder_card,holder_id"},
	},
	{
		name: "a legal representative",
		answers: answers{"situation": "forgot", "pin": "juki", "shared": "no", "applicant": "legal_rep",
			"holder_age": "under15", "honseki": "elsewhere", "household": "separate", "rep_ids": "a2",
			"residence": "takaoka", "holder_id": "a"},
		want: []string{"counter#1: holder_card,holder_id,rep_id_a2,koseki"},
	},
	{
		name: "a proxy's two visits",
		answers: answers{"situation": "locked", "pin": "auth", "shared": "no", "applicant": "proxy",
			"holder_age": "15plus", "rep_ids": "a1", "residence": "takaoka", "knows_juki": "yes"},
		want: []string{"counter#1: holder_card,rep_id_a1", "counter#2: holder_card,rep_id_a1,inquiry_reply"},
	},
	{
		name: "an ineligible proxy",
		answers: answers{"situation": "locked", "pin": "auth", "shared": "no", "applicant": "proxy",
			"holder_age": "15plus", "rep_ids": "none", "residence": "takaoka", "knows_juki": "yes"},
		blocked:  true,
		notAsked: []string{"knows_juki"},
	},
	{
		name: "a change of a known PIN",
		answers: answers{"situation": "change", "pin": "sign", "applicant": "self", "residence": "takaoka",
			"smartphone": "yes"},
		want: []string{"app", "counter#1: holder_card"},
	},
}

// asked are the questions the wizard should ask on this walk.
func (w walk) asked() []string {
	var qs []string
	for q := range w.answers {
		if !slices.Contains(w.notAsked, q) {
			qs = append(qs, q)
		}
	}
	return qs
}

// query is the walk's answers as a page address's query, in a fixed order.
func (a answers) query() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		for v := range strings.SplitSeq(a[k], ",") {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, "&")
}

var startButton = map[string]string{"ja": "はじめる", "en": "Start now"}

// TestWalks walks from the start page to the result by clicking, as a resident
// would: with scripts on a desktop in Japanese, and with scripts off on a 360px
// phone in English.
func TestWalks(t *testing.T) {
	modes := []struct {
		lang   string
		screen screen
	}{
		{"ja", desktop},
		{"en", phoneNoScript},
	}
	for _, m := range modes {
		for _, w := range walks {
			t.Run(m.screen.String()+"/"+m.lang+"/"+w.name, func(t *testing.T) {
				t.Parallel()
				ctx := tab(t, m.screen)
				start(t, ctx, m.lang)
				asked := answerUntilResult(t, ctx, w.answers)
				assert.ElementsMatch(t, w.asked(), asked,
					"the wizard asks each of the walk's questions once, and no other")
				checkResult(t, ctx, w)
			})
		}
	}
}

// start opens the start page and clicks its start button.
func start(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	require.Equal(t, int64(http.StatusOK), open(t, ctx, "/?lang="+lang))
	assert.Equal(t, startButton[lang], eval[string](t, ctx, `document.querySelector("a.button-start").textContent.trim()`),
		"the start button")
	require.Equal(t, int64(http.StatusOK), follow(t, ctx, "a.button-start"))
}

// currentQuestion is the id of the question the page asks ("" when none): the
// name of the choices in the form's fieldset.
func currentQuestion(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `(document.querySelector("main form fieldset input[name]") || {name: ""}).name`)
}

// choose clicks the label of option value of question q, as a resident taps
// it, and checks that the choice is then checked.
func choose(t *testing.T, ctx context.Context, q, value string) {
	t.Helper()
	id := q + "-" + value
	click(t, ctx, fmt.Sprintf(`label[for=%q]`, id))
	require.True(t, eval[bool](t, ctx, fmt.Sprintf(`document.getElementById(%q).checked`, id)),
		"clicking the label of %s checks it", id)
}

// checked lists the values checked in question q.
func checked(t *testing.T, ctx context.Context, q string) []string {
	t.Helper()
	return eval[[]string](t, ctx, fmt.Sprintf(
		`Array.from(document.querySelectorAll("input[name='%s']:checked")).map(i => i.value)`, q))
}

// answerUntilResult answers each question the page asks from the walk's map,
// in whatever order the engine asks them, and returns the questions asked.
func answerUntilResult(t *testing.T, ctx context.Context, a answers) []string {
	t.Helper()
	var asked []string
	for range 30 {
		q := currentQuestion(t, ctx)
		if q == "" {
			return asked
		}
		require.NotContains(t, asked, q, "asked %q again (asked so far: %v)", q, asked)
		val, ok := a[q]
		require.True(t, ok, "the wizard asks %q, which this walk does not expect (asked so far: %v)", q, asked)
		asked = append(asked, q)
		for v := range strings.SplitSeq(val, ",") {
			choose(t, ctx, q, v)
		}
		require.Equal(t, int64(http.StatusOK), follow(t, ctx, "main form button[type=submit]"),
			"continuing after %s=%s", q, val)
	}
	t.Fatalf("no result after 30 questions (asked: %v)", asked)
	return nil
}

// outcome reads the result page's marks: each route, and each of its visits
// with the documents to bring.
func outcome(t *testing.T, ctx context.Context) []string {
	t.Helper()
	got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-route]")).flatMap(r => {
		const visits = Array.from(r.querySelectorAll("[data-visit]"));
		if (visits.length === 0) return [r.dataset.route];
		return visits.map(v => r.dataset.route + "#" + v.dataset.visit + ": " +
			Array.from(v.querySelectorAll("[data-document]")).map(d => d.dataset.document).join(","));
	})`)
	if len(got) == 0 {
		return nil
	}
	return got
}

// checkResult checks the result page against the walk: the routes, visits and
// documents exactly, that the documents can be seen, and for a blocked walk
// that the page says why.
func checkResult(t *testing.T, ctx context.Context, w walk) {
	t.Helper()
	assert.Equal(t, w.want, outcome(t, ctx), "routes, visits and documents")
	assert.NotEmpty(t, eval[string](t, ctx, `(document.querySelector("main h1") || {textContent: ""}).textContent.trim()`),
		"the result has a heading")
	unseen := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-document]"))
		.filter(d => d.getClientRects().length === 0 || d.textContent.trim() === "")
		.map(d => d.dataset.document)`)
	assert.Empty(t, unseen, "documents on the page that a reader cannot see")
	explained := eval[string](t, ctx, `Array.from(document.querySelectorAll(".blocked p"))
		.filter(p => p.getClientRects().length > 0).map(p => p.textContent.trim()).join(" ")`)
	if w.blocked {
		assert.NotEmpty(t, explained, "a blocked result explains why, in a .blocked section")
	} else {
		assert.Empty(t, explained, "nothing is blocked")
	}
}

// TestChangeAndBackLinksKeepTheAnswers changes one answer from the result page
// and steps back through the questions: the other answers stay.
func TestChangeAndBackLinksKeepTheAnswers(t *testing.T) {
	t.Run("change link", func(t *testing.T) {
		ctx := tab(t, desktop)
		w := walks[0]
		start(t, ctx, "en")
		answerUntilResult(t, ctx, w.answers)
		require.Equal(t, w.want, outcome(t, ctx))

		// The summary's change link for "applicant" names its question.
		link := `main .answers a[href*="ask=applicant"]`
		assert.True(t, eval[bool](t, ctx, `(() => {
			const a = document.querySelector(`+jsString(link)+`);
			return !!a && a.textContent.includes(a.closest(".summary-row").querySelector("dt").textContent.trim());
		})()`), "the change link of applicant names the question")
		require.Equal(t, int64(http.StatusOK), follow(t, ctx, link))
		require.Equal(t, "applicant", currentQuestion(t, ctx), "the change link asks the applicant question")
		assert.Equal(t, []string{"self"}, checked(t, ctx, "applicant"), "with the answer given before")

		choose(t, ctx, "applicant", "proxy")
		require.Equal(t, int64(http.StatusOK), follow(t, ctx, "main form button[type=submit]"))
		assert.Equal(t, "holder_age", currentQuestion(t, ctx), "a proxy is asked the holder's age next")
		asked := answerUntilResult(t, ctx, answers{"holder_age": "15plus", "rep_ids": "a1"})
		assert.Equal(t, []string{"holder_age", "rep_ids"}, asked, "only what became relevant is asked")
		assert.Equal(t, []string{"counter#1: holder_card,rep_id_a1", "counter#2: holder_card,rep_id_a1,inquiry_reply"},
			outcome(t, ctx), "the proxy's result")
		// The earlier answers are still the ones the summary shows.
		summary := eval[string](t, ctx, `Array.from(document.querySelectorAll("main .answers a")).map(a => a.getAttribute("href")).join(" ")`)
		for _, kv := range []string{"situation=locked", "pin=sign", "applicant=proxy", "residence=takaoka"} {
			assert.Contains(t, summary, kv, "the answers kept through the change")
		}
	})

	t.Run("back link", func(t *testing.T) {
		ctx := tab(t, phone)
		start(t, ctx, "ja")
		var asked []string
		for range 3 {
			q := currentQuestion(t, ctx)
			require.NotEmpty(t, q)
			asked = append(asked, q)
			choose(t, ctx, q, strings.Split(walks[0].answers[q], ",")[0])
			require.Equal(t, int64(http.StatusOK), follow(t, ctx, "main form button[type=submit]"))
		}
		// On the fourth question: back, back, back — each earlier question,
		// with its answer still chosen.
		for i := len(asked) - 1; i >= 0; i-- {
			require.Equal(t, int64(http.StatusOK), follow(t, ctx, "main a.back-link"))
			q := asked[i]
			require.Equal(t, q, currentQuestion(t, ctx), "the back link goes to the previous question")
			assert.Equal(t, strings.Split(walks[0].answers[q], ","), checked(t, ctx, q), "with its answer still checked")
		}
	})
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string { return fmt.Sprintf("%q", s) }

// TestMissingChoice submits a question with nothing chosen: the same question
// comes back with an error that is announced, focused, and shown by the field.
func TestMissingChoice(t *testing.T) {
	tests := []struct {
		lang, prefix string
		screen       screen
	}{
		{"ja", "エラー：", desktop},
		{"en", "Error: ", phoneNoScript},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.screen.String(), func(t *testing.T) {
			ctx := tab(t, tt.screen)
			start(t, ctx, tt.lang)
			q := currentQuestion(t, ctx)
			require.NotEmpty(t, q)
			require.Equal(t, int64(http.StatusUnprocessableEntity), follow(t, ctx, "main form button[type=submit]"))

			title := step(t, ctx, "reading the title", chromedp.Title())
			assert.True(t, strings.HasPrefix(title, tt.prefix), "the title starts with %q: %q", tt.prefix, title)
			assert.Equal(t, q, currentQuestion(t, ctx), "the same question again")
			assert.True(t, eval[bool](t, ctx, `!!document.querySelector("main .error-summary")`), "an error summary")
			assert.True(t, waitFor(t, ctx, `document.activeElement && document.activeElement.classList.contains("error-summary")`),
				"the error summary has focus (active element: %s)",
				eval[string](t, ctx, `document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : "none"`))
			assert.Equal(t, "#"+q+"-"+firstOption(t, ctx, q),
				eval[string](t, ctx, `document.querySelector("main .error-summary a").getAttribute("href")`),
				"the summary links to the first choice")

			// The message is by the field, inside its fieldset, and described by it.
			msg := eval[string](t, ctx, fmt.Sprintf(`(() => {
				const m = document.getElementById(%q);
				const f = m && m.closest("fieldset");
				if (!m || !f || !f.querySelector("input[name=%s]") || m.getClientRects().length === 0) return "";
				if (!(f.getAttribute("aria-describedby") || "").split(" ").includes(m.id)) return "";
				return m.textContent.trim();
			})()`, q+"-error", q))
			assert.NotEmpty(t, msg, "a visible message in the question's fieldset, named by its aria-describedby")
			summaryText := eval[string](t, ctx, `document.querySelector("main .error-summary a").textContent.trim()`)
			assert.Contains(t, msg, summaryText, "the message by the field says what the summary says")
		})
	}
}

// firstOption is the value of question q's first choice.
func firstOption(t *testing.T, ctx context.Context, q string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`document.querySelector("input[name=%s]").value`, q))
}
