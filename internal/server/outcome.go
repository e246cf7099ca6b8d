package server

import (
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/guidance"
)

// The API's response, as the contract names it. Slices are never nil, so a
// client always sees [] rather than null.

type outcomeJSON struct {
	Status    string        `json:"status"`
	Lang      string        `json:"lang"`
	Rules     rulesJSON     `json:"rules"`
	ResetPins []string      `json:"reset_pins"`
	Pins      []labelJSON   `json:"pins"` // reset_pins with their labels
	Routes    []routeJSON   `json:"routes"`
	Blocked   []blockedJSON `json:"blocked"`
	Notes     []noteJSON    `json:"notes"`
	Next      *questionJSON `json:"next,omitempty"`
	Answers   []answerJSON  `json:"answers"` // the relevant answers, in the order asked
}

type rulesJSON struct {
	Version       string `json:"version"`
	SourceUpdated string `json:"source_updated"`
	SourceURL     string `json:"source_url"`
}

type labelJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Official string `json:"official,omitempty"`
}

type routeJSON struct {
	Kind         string         `json:"kind"`
	Label        string         `json:"label"`
	Pins         []string       `json:"pins"`
	CityVisits   int            `json:"city_visits"`
	StoreVisits  int            `json:"store_visits"`
	Stores       []string       `json:"stores,omitempty"`
	StoreDetails []labelJSON    `json:"store_details,omitempty"`
	Counters     []string       `json:"counters,omitempty"`
	CounterInfo  []counterJSON  `json:"counter_details,omitempty"`
	Steps        []stepJSON     `json:"steps,omitempty"`
	Calendar     []calendarJSON `json:"calendar,omitempty"` // counter: one entry per counter
	Temporary    *temporaryJSON `json:"temporary_counter,omitempty"`
	Machines     *machinesJSON  `json:"machines,omitempty"` // store: when the machines accept
	Links        []linkJSON     `json:"links,omitempty"`
	Visits       []visitJSON    `json:"visits,omitempty"`
}

type counterJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Official string `json:"official"`
	Address  string `json:"address,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Opens    string `json:"opens"`
	Closes   string `json:"closes"`
	Closed   string `json:"closed"`
}

type calendarJSON struct {
	ID       string    `json:"id"`
	OpenNow  bool      `json:"open_now"`
	Until    string    `json:"until,omitempty"` // closing time today, when open now
	NextOpen dayJSON   `json:"next_open"`
	NextDays []dayJSON `json:"next_days"`
	AsOf     string    `json:"as_of"` // the moment this was computed, Japan time
}

type dayJSON struct {
	Date   string `json:"date"`
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
	// Unchecked: beyond the rules' holiday list; a holiday may be missed.
	Unchecked bool `json:"unchecked,omitempty"`
}

type temporaryJSON struct {
	Dates []temporaryDateJSON `json:"dates"`
	URL   string              `json:"url"` // the city's page, where the dates are announced
}

type temporaryDateJSON struct {
	Date    string `json:"date"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
	Counter string `json:"counter,omitempty"`
}

type machinesJSON struct {
	Opens       string `json:"opens"`
	Closes      string `json:"closes"`
	WindowHours int    `json:"window_hours"`
	// Deadline: the last moment at a machine after the app step at app_step_at.
	AppStepAt string `json:"app_step_at,omitempty"`
	Deadline  string `json:"deadline,omitempty"`
}

type linkJSON struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	URL  string `json:"url"`
}

type stepJSON struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type visitJSON struct {
	Documents []documentJSON `json:"documents"`
}

type documentJSON struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	Official  string   `json:"official"`
	IDColumns []string `json:"id_columns,omitempty"`
}

type blockedJSON struct {
	Reason string `json:"reason"`
	Route  string `json:"route"`
	Text   string `json:"text"`
}

type noteJSON struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Confirm bool   `json:"confirm"`
	Route   string `json:"route,omitempty"` // the route it belongs to
}

type questionJSON struct {
	Question string       `json:"question"`
	Text     string       `json:"text"`
	Hint     string       `json:"hint,omitempty"`
	Multiple bool         `json:"multiple"`
	Options  []optionJSON `json:"options"`
}

type optionJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
}

type answerJSON struct {
	Question string   `json:"question"`
	Values   []string `json:"values"`
}

// optional returns a message, or "" where the language has none (hints).
func (s *Server) optional(lang, id string) string {
	if !s.catalog.Has(lang, id) && !s.catalog.Has("ja", id) {
		return ""
	}
	return s.text(lang, id, nil)
}

// optionLabelID is the message id of an option's label: a PIN question's
// options are the PINs themselves.
func optionLabelID(q *guidance.Question, value string) string {
	if q.OptionsFrom == "pins" {
		return "pin." + value
	}
	return "option." + q.ID + "." + value
}

func (s *Server) questionJSON(lang string, q *guidance.Question) *questionJSON {
	out := &questionJSON{
		Question: q.ID,
		Text:     s.text(lang, "question."+q.ID, nil),
		Hint:     s.optional(lang, "question."+q.ID+".hint"),
		Multiple: q.Multiple,
		Options:  []optionJSON{},
	}
	for _, o := range q.Options {
		id := optionLabelID(q, o.Value)
		out.Options = append(out.Options, optionJSON{
			Value: o.Value,
			Label: s.text(lang, id, nil),
			Hint:  s.optional(lang, id+".hint"),
		})
	}
	return out
}

