package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/web/ui"
)

// handleWizard answers GET / (and /embed/): the answers in the query lead to the
// start page, the next question, or the result.
func (s *Server) handleWizard(mode ui.Mode) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := s.newView(w, r, mode)
		if s.redirectAppStepNow(w, r, v) {
			return
		}
		if errs := s.engine.Validate(v.answers); len(errs) > 0 {
			s.renderBadAnswers(w, r, v, errs)
			return
		}
		out := s.engine.Evaluate(v.answers)
		if mode == ui.ModeStaff {
			s.renderStaff(w, r, v, out)
			return
		}
		// A submitted form with no choice: the same question, with the error.
		if q := v.query.Get(answeredParam); q != "" && relevant(q, out) && len(v.answers[q]) == 0 {
			s.renderQuestion(w, r, v, out, q, true)
			return
		}
		if q := v.query.Get(askParam); q != "" && relevant(q, out) {
			s.renderQuestion(w, r, v, out, q, false)
			return
		}
		if out.Status == guidance.StatusIncomplete {
			if len(out.Answered) == 0 {
				s.renderStart(w, r, v)
				return
			}
			s.renderQuestion(w, r, v, out, out.Next.ID, false)
			return
		}
		s.renderResult(w, r, v, out)
	}
}

// relevant reports whether question q is asked for these answers.
func relevant(q string, out guidance.Outcome) bool {
	if out.Next != nil && out.Next.ID == q {
		return true
	}
	return slices.ContainsFunc(out.Answered, func(a guidance.Answer) bool { return a.Question == q })
}

func (s *Server) renderStart(w http.ResponseWriter, r *http.Request, v *view) {
	first := s.engine.Rules().Questions[0].ID
	p := ui.StartPage{
		Page:      s.frame(v, s.catalog.T(v.lang, "page.start.heading", nil)),
		StartHref: v.link(v.base(), nil, askParam, first),
	}
	s.render(w, r, v.lang, http.StatusOK, ui.StartPageView(p))
}

// renderBadAnswers explains answers that are not answers (a mangled link).
func (s *Server) renderBadAnswers(w http.ResponseWriter, r *http.Request, v *view, errs []guidance.InputError) {
	var msgs []string
	kept := guidance.Answers{}
	for q, vals := range v.answers {
		kept[q] = vals
	}
	for _, e := range errs {
		// The reader sees the question as the page asks it, not its id.
		name := e.Param
		if _, ok := s.engine.Rules().Question(e.Param); ok {
			name = ui.Plain(s.catalog.T(v.lang, "question."+e.Param, nil))
		}
		msgs = append(msgs, s.catalog.T(v.lang, "error."+e.Code, map[string]any{"Param": name, "Value": e.Value}))
		delete(kept, e.Param)
	}
	heading := s.catalog.T(v.lang, "page.error.bad_link", nil)
	p := ui.ErrorPage{
		Page:    s.frame(v, heading),
		Heading: heading,
		Message: strings.Join(msgs, " "),
		Restart: v.link(v.base(), nil),
	}
	if len(kept) > 0 {
		p.Continue = v.link(v.base(), kept)
	}
	p.HasError = true
	s.render(w, r, v.lang, http.StatusBadRequest, ui.ErrorPageView(p))
}

// question builds one question's view: texts, options, the choices made.
func (s *Server) question(v *view, q *guidance.Question) ui.Question {
	t := func(id string) string { return s.catalog.T(v.lang, id, nil) }
	uq := ui.Question{
		ID:       q.ID,
		Text:     t("question." + q.ID),
		Hint:     s.optional(v.lang, "question."+q.ID+".hint"),
		Multiple: q.Multiple,
	}
	for _, o := range q.Options {
		id := optionLabelID(q, o.Value)
		hint := s.optional(v.lang, id+".hint")
		if q.OptionsFrom == "pins" {
			hint = s.optional(v.lang, "pin."+o.Value+".use")
		}
		uq.Options = append(uq.Options, ui.Option{
			Value:   o.Value,
			Label:   t(id),
			Hint:    hint,
			Checked: slices.Contains(v.answers[q.ID], o.Value),
			Unsure:  o.TreatAs != "",
		})
	}
	if q.OptionsFrom == "pins" {
		var back []string
		if v.mode == ui.ModeStaff {
			back = []string{fromParam, "staff"}
		}
		uq.Help = &ui.Link{Text: t("page.help.which_pin_link"), Href: v.link(v.sub("help/which-pin"), v.answers, back...)}
	}
	return uq
}

// renderQuestion shows question qid, with the earlier answers carried in hidden
// fields; withError when the form came back without a choice.
func (s *Server) renderQuestion(w http.ResponseWriter, r *http.Request, v *view, out guidance.Outcome, qid string, withError bool) {
	q, _ := s.engine.Rules().Question(qid)
	uq := s.question(v, q)
	status := http.StatusOK
	if withError {
		key := "page.error.choose_one"
		if q.Multiple {
			key = "page.error.choose_some"
		}
		uq.Error = s.catalog.T(v.lang, key, nil)
		status = http.StatusUnprocessableEntity
	}
	p := ui.QuestionPage{
		Page:     s.frame(v, uq.Text),
		Action:   v.base(),
		Question: uq,
		Restart:  v.link(v.base(), nil),
	}
	p.HasError = withError
	for _, id := range v.order {
		if id == qid {
			continue
		}
		for _, val := range v.answers[id] {
			p.Hidden = append(p.Hidden, ui.Hidden{Name: id, Value: val})
		}
	}
	p.Hidden = append(p.Hidden, ui.Hidden{Name: langParam, Value: v.lang})
	if v.parent != "" {
		p.Hidden = append(p.Hidden, ui.Hidden{Name: parentParam, Value: v.parent})
	}
	p.Hidden = append(p.Hidden, v.kept()...)
	p.Hidden = append(p.Hidden, ui.Hidden{Name: answeredParam, Value: qid})
	p.Back = s.backLink(v, out, qid)
	for _, a := range out.Answered {
		if a.Question != qid {
			p.Answers = append(p.Answers, s.answerRow(v, a))
		}
	}
	s.render(w, r, v.lang, status, ui.QuestionPageView(p))
}

// backLink goes to the question asked before qid ("" for the result: the last
// one), or to the start page from the first.
func (s *Server) backLink(v *view, out guidance.Outcome, qid string) string {
	i := slices.IndexFunc(out.Answered, func(a guidance.Answer) bool { return a.Question == qid })
	if i < 0 {
		i = len(out.Answered)
	}
	if i == 0 {
		return v.link(v.base(), nil)
	}
	return v.link(v.base(), v.answers, askParam, out.Answered[i-1].Question)
}

// answerRow is one answer in the reader's words, with its change link.
func (s *Server) answerRow(v *view, a guidance.Answer) ui.AnswerRow {
	q, _ := s.engine.Rules().Question(a.Question)
	var labels []string
	for _, val := range a.Values {
		labels = append(labels, s.catalog.T(v.lang, optionLabelID(q, val), nil))
	}
	return ui.AnswerRow{
		Question:   s.catalog.T(v.lang, "question."+a.Question, nil),
		Answer:     strings.Join(labels, " / "),
		ChangeHref: v.link(v.base(), v.answers, askParam, a.Question),
	}
}
