package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/web/ui"
)

// resultPage builds the result for complete answers: every route with its
// checklist per visit, counters, stores and steps; blocked routes; notes.
func (s *Server) resultPage(v *view, out guidance.Outcome) ui.ResultPage {
	t := func(id string, data map[string]any) string { return s.catalog.T(v.lang, id, data) }
	rules := s.engine.Rules()
	heading := "page.result.heading"
	switch {
	case out.Status == guidance.StatusConfirm:
		heading = "page.result.heading_confirm"
	case len(out.Routes) == 0:
		heading = "page.result.heading_blocked"
	}
	p := ui.ResultPage{
		Page:    s.frame(v, t(heading, nil)),
		Confirm: out.Status == guidance.StatusConfirm,
		Heading: t(heading, nil),
		Restart: v.link(v.base(), nil),
	}
	p.PinsHeading = t("page.result.pins_to_set", nil)
	if slices.Contains(v.answers["situation"], "change") {
		p.PinsHeading = t("page.result.pins_to_change", nil) // a known PIN, changed
	}
	for _, id := range out.ResetPins {
		p.ResetPins = append(p.ResetPins, t("pin."+id, nil))
	}
	for _, r := range out.Routes {
		p.Routes = append(p.Routes, s.routeView(v, out, r))
	}
	for _, b := range out.Blocked {
		p.Blocked = append(p.Blocked, t("blocked."+b.Reason, nil))
	}
	for _, n := range out.Notes {
		if n.Route == "" {
			p.Notes = append(p.Notes, ui.Note{Text: t("note."+n.ID, nil), Confirm: n.Confirm})
		}
	}
	for _, a := range out.Answered {
		p.Answers = append(p.Answers, s.answerRow(v, a))
	}
	if len(out.Answered) > 0 {
		p.Back = v.link(v.base(), v.answers, askParam, out.Answered[len(out.Answered)-1].Question)
	}
	p.Sources = append(p.Sources, ui.Source{
		Text: t("page.result.source_city", nil), Href: rules.Meta.SourceURL, Date: formatDate(v.lang, rules.Meta.SourceUpdated),
	})
	if l, ok := rules.Link("jpki_reset_stores"); ok && len(rules.Stores) > 0 {
		p.Sources = append(p.Sources, ui.Source{
			Text: t("page.result.source_stores", nil), Href: l.URL, Date: formatDate(v.lang, rules.Stores[0].AsOf),
		})
	}
	return p
}

