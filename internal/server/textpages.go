package server

import (
	"net/http"
	"strconv"

	"github.com/takaoka-city/pinguide/web/ui"
)

// textPage builds a page of headed paragraphs from message ids: each section is
// page.NAME.sN.heading with page.NAME.sN.pM paragraphs, as many as exist.
func (s *Server) textPage(v *view, name string) ui.TextPage {
	t := func(id string) string { return s.catalog.T(v.lang, id, nil) }
	heading := t("page." + name + ".heading")
	p := ui.TextPage{Page: s.frame(v, heading), Heading: heading}
	for i := 1; ; i++ {
		prefix := "page." + name + ".s" + itoa(i)
		if !s.catalog.Has("ja", prefix+".heading") {
			break
		}
		sec := ui.Section{Heading: t(prefix + ".heading")}
		for j := 1; s.catalog.Has("ja", prefix+".p"+itoa(j)); j++ {
			sec.Paras = append(sec.Paras, t(prefix+".p"+itoa(j)))
		}
		for j := 1; s.catalog.Has("ja", prefix+".li"+itoa(j)); j++ {
			sec.Items = append(sec.Items, t(prefix+".li"+itoa(j)))
		}
		p.Sections = append(p.Sections, sec)
	}
	return p
}

func itoa(i int) string { return strconv.Itoa(i) }

// handleWhichPin answers GET /help/which-pin: which PIN failed, from what the
// resident was doing. Its back link returns to the PIN question with the answers.
func (s *Server) handleWhichPin(mode ui.Mode) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := s.newView(w, r, mode)
		p := s.textPage(v, "help_pin")
		back := v.base()
		if mode == ui.ModeFull && v.query.Get(fromParam) == "staff" {
			back = "/staff" // the counter's screen, where the link came from
		}
		p.Back = &ui.Link{Text: s.catalog.T(v.lang, "page.back", nil), Href: v.link(back, v.answers, askParam, "pin")}
		s.render(w, r, v.lang, http.StatusOK, ui.TextPageView(p))
	}
}

// handleAccessibility answers GET /accessibility: what was tested, with which
// tools, and the known gaps.
func (s *Server) handleAccessibility(mode ui.Mode) http.HandlerFunc {
	return s.handleTextPage(mode, "a11y")
}

// handlePrivacy answers GET /privacy: what is and is not kept.
func (s *Server) handlePrivacy(mode ui.Mode) http.HandlerFunc {
	return s.handleTextPage(mode, "privacy")
}

// handleTextPage serves a page of numbered message sections, with a link back
// to the wizard.
func (s *Server) handleTextPage(mode ui.Mode, name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := s.newView(w, r, mode)
		p := s.textPage(v, name)
		p.Back = &ui.Link{Text: s.catalog.T(v.lang, "page.back", nil), Href: v.link(v.base(), nil)}
		s.render(w, r, v.lang, http.StatusOK, ui.TextPageView(p))
	}
}

// errorPage answers a page request the wizard cannot serve (404, 405, 500) in
// the reader's language, with the request id and a way back, and no detail.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msgID string, data map[string]any) {
	mode := ui.ModeFull
	if isEmbed(r.URL.Path) {
		mode = ui.ModeEmbed
	}
	v := s.newView(w, r, mode)
	v.path = v.base()
	heading := s.catalog.T(v.lang, msgID, data)
	p := ui.ErrorPage{
		Page:    s.frame(v, heading),
		Heading: heading,
		Restart: v.link(v.base(), nil),
	}
	if status >= 500 {
		p.RequestID = requestIDFrom(r.Context())
	}
	p.HasError = true
	s.render(w, r, v.lang, status, ui.ErrorPageView(p))
}
