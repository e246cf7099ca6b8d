package server

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/web/ui"
)

// Page parameters besides the answers and lang. Anything else is dropped.
const (
	askParam      = "ask"      // show this question (start, back and change links)
	answeredParam = "answered" // the question a submitted form answered
	parentParam   = "parent"   // embed: the parent page's origin
	fromParam     = "from"     // a side page's way back: "staff" for the counter's screen
)

// view is one page request: its mode, language and answers.
type view struct {
	mode    ui.Mode
	path    string // the page's own path, for the language switcher
	lang    string
	parent  string // embed: an allow-listed parent origin, or ""
	asOf    string // a preview's date, or ""
	appStep string // app_step_at as a fixed time, kept by every link so the store deadline stays
	answers guidance.Answers
	query   url.Values
	order   []string // the rules' question ids, for stable links
}

// base is the wizard's own path in this mode.
func (v *view) base() string {
	switch v.mode {
	case ui.ModeEmbed:
		return "/embed/"
	case ui.ModeStaff:
		return "/staff"
	}
	return "/"
}

// sub is the path of a side page (help, accessibility) in this mode.
func (v *view) sub(name string) string {
	if v.mode == ui.ModeEmbed {
		return "/embed/" + name
	}
	return "/" + name
}

// link builds path?answers&lang&parent&extra, answers in the rules' order, so
// every link is stable and shareable.
func (v *view) link(path string, answers guidance.Answers, extra ...string) string {
	var b strings.Builder
	b.WriteString(path)
	sep := byte('?')
	add := func(k, val string) {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(val))
	}
	for _, q := range v.order {
		for _, val := range answers[q] {
			add(q, val)
		}
	}
	add(langParam, v.lang)
	if v.parent != "" {
		add(parentParam, v.parent)
	}
	for _, h := range v.kept() {
		add(h.Name, h.Value)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		add(extra[i], extra[i+1])
	}
	return b.String()
}

// kept are the hidden fields that carry a preview's date and the app step's
// time through a form, as link does through a link.
func (v *view) kept() []ui.Hidden {
	var h []ui.Hidden
	if v.asOf != "" {
		h = append(h, ui.Hidden{Name: asOfParam, Value: v.asOf})
	}
	if v.appStep != "" {
		h = append(h, ui.Hidden{Name: appStepParam, Value: v.appStep})
	}
	return h
}

// newView reads a page request. Only the rules' questions count as answers;
// unknown parameters are dropped.
func (s *Server) newView(w http.ResponseWriter, r *http.Request, mode ui.Mode) *view {
	// A malformed pair is dropped; the others (lang above all) still count.
	q, _ := url.ParseQuery(r.URL.RawQuery)
	rules := s.engine.Rules()
	v := &view{mode: mode, path: r.URL.Path, query: q, answers: guidance.Answers{}}
	for _, qq := range rules.Questions {
		v.order = append(v.order, qq.ID)
		if vals, ok := q[qq.ID]; ok {
			v.answers[qq.ID] = vals
		}
	}
	v.lang = s.pageLang(w, r, q.Get(langParam))
	if p := q.Get(parentParam); mode == ui.ModeEmbed && slices.Contains(s.opts.FrameAncestors, p) {
		v.parent = p
	}
	if d := q.Get(asOfParam); s.opts.AllowPreview && validDate(d) {
		v.asOf = d
	}
	if a := q.Get(appStepParam); a != "now" {
		if t, ok := s.appStep(a); ok && !t.IsZero() {
			v.appStep = a
		}
	}
	return v
}

// pageLang picks a page's language: a valid lang parameter (or the closest
// supported one), else Accept-Language, else ja. A bad lang is dropped, not an
// error: the reader still gets a page.
func (s *Server) pageLang(w http.ResponseWriter, r *http.Request, lang string) string {
	if lang != "" {
		if l := s.chooseLang(w, r, []string{lang}); l != "" {
			return l
		}
	}
	return s.chooseLang(w, r, nil)
}

// render writes a component completely or not at all: a failing component
// becomes a 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, lang string, status int, c templ.Component) {
	var buf bytes.Buffer
	ctx := ui.WithTexts(r.Context(), func(id string, data map[string]any) string { return s.catalog.T(lang, id, data) })
	if isEmbed(r.URL.Path) {
		ctx = ui.WithFramed(ctx)
	}
	if err := c.Render(ctx, &buf); err != nil {
		s.log.Error("render", "request_id", requestIDFrom(r.Context()), "error", err.Error())
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		// #nosec G705 -- text/plain with nosniff, of our own message and our random request id.
		_, _ = w.Write([]byte(s.catalog.T(lang, "error.internal", nil) + "\n" + requestIDFrom(r.Context()) + "\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if w.Header().Get("Cache-Control") == "" {
		if status < 400 {
			s.cacheUntil(w, time.Time{})
		} else {
			w.Header().Set("Cache-Control", "no-store")
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a HEAD's body is dropped by finish
}

// frame fills the parts every page shares.
func (s *Server) frame(v *view, title string) ui.Page {
	p := ui.Page{
		Lang:       htmlLang(v.lang),
		Title:      title,
		Mode:       v.mode,
		CSS:        s.assets.css,
		Icon:       s.assets.icon,
		HomeHref:   v.link(v.base(), nil),
		ReportHref: s.opts.ReportURL,
		A11yHref:   v.link(v.sub("accessibility"), nil),
		Privacy:    v.link(v.sub("privacy"), nil),
		Translated: v.lang != "ja",
		Parent:     v.parent,
	}
	if v.asOf != "" {
		p.Preview = s.catalog.T(v.lang, "page.preview", map[string]any{"Date": formatDate(v.lang, v.asOf)})
	}
	if v.parent != "" || v.mode == ui.ModeStaff {
		p.Script = s.assets.js
	}
	var extra []string
	if ask := v.query.Get(askParam); ask != "" {
		extra = []string{askParam, ask}
	}
	for _, id := range s.catalog.Langs() {
		lv := *v
		lv.lang = id
		p.Langs = append(p.Langs, ui.LangLink{
			ID: id, Name: s.catalog.T(id, "lang.name", nil), HTMLLang: htmlLang(id),
			Href:    lv.link(v.path, v.answers, extra...),
			Current: id == v.lang,
		})
	}
	return p
}

// htmlLang is the <html lang> of a public language id: やさしい日本語 is ja.
func htmlLang(id string) string {
	return strings.TrimSuffix(id, "-x-easy")
}
