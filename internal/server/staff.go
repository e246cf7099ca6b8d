package server

import (
	"net/http"

	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/web/ui"
)

// renderStaff shows /staff: every question the engine asks for these answers,
// in its order, with the result below once complete.
func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, v *view, out guidance.Outcome) {
	var p ui.ResultPage
	complete := out.Status != guidance.StatusIncomplete
	if complete {
		p = s.resultPage(v, out)
		p.Back = ""
		p.Link = s.opts.PublicURL + v.link("/", v.answers)
		p.QR = qrSVG(p.Link, ui.Plain(s.catalog.T(v.lang, "page.staff.qr_label", nil)))
		s.cacheUntil(w, s.nextChange(out))
		recordOutcome(r.Context(), outcomeLabel(out))
	} else {
		p.Page = s.frame(v, s.catalog.T(v.lang, "page.staff.heading", nil))
	}
	p.Restart = v.link(v.base(), nil)
	form := &ui.StaffForm{Action: v.base(), Complete: complete}
	form.Hidden = append(form.Hidden, ui.Hidden{Name: langParam, Value: v.lang})
	form.Hidden = append(form.Hidden, v.kept()...)
	rules := s.engine.Rules()
	for _, a := range out.Answered {
		q, _ := rules.Question(a.Question)
		form.Questions = append(form.Questions, s.question(v, q))
	}
	if out.Next != nil {
		form.Questions = append(form.Questions, s.question(v, out.Next))
	}
	p.Staff = form
	s.render(w, r, v.lang, http.StatusOK, ui.StaffPageView(p))
}