func (s *Server) routeView(v *view, out guidance.Outcome, r guidance.Route) ui.Route {
	t := func(id string, data map[string]any) string { return s.catalog.T(v.lang, id, data) }
	rules := s.engine.Rules()
	pinLabels := func(ids []string) string {
		var l []string
		for _, id := range ids {
			l = append(l, t("pin."+id, nil))
		}
		return strings.Join(l, " / ")
	}
	rv := ui.Route{
		Kind:  r.Kind,
		Title: t("route."+r.Kind, nil),
		Pins:  t("page.result.route_pins", map[string]any{"Pins": pinLabels(r.Pins)}),
	}
	// A route that sets only some of the PINs points to the counter for the rest:
	// to the counter route below when there is one, else (registered elsewhere, or
	// a counter answer to confirm first) to the counter of the holder's municipality.
	rest := without(out.ResetPins, r.Pins)
	partial := r.Kind != "counter" && len(rest) > 0
	if partial {
		key := "page.result.partial_no_counter"
		if slices.ContainsFunc(out.Routes, func(o guidance.Route) bool { return o.Kind == "counter" }) {
			key = "page.result.partial"
		}
		rv.Partial = t(key, map[string]any{"Pins": pinLabels(rest)})
	}
	switch {
	case r.CityVisits == 0 && r.StoreVisits > 0 && partial:
		rv.Visits = t("page.result.visits_store_partial", nil)
	case r.CityVisits == 0 && r.StoreVisits > 0:
		rv.Visits = t("page.result.visits_store", nil)
	case r.CityVisits == 0 && partial:
		rv.Visits = t("page.result.visits_none_partial", nil)
	case r.CityVisits == 0:
		rv.Visits = t("page.result.visits_none", nil)
	case r.CityVisits == 1:
		rv.Visits = t("page.result.visits_one", nil)
	default:
		rv.Visits = t("page.result.visits_two", nil)
	}
	for _, id := range r.Steps {
		rv.Steps = append(rv.Steps, t("step."+id, nil))
	}
	for i, visit := range r.Visits {
		title := "page.result.bring"
		if len(r.Visits) > 1 {
			title = "page.result.bring_first"
			if i > 0 {
				title = "page.result.bring_second"
			}
		}
		uv := ui.Visit{N: i + 1, Title: t(title, nil)}
		for _, id := range visit.Documents {
			d, _ := rules.Document(id)
			doc := ui.Doc{ID: id, Label: t("document."+id, nil), Official: d.Official}
			for _, col := range d.IDColumns {
				c, _ := rules.IDColumn(col)
				uc := ui.IDColumn{Name: t("id_column."+col, nil)}
				for _, e := range c.Examples {
					if !slices.Contains(d.ExceptExamples, e.ID) {
						uc.Examples = append(uc.Examples, ui.IDExample{Label: t("id_example."+e.ID, nil), Official: e.Official})
					}
				}
				doc.Columns = append(doc.Columns, uc)
			}
			uv.Docs = append(uv.Docs, doc)
		}
		rv.Trips = append(rv.Trips, uv)
	}
	cityPage := rules.Meta.SourceURL
	now := s.now()
	var firstDay string
	for _, id := range r.Counters {
		c, _ := rules.Counter(id)
		st := s.cal.Counter(c.Opens, c.Closes, now, 3)
		cv := ui.Counter{
			Name: t("counter."+id, nil), Official: c.Official, Address: c.Address, Phone: c.Phone,
			Hours:         t("page.result.hours", map[string]any{"Opens": clock(c.Opens), "Closes": clock(c.Closes)}),
			Closed:        t("page.result.closed", nil),
			NextDaysLabel: t("page.cal.next_days", nil),
		}
		if st.OpenNow {
			cv.Status = t("page.cal.open_now", map[string]any{"Until": clock(st.Until)})
		} else {
			cv.Status = t("page.cal.next_open", map[string]any{"Day": formatDay(v.lang, st.NextOpen.Date, now), "Opens": clock(st.NextOpen.Opens), "Closes": clock(st.NextOpen.Closes)})
		}
		for _, d := range st.NextDays {
			text := formatDay(v.lang, d.Date, now) + " " + timeRange(v.lang, d.Opens, d.Closes)
			if d.Unchecked {
				text += " " + t("page.cal.unchecked", nil)
			}
			cv.NextDays = append(cv.NextDays, text)
		}
		if firstDay == "" {
			firstDay = formatDay(v.lang, st.NextOpen.Date, now)
		}
		if c.Address != "" {
			cv.Map = "https://www.google.com/maps/search/?api=1&query=" + url.QueryEscape(c.Address)
		} else {
			cv.Page = cityPage // the branch's address is not in our data: no guessing
		}
		rv.Counters = append(rv.Counters, cv)
	}
	if len(r.Counters) > 0 {
		rv.Now = t("page.cal.as_of", map[string]any{"Now": formatMoment(v.lang, now, now)})
		tmp := &ui.Temporary{Link: ui.Link{Text: t("page.cal.temporary_link", nil), Href: rules.Meta.SourceURL}}
		if dates := s.cal.TemporaryDates(now); len(dates) > 0 {
			tmp.Text = t("page.cal.temporary_text", nil)
			for _, d := range dates {
				day, _ := time.ParseInLocation(time.DateOnly, d.Date, calendar.Tokyo)
				tmp.Dates = append(tmp.Dates, formatDay(v.lang, day, now)+" "+timeRange(v.lang, d.Opens, d.Closes))
			}
		} else {
			tmp.Text = t("page.cal.temporary_none", nil)
		}
		rv.Temporary = tmp
	}
	if len(r.Visits) > 1 {
		rv.Plan = []string{
			t("page.cal.plan_first", map[string]any{"Day": firstDay}),
			t("page.cal.plan_letter", nil),
			t("page.cal.plan_second", nil),
		}
	}
	if r.StoreVisits > 0 {
		cal := rules.Calendar
		rv.Window = t("page.cal.window", map[string]any{"Hours": cal.WindowHours, "Opens": clock(cal.StoreOpens), "Closes": clock(cal.StoreCloses)})
		if step, ok := s.appStep(v.query.Get(appStepParam)); ok && !step.IsZero() {
			rv.Deadline = t("page.cal.deadline", map[string]any{"Start": formatMoment(v.lang, step, now), "Deadline": formatMoment(v.lang, s.cal.StoreDeadline(step), now)})
		} else {
			as := &ui.AppStep{Action: v.base(), Label: t("page.cal.app_now", nil)}
			for _, id := range v.order {
				for _, val := range v.answers[id] {
					as.Hidden = append(as.Hidden, ui.Hidden{Name: id, Value: val})
				}
			}
			as.Hidden = append(as.Hidden, ui.Hidden{Name: langParam, Value: v.lang})
			if v.parent != "" {
				as.Hidden = append(as.Hidden, ui.Hidden{Name: parentParam, Value: v.parent})
			}
			as.Hidden = append(as.Hidden, ui.Hidden{Name: appStepParam, Value: "now"})
			rv.AppStep = as
		}
	}
	for _, id := range r.Stores {
		st, _ := rules.Store(id)
		rv.Stores = append(rv.Stores, ui.Store{Name: t("store."+id, nil), Official: st.Official})
		rv.AsOf = t("page.result.stores_as_of", map[string]any{"Date": formatDate(v.lang, st.AsOf)})
	}
	for _, id := range r.Links {
		l, _ := rules.Link(id)
		rv.Links = append(rv.Links, ui.Link{Text: t("link."+id, nil), Href: l.URL})
	}
	for _, n := range out.Notes {
		if n.Route == r.Kind {
			rv.Notes = append(rv.Notes, ui.Note{Text: t("note."+n.ID, nil), Confirm: n.Confirm})
		}
	}
	return rv
}