func (s *Server) outcomeJSON(lang string, o guidance.Outcome, appStep time.Time) outcomeJSON {
	rules := s.engine.Rules()
	out := outcomeJSON{
		Status: string(o.Status),
		Lang:   lang,
		Rules: rulesJSON{
			Version:       rules.Meta.Version,
			SourceUpdated: rules.Meta.SourceUpdated,
			SourceURL:     rules.Meta.SourceURL,
		},
		ResetPins: nonNil(o.ResetPins),
		Pins:      []labelJSON{},
		Routes:    []routeJSON{},
		Blocked:   []blockedJSON{},
		Notes:     []noteJSON{},
		Answers:   []answerJSON{},
	}
	for _, a := range o.Answered {
		out.Answers = append(out.Answers, answerJSON{Question: a.Question, Values: a.Values})
	}
	if o.Next != nil {
		out.Next = s.questionJSON(lang, o.Next)
	}
	for _, id := range o.ResetPins {
		p, _ := rules.Pin(id)
		out.Pins = append(out.Pins, labelJSON{ID: id, Label: s.text(lang, "pin."+id, nil), Official: p.Official})
	}
	for _, r := range o.Routes {
		out.Routes = append(out.Routes, s.routeJSON(lang, r, appStep))
	}
	for _, b := range o.Blocked {
		out.Blocked = append(out.Blocked, blockedJSON{Reason: b.Reason, Route: b.Route, Text: s.text(lang, "blocked."+b.Reason, nil)})
	}
	for _, n := range o.Notes {
		out.Notes = append(out.Notes, noteJSON{ID: n.ID, Text: s.text(lang, "note."+n.ID, nil), Confirm: n.Confirm, Route: n.Route})
	}
	return out
}

func (s *Server) routeJSON(lang string, r guidance.Route, appStep time.Time) routeJSON {
	rules := s.engine.Rules()
	out := routeJSON{
		Kind:        r.Kind,
		Label:       s.text(lang, "route."+r.Kind, nil),
		Pins:        r.Pins,
		CityVisits:  r.CityVisits,
		StoreVisits: r.StoreVisits,
		Stores:      r.Stores,
		Counters:    r.Counters,
	}
	for _, id := range r.Stores {
		st, _ := rules.Store(id)
		out.StoreDetails = append(out.StoreDetails, labelJSON{ID: id, Label: s.text(lang, "store."+id, nil), Official: st.Official})
	}
	for _, id := range r.Counters {
		c, _ := rules.Counter(id)
		out.CounterInfo = append(out.CounterInfo, counterJSON{
			ID: id, Label: s.text(lang, "counter."+id, nil), Official: c.Official,
			Address: c.Address, Phone: c.Phone, Opens: c.Opens, Closes: c.Closes, Closed: c.Closed,
		})
	}
	now := s.now()
	for _, id := range r.Counters {
		c, _ := rules.Counter(id)
		st := s.cal.Counter(c.Opens, c.Closes, now, 3)
		cj := calendarJSON{ID: id, OpenNow: st.OpenNow, NextOpen: day(st.NextOpen), AsOf: now.Format(time.RFC3339)}
		if st.OpenNow {
			cj.Until = st.Until
		}
		for _, d := range st.NextDays {
			cj.NextDays = append(cj.NextDays, day(d))
		}
		out.Calendar = append(out.Calendar, cj)
	}
	if len(r.Counters) > 0 {
		out.Temporary = &temporaryJSON{Dates: []temporaryDateJSON{}, URL: rules.Meta.SourceURL}
		for _, t := range s.cal.TemporaryDates(now) {
			out.Temporary.Dates = append(out.Temporary.Dates, temporaryDateJSON{Date: t.Date, Opens: t.Opens, Closes: t.Closes, Counter: t.Counter})
		}
	}
	if r.StoreVisits > 0 {
		cal := rules.Calendar
		out.Machines = &machinesJSON{Opens: cal.StoreOpens, Closes: cal.StoreCloses, WindowHours: cal.WindowHours}
		if !appStep.IsZero() {
			out.Machines.AppStepAt = appStep.Format(time.RFC3339)
			out.Machines.Deadline = s.cal.StoreDeadline(appStep).Format(time.RFC3339)
		}
	}
	for _, id := range r.Links {
		l, _ := rules.Link(id)
		out.Links = append(out.Links, linkJSON{ID: id, Text: s.text(lang, "link."+id, nil), URL: l.URL})
	}
	for _, id := range r.Steps {
		out.Steps = append(out.Steps, stepJSON{ID: id, Text: s.text(lang, "step."+id, nil)})
	}
	for _, v := range r.Visits {
		vj := visitJSON{Documents: []documentJSON{}}
		for _, id := range v.Documents {
			d, _ := rules.Document(id)
			vj.Documents = append(vj.Documents, documentJSON{
				ID: id, Label: s.text(lang, "document."+id, nil), Official: d.Official, IDColumns: d.IDColumns,
			})
		}
		out.Visits = append(out.Visits, vj)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func day(d calendar.Day) dayJSON {
	return dayJSON{Date: d.ISO(), Opens: d.Opens, Closes: d.Closes, Unchecked: d.Unchecked}
}
