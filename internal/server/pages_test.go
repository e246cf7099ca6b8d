package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// page fetches a page and parses it.
func page(t *testing.T, ts *httptest.Server, path string) (*http.Response, *html.Node, string) {
	t.Helper()
	res, err := http.Get(ts.URL + path)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	doc, err := html.Parse(strings.NewReader(string(body)))
	require.NoError(t, err)
	return res, doc, string(body)
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// all lists the elements that have attribute name, in document order.
func all(n *html.Node, name string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if _, ok := attr(n, name); ok {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func first(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := first(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// outcome reads the result page's marks: each route that works with its
// visits' documents, as "kind: doc,doc | doc,doc".
func outcome(doc *html.Node) []string {
	var out []string
	for _, r := range all(doc, "data-route") {
		kind, _ := attr(r, "data-route")
		var visits []string
		for _, v := range all(r, "data-visit") {
			var docs []string
			for _, d := range all(v, "data-document") {
				id, _ := attr(d, "data-document")
				docs = append(docs, id)
			}
			visits = append(visits, strings.Join(docs, ","))
		}
		s := kind
		if len(visits) > 0 {
			s += ": " + strings.Join(visits, " | ")
		}
		out = append(out, s)
	}
	return out
}

func TestStartPage(t *testing.T) {
	ts := newServer(t, io.Discard)
	for lang, button := range map[string]string{"ja": "はじめる", "en": "Start now"} {
		t.Run(lang, func(t *testing.T) {
			res, doc, body := page(t, ts, "/?lang="+lang)
			require.Equal(t, http.StatusOK, res.StatusCode)
			h, _ := attr(first(doc, "html"), "lang")
			assert.Equal(t, lang, h)
			assert.Contains(t, body, ">"+button+"</a>")
			assert.Contains(t, body, `href="/?lang=`+lang+`&amp;ask=situation"`)
			assert.Contains(t, body, "0120-95-0178")
			assert.Empty(t, all(doc, "data-route"))
		})
	}
}

func TestQuestionPage(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, doc, body := page(t, ts, "/?situation=forgot&pin=sign&lang=en&colour=red")
	require.Equal(t, http.StatusOK, res.StatusCode)
	legend := first(doc, "legend")
	require.NotNil(t, legend)
	assert.Equal(t, "Who will do the procedure?", text(first(legend, "h1")))
	assert.Contains(t, text(first(doc, "title")), "Who will do the procedure?")
	// the earlier answers ride along in hidden fields; the unknown parameter does not
	assert.Contains(t, body, `<input type="hidden" name="situation" value="forgot">`)
	assert.Contains(t, body, `<input type="hidden" name="pin" value="sign">`)
	assert.Contains(t, body, `<input type="hidden" name="lang" value="en">`)
	assert.Contains(t, body, `<input type="hidden" name="answered" value="applicant">`)
	assert.NotContains(t, body, "colour")
	// a back link to the previous question, keeping the answers
	assert.Contains(t, body, `class="back-link" href="/?situation=forgot&amp;pin=sign&amp;lang=en&amp;ask=pin"`)
	// the answers so far, with change links
	assert.Contains(t, body, `href="/?situation=forgot&amp;pin=sign&amp;lang=en&amp;ask=situation"`)
	assert.Empty(t, all(doc, "data-route"), "no result marks while an answer is needed")
}

func TestMissingChoiceShowsTheErrorOnTheSamePage(t *testing.T) {
	ts := newServer(t, io.Discard)
	for lang, prefix := range map[string]string{"en": "Error: ", "ja": "エラー："} {
		t.Run(lang, func(t *testing.T) {
			res, doc, body := page(t, ts, "/?situation=forgot&lang="+lang+"&answered=pin")
			assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
			assert.True(t, strings.HasPrefix(text(first(doc, "title")), prefix), text(first(doc, "title")))
			assert.Contains(t, body, `class="error-summary"`)
			assert.Contains(t, body, `autofocus`)
			assert.Contains(t, body, `id="pin-error"`)
			assert.Contains(t, body, `href="#pin-sign"`, "the summary links to the field")
		})
	}
}

func TestChangeLinkShowsTheAnswerChosen(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, _, body := page(t, ts, "/?situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=no&knows_juki=yes&lang=en&ask=applicant")
	assert.Contains(t, body, `value="self" checked`)
	assert.NotContains(t, body, `<input type="hidden" name="applicant"`)
	assert.Contains(t, body, `<input type="hidden" name="knows_juki" value="yes">`, "later answers are kept")
}

func TestAfterAChangeOnlyWhatBecameRelevantIsAsked(t *testing.T) {
	ts := newServer(t, io.Discard)
	// self → proxy: now holder_age and rep_ids are needed; the rest is kept
	_, doc, _ := page(t, ts, "/?situation=locked&pin=sign&applicant=proxy&residence=takaoka&smartphone=no&knows_juki=yes&lang=en&answered=applicant")
	assert.Equal(t, "How old is the card holder?", text(first(first(doc, "legend"), "h1")))
	// proxy → self with everything else answered: straight to the result
	_, doc, _ = page(t, ts, "/?situation=locked&pin=sign&applicant=self&holder_age=15plus&rep_ids=a1&residence=takaoka&smartphone=no&knows_juki=yes&lang=en&answered=applicant")
	assert.Equal(t, []string{"counter: holder_card"}, outcome(doc))
}

// TestResultPages walks complete answer sets in the address, as a clerk's
// shared link would, in each mode, and reads the routes, visits and documents.
func TestResultPages(t *testing.T) {
	ts := newServer(t, io.Discard)
	tests := []struct {
		name, query string
		want        []string
		contains    string
	}{
		{"self: store and counter", "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes",
			[]string{"store", "counter: holder_card"}, "セブン-イレブン"},
		{"self: (3) at the counter", "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b",
			[]string{"counter: holder_card,holder_id"}, "資格確認書"},
		{"a legal representative", "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a2&residence=takaoka&holder_id=a",
			[]string{"counter: holder_card,holder_id,rep_id_a2,koseki"}, "戸籍謄本"},
		{"a proxy's two visits", "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka",
			[]string{"counter: holder_card,rep_id_a1 | holder_card,rep_id_a1,inquiry_reply"}, "照会書兼回答書"},
		{"an ineligible proxy", "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=none&residence=takaoka",
			nil, "A欄"},
		{"a change of a known PIN", "situation=change&pin=sign&applicant=self&residence=takaoka&smartphone=yes",
			[]string{"app", "counter: holder_card"}, "公的個人認証"},
		{"registered elsewhere", "situation=forgot&pin=auth&shared=no&applicant=self&smartphone=yes&knows_other=yes&residence=elsewhere",
			[]string{"store"}, "住民登録"},
		{"confirm: no ID besides the card", "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=none",
			nil, "市民課"},
	}
	for _, mode := range []string{"/", "/embed/", "/staff"} {
		for _, tt := range tests {
			t.Run(mode+" "+tt.name, func(t *testing.T) {
				res, doc, body := page(t, ts, mode+"?"+tt.query)
				require.Equal(t, http.StatusOK, res.StatusCode)
				assert.Equal(t, tt.want, outcome(doc))
				assert.Contains(t, body, tt.contains)
				// each document once per trip that needs it: never twice (e.g. for print)
				inVisits := 0
				for _, v := range all(doc, "data-visit") {
					inVisits += len(all(v, "data-document"))
				}
				assert.Equal(t, inVisits, strings.Count(body, "data-document="))
			})
		}
	}
}

func TestStaffShowsQuestionsThenTheResult(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, doc, body := page(t, ts, "/staff?situation=locked&pin=sign&applicant=proxy&lang=en")
	assert.Empty(t, all(doc, "data-route"))
	assert.Equal(t, 4, strings.Count(body, "<fieldset"), "situation, pin, applicant, and the next: holder_age")
	assert.Contains(t, body, "How old is the card holder?")
	assert.Contains(t, body, "data-autosubmit")
	_, doc, body = page(t, ts, "/staff?situation=locked&pin=sign&applicant=proxy&holder_age=15plus&rep_ids=a2&residence=takaoka&knows_juki=yes&lang=en")
	assert.Equal(t, []string{"counter: holder_card,rep_id_a1 | holder_card,rep_id_a1,inquiry_reply"}, outcome(doc))
	assert.Contains(t, body, "<svg", "the QR code of the result's link")
	assert.Contains(t, body, "situation=locked&amp;pin=sign&amp;applicant=proxy")
}

func TestFraming(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, _, _ := page(t, ts, "/?lang=en")
	assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")

	res, _, body := page(t, ts, "/embed/?lang=en&parent=https://www.city.takaoka.toyama.jp")
	assert.Empty(t, res.Header.Get("X-Frame-Options"))
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors https://www.city.takaoka.toyama.jp")
	assert.NotContains(t, body, `class="site-header"`)
	assert.Contains(t, body, `data-parent="https://www.city.takaoka.toyama.jp"`)
	assert.Contains(t, body, `<script src="/static/app.`)
	assert.Contains(t, body, `parent=https%3A%2F%2Fwww.city.takaoka.toyama.jp`, "the parent is carried through the flow")

	_, _, body = page(t, ts, "/embed/?lang=en&parent=https://evil.example")
	assert.NotContains(t, body, "evil.example", "a parent not on the allowlist is dropped")
	assert.NotContains(t, body, "<script")
}

func TestBadPageInput(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, path := range []string{"/?situation=lost&lang=en", "/embed/?applicant=self&applicant=proxy&lang=en", "/staff?pin=five&lang=en"} {
		res, doc, _ := page(t, ts, path)
		assert.Equal(t, http.StatusBadRequest, res.StatusCode, path)
		assert.True(t, strings.HasPrefix(text(first(doc, "title")), "Error: "), path)
		assert.Equal(t, "This link could not be read", text(first(doc, "h1")), path)
	}
	// The message names the question as the page asks it, and the answers
	// that could be read are kept.
	_, _, body := page(t, ts, "/embed/?situation=forgot&pin=sign&applicant=bogus&lang=en")
	assert.Contains(t, body, "&#34;bogus&#34; is not an answer to &#34;Who will do the procedure?&#34;.")
	assert.Contains(t, body, `href="/embed/?situation=forgot&amp;pin=sign&amp;lang=en">Continue with the answers that could be read</a>`)
	_, _, body = page(t, ts, "/?situation=lost&lang=en")
	assert.NotContains(t, body, "Continue with", "nothing could be read: only start again")
	res, doc, _ := page(t, ts, "/nowhere?lang=en")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, "Page not found.", text(first(doc, "h1")))
	res, _, _ = page(t, ts, "/?lang=%zz&situation=%zz")
	assert.Less(t, res.StatusCode, 500)
}

func TestSidePages(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, path := range []string{"/help/which-pin?lang=en&situation=forgot", "/accessibility?lang=en", "/embed/help/which-pin?lang=en", "/embed/accessibility"} {
		res, doc, _ := page(t, ts, path)
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.NotEmpty(t, text(first(doc, "h1")), path)
	}
	_, _, body := page(t, ts, "/help/which-pin?lang=en&situation=forgot")
	assert.Contains(t, body, "e-Tax")
	assert.Contains(t, body, `href="/?situation=forgot&amp;lang=en&amp;ask=pin"`)
	// From the counter's screen, help leads back to it.
	_, _, staff := page(t, ts, "/staff?situation=forgot&lang=en")
	assert.Contains(t, staff, `href="/help/which-pin?situation=forgot&amp;lang=en&amp;from=staff"`)
	_, _, help := page(t, ts, "/help/which-pin?situation=forgot&lang=en&from=staff")
	assert.Contains(t, help, `href="/staff?situation=forgot&amp;lang=en&amp;ask=pin"`)
	// A malformed pair does not lose the language.
	_, doc, _ := page(t, ts, "/help/which-pin?lang=en&%zz=1")
	assert.Equal(t, "en", htmlAttr(doc))
}

func htmlAttr(doc *html.Node) string {
	v, _ := attr(first(doc, "html"), "lang")
	return v
}

var cssLink = regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`)

func TestStaticFilesAreFingerprinted(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, _, body := page(t, ts, "/")
	m := cssLink.FindStringSubmatch(body)
	require.NotNil(t, m, "the page links its stylesheet")
	res, err := http.Get(ts.URL + m[1])
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
	assert.Contains(t, res.Header.Get("Content-Type"), "text/css")
	res, err = http.Get(ts.URL + "/static/app.0000000000.css")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

func TestLanguageSwitcherKeepsTheAnswers(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, _, body := page(t, ts, "/?situation=forgot&pin=sign&lang=en&ask=pin")
	assert.Contains(t, body, `href="/?situation=forgot&amp;pin=sign&amp;lang=ja&amp;ask=pin" lang="ja" hreflang="ja">日本語</a>`)
}

// TestEmbedLinksOutOpenANewTab: inside the city's iframe, every link to
// another site opens a new tab (maps and most sites refuse to be framed);
// links inside the wizard stay in the frame. On the full site nothing forces a
// new tab.
func TestEmbedLinksOutOpenANewTab(t *testing.T) {
	ts := newServer(t, io.Discard)
	const answers = "?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b&lang=en"
	for _, tt := range []struct {
		path   string
		framed bool
	}{
		{"/embed/" + answers, true},
		{"/embed/help/which-pin?lang=en", true},
		{"/" + answers, false},
		{"/staff" + answers, false},
	} {
		t.Run(tt.path, func(t *testing.T) {
			_, doc, _ := page(t, ts, tt.path)
			outside := 0
			for _, a := range all(doc, "href") {
				href, _ := attr(a, "href")
				target, hasTarget := attr(a, "target")
				if strings.HasPrefix(href, "http") {
					outside++
					if tt.framed {
						assert.Equal(t, "_blank", target, href)
						rel, _ := attr(a, "rel")
						assert.Contains(t, rel, "noopener", href)
						continue
					}
				}
				assert.False(t, hasTarget, "%s opens a new tab", href)
			}
			if strings.Contains(tt.path, "situation=") {
				assert.Positive(t, outside, "the result links to maps and the city's page")
			}
		})
	}
}

// TestIDExamplesFitTheDocument: the holder's own ID lists no "representative's
// own My Number card"; the representative's ID does, in every language.
func TestIDExamplesFitTheDocument(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, tt := range []struct{ lang, licence, repCard string }{
		{"ja", "運転免許証", "代理人自身のマイナンバーカード"},
		{"en", "Driving licence", "The representative's own My Number card"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			_, doc, _ := page(t, ts, "/?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=a&lang="+tt.lang)
			self := text(doc)
			assert.Contains(t, self, tt.licence)
			assert.NotContains(t, self, tt.repCard)
			assert.NotContains(t, self, "代理人自身のマイナンバーカード", "not even as the official name")
			_, doc, _ = page(t, ts, "/?situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&lang="+tt.lang)
			assert.Contains(t, text(doc), tt.repCard)
		})
	}
}

// idExample is one example of an ID document as a result page shows it.
type idExample struct {
	label, official, officialLang string
	ruby                          bool // the label carries furigana
}

// idExamples reads the examples of ID documents (A欄, B欄) on a result page.
func idExamples(doc *html.Node) []idExample {
	var out []idExample
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if class, _ := attr(n, "class"); n.Type == html.ElementNode && class == "id-example" {
			var e idExample
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				switch class, _ := attr(c, "class"); class {
				case "id-example-label":
					e.label, e.ruby = text(c), first(c, "ruby") != nil
				case "official":
					e.official = text(c)
					e.officialLang, _ = attr(c, "lang")
				}
			}
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestIDExamplesInTheReadersLanguage: a resident reading English or easy
// Japanese can tell which documents to bring: each example is named in the
// reader's language, with the official Japanese beside it for the counter; the
// Japanese page names each once.
func TestIDExamplesInTheReadersLanguage(t *testing.T) {
	ts := newServer(t, io.Discard)
	const result = "/?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b&lang="
	find := func(t *testing.T, exs []idExample, label string) idExample {
		t.Helper()
		for _, e := range exs {
			if e.label == label {
				return e
			}
		}
		t.Fatalf("no example %q in %v", label, exs)
		return idExample{}
	}
	t.Run("en", func(t *testing.T) {
		_, doc, _ := page(t, ts, result+"en")
		exs := idExamples(doc)
		require.Len(t, exs, 19, "A and B without the representative's card")
		assert.Equal(t, idExample{label: "Passport", official: "旅券（パスポート）", officialLang: "ja"}, find(t, exs, "Passport"))
		assert.Equal(t, "在留カード", find(t, exs, "Residence card").official)
		for _, e := range exs {
			assert.NotRegexp(t, `\p{Han}|\p{Katakana}`, e.label, "an English name")
			assert.NotEmpty(t, e.official, "%s: the official Japanese beside it", e.label)
			assert.Equal(t, "ja", e.officialLang, e.label)
		}
	})
	t.Run("ja-x-easy", func(t *testing.T) {
		_, doc, _ := page(t, ts, result+"ja-x-easy")
		exs := idExamples(doc)
		require.Len(t, exs, 19)
		for _, e := range exs {
			assert.True(t, e.ruby, "%s has furigana", e.label)
		}
		assert.Equal(t, "旅券（パスポート）", find(t, exs, "パスポート（旅券りょけん）").official, "a label in other words shows the official name")
		assert.Empty(t, find(t, exs, "在留ざいりゅうカード").official, "a label that says it does not repeat it")
	})
	t.Run("ja", func(t *testing.T) {
		_, doc, _ := page(t, ts, result+"ja")
		exs := idExamples(doc)
		require.Len(t, exs, 19)
		find(t, exs, "旅券（パスポート）")
		for _, e := range exs {
			assert.Empty(t, e.official, "%s is not repeated", e.label)
		}
	})
}

// TestEasyJapaneseMarkupNeverLeaks: the furigana markup {漢字|かな} becomes
// <ruby> in text and plain kanji in attributes (aria-label, title, the QR
// code's label); no page has a brace or bar left for a screen reader to read.
func TestEasyJapaneseMarkupNeverLeaks(t *testing.T) {
	ts := newServer(t, io.Discard)
	const proxy = "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&lang=ja-x-easy"
	for _, path := range []string{
		"/?lang=ja-x-easy", "/?situation=forgot&lang=ja-x-easy", "/?" + proxy, "/staff?" + proxy, "/embed/?" + proxy,
		"/help/which-pin?lang=ja-x-easy", "/privacy?lang=ja-x-easy", "/accessibility?lang=ja-x-easy",
		"/?situation=forgot&answered=pin&lang=ja-x-easy", "/?situation=nope&lang=ja-x-easy",
	} {
		_, _, body := page(t, ts, path)
		assert.NotRegexp(t, `[{|}]`, body, path)
		assert.Contains(t, body, "<ruby>", path)
	}
}

// A store route that sets only some of the PINs names the counter for the rest
// as it is: the counter route below when there is one, else the counter of the
// municipality where the holder is registered; its visits line speaks of its
// own PINs only, so it does not contradict that.
func TestPartialRouteNamesTheCounterThatExists(t *testing.T) {
	ts := newServer(t, io.Discard)
	const q = "/?situation=forgot&pin=auth&shared=yes&applicant=self&smartphone=yes&knows_other=yes&lang=en"
	for _, tt := range []struct{ residence, want, not string }{
		{"takaoka&knows_juki=yes&holder_id=a", "go to a city hall counter (see below)", "municipality where you are registered as a resident. For the PINs"},
		{"elsewhere", "go to the counter of the municipality where you are registered as a resident", "see below"},
		{"takaoka&knows_juki=yes&holder_id=none", "go to the counter of the municipality where you are registered as a resident", "see below"},
	} {
		t.Run(tt.residence, func(t *testing.T) {
			_, doc, _ := page(t, ts, q+"&residence="+tt.residence)
			var store string
			for _, r := range all(doc, "data-route") {
				if kind, _ := attr(r, "data-route"); kind == "store" {
					store = text(r)
				}
			}
			require.NotEmpty(t, store)
			assert.Contains(t, store, tt.want)
			assert.NotContains(t, store, tt.not)
			assert.Contains(t, store, "For the PINs this way sets, no visit to city hall is needed. One trip to a store.")
			assert.NotContains(t, store, "No visit to city hall.")
		})
	}
}

func TestConfirmTagIsSetApartFromTheNote(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, doc, _ := page(t, ts, "/?situation=locked&pin=juki&shared=no&applicant=legal_rep&holder_age=15plus&ward=no&rep_ids=a1&residence=takaoka&lang=en")
	body := text(doc)
	assert.Contains(t, body, "Please confirm The city's")
	assert.NotContains(t, body, "Please confirmThe")
}

// TestOneH1PerPage: every page has exactly one h1, the counter's screen with
// a result in it too.
func TestOneH1PerPage(t *testing.T) {
	ts := newServer(t, io.Discard)
	const done = "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&lang=en"
	for _, path := range []string{"/?lang=en", "/?situation=forgot&lang=en", "/?" + done, "/staff?lang=en", "/staff?" + done, "/embed/?" + done, "/help/which-pin?lang=en", "/?situation=x"} {
		_, _, body := page(t, ts, path)
		assert.Equal(t, 1, strings.Count(body, "<h1"), path)
	}
}

// TestChangeSaysChange: a known PIN changed is headed as a change, not a reset.
func TestChangeSaysChange(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, _, change := page(t, ts, "/?situation=change&pin=sign&applicant=self&residence=takaoka&smartphone=no&lang=en")
	assert.Contains(t, change, "<h2>PINs to change</h2>")
	_, _, forgot := page(t, ts, "/?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b&lang=en")
	assert.Contains(t, forgot, "<h2>PINs to set anew</h2>")
}