func (s *Server) renderResult(w http.ResponseWriter, r *http.Request, v *view, out guidance.Outcome) {
	s.cacheUntil(w, s.nextChange(out))
	recordOutcome(r.Context(), outcomeLabel(out))
	s.render(w, r, v.lang, http.StatusOK, ui.ResultPageView(s.resultPage(v, out)))
}

// without returns the PINs of all that are not in some.
func without(all, some []string) []string {
	var out []string
	for _, p := range all {
		if !slices.Contains(some, p) {
			out = append(out, p)
		}
	}
	return out
}

// formatDate writes a YYYY-MM-DD date the reader's way.
func formatDate(lang, iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	y, m, day := d.Date()
	switch lang {
	case "ja", "zh-Hans":
		return fmt.Sprintf("%d年%d月%d日", y, m, day)
	case "ja-x-easy":
		return fmt.Sprintf("%d{年|ねん}%d{月|がつ}%d{日|にち}", y, m, day)
	case "en":
		return d.Format("2 January 2006")
	case "vi":
		return fmt.Sprintf("ngày %d tháng %d năm %d", day, m, y)
	case "pt-BR":
		return fmt.Sprintf("%d de %s de %d", day, ptMonths[m-1], y)
	case "tl":
		return fmt.Sprintf("%s %d, %d", tlMonths[m-1], day, y)
	}
	return iso
}

var (
	ptMonths = [...]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"}
	tlMonths = [...]string{"Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre"}
)

// clock writes HH:MM without a leading zero (8:30), as people write times.
func clock(hhmm string) string { return strings.TrimPrefix(hhmm, "0") }

// timeRange writes opens–closes the reader's way: 8:30～17:15 in Japanese and
// Chinese, 8:30–17:15 elsewhere.
func timeRange(lang, opens, closes string) string {
	sep := "–"
	if strings.HasPrefix(lang, "ja") || strings.HasPrefix(lang, "zh") {
		sep = "～"
	}
	return clock(opens) + sep + clock(closes)
}
