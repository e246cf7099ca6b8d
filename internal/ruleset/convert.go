package ruleset

import "github.com/takaoka-city/pinguide/internal/guidance"

// convert appends one file's rules to the rule set, each with its file:line.
func (l *loader) convert(f *fileDTO) {
	r := l.rules
	if f.Meta != nil {
		if r.Meta.SourceUpdated != "" {
			l.problems = append(l.problems, guidance.Problemf2(l.at("meta"),
				"meta: が2か所に書かれています。1つにしてください",
				"meta is given twice; keep one"))
		}
		r.Meta.SourceTitle = f.Meta.SourceTitle
		r.Meta.SourceURL = f.Meta.SourceURL
		r.Meta.SourceUpdated = f.Meta.SourceUpdated
		r.Meta.Origin = l.at("meta")
	}
	for i, p := range f.Pins {
		r.Pins = append(r.Pins, guidance.Pin{Validity: p.validity(),
			ID: p.ID, Number: p.Number, Official: p.Official, Format: p.Format,
			LocksAfter: p.LocksAfter, Certificate: p.Certificate, Source: p.Source,
			Origin: l.at("pins", i),
		})
	}
	for i, q := range f.Questions {
		gq := guidance.Question{Validity: q.validity(),
			ID: q.ID, Multiple: q.Multiple, OptionsFrom: q.OptionsFrom, Source: q.Source,
			When:   l.cond(q.When, "questions", i, "when"),
			Origin: l.at("questions", i),
		}
		if q.OptionsFrom != "" && len(q.Options) > 0 {
			l.problems = append(l.problems, guidance.Problemf2(gq.Origin,
				"質問「%s」に options_from: と options: の両方があります。どちらか1つにしてください",
				"question %q has both options_from: and options:; keep one", q.ID))
		}
		for j, o := range q.Options {
			gq.Options = append(gq.Options, guidance.Option{
				Value: o.Value, TreatAs: o.TreatAs, Note: o.Note,
				Origin: l.at("questions", i, "options", j),
			})
		}
		r.Questions = append(r.Questions, gq)
	}
	for i, fa := range f.Facts {
		gf := guidance.Fact{ID: fa.ID, Origin: l.at("facts", i)}
		for j, p := range fa.Values {
			gf.Parts = append(gf.Parts, guidance.FactPart{Validity: p.validity(),
				From: p.From, Add: p.Add, Source: p.Source,
				When:   l.cond(p.When, "facts", i, "values", j, "when"),
				Origin: l.at("facts", i, "values", j),
			})
		}
		r.Facts = append(r.Facts, gf)
	}
	for i, d := range f.Documents {
		r.Documents = append(r.Documents, guidance.Document{Validity: d.validity(),
			ID: d.ID, Official: d.Official, IDColumns: d.IDColumns, ExceptExamples: d.ExceptExamples, Source: d.Source,
			Origin: l.at("documents", i),
		})
	}
	for i, rt := range f.Routes {
		gr := guidance.RouteRule{Validity: rt.validity(),
			Kind: rt.Kind, PinsFrom: rt.Pins.From, PinsOnly: rt.Pins.Only,
			CityVisits: rt.CityVisits, StoreVisits: rt.StoreVisits, Stores: rt.Stores,
			Counters: rt.Counters, Links: rt.Links, Source: rt.Source,
			When:   l.cond(rt.When, "routes", i, "when"),
			Origin: l.at("routes", i),
		}
		for j, s := range rt.Steps {
			gr.Steps = append(gr.Steps, guidance.StepRule{Validity: s.validity(),
				ID: s.ID, When: l.cond(s.When, "routes", i, "steps", j, "when"),
				Origin: l.at("routes", i, "steps", j),
			})
		}
		for j, v := range rt.Visits {
			gv := guidance.VisitRule{
				When:   l.cond(v.When, "routes", i, "visits", j, "when"),
				Origin: l.at("routes", i, "visits", j),
			}
			for k, d := range v.Documents {
				gv.Documents = append(gv.Documents, guidance.DocumentRule{Validity: d.validity(),
					ID: d.ID, Source: d.Source,
					When:   l.cond(d.When, "routes", i, "visits", j, "documents", k, "when"),
					Origin: l.at("routes", i, "visits", j, "documents", k),
				})
			}
			gr.Visits = append(gr.Visits, gv)
		}
		for j, u := range rt.Uncertain {
			gr.Uncertain = append(gr.Uncertain, guidance.Uncertain{
				Note: u.Note, When: l.cond(u.When, "routes", i, "uncertain", j, "when"),
				Origin: l.at("routes", i, "uncertain", j),
			})
		}
		r.Routes = append(r.Routes, gr)
	}
	for i, b := range f.Blocked {
		r.Blocks = append(r.Blocks, guidance.BlockRule{Validity: b.validity(),
			Reason: b.Reason, Route: b.Route, Source: b.Source,
			When:   l.cond(b.When, "blocked", i, "when"),
			Origin: l.at("blocked", i),
		})
	}
	for i, n := range f.Notes {
		r.Notes = append(r.Notes, guidance.NoteRule{Validity: n.validity(),
			ID: n.ID, Route: n.Route, Confirm: n.Confirm, Source: n.Source,
			When:   l.cond(n.When, "notes", i, "when"),
			Origin: l.at("notes", i),
		})
	}
	for i, s := range f.Stores {
		r.Stores = append(r.Stores, guidance.Store{Validity: s.validity(),
			ID: s.ID, Official: s.Official, Pins: s.Pins, AsOf: s.AsOf, Source: s.Source,
			Origin: l.at("stores", i),
		})
	}
	for i, c := range f.Counters {
		r.Counters = append(r.Counters, guidance.Counter{Validity: c.validity(),
			ID: c.ID, Official: c.Official, Address: c.Address, Phone: c.Phone,
			Opens: c.Opens, Closes: c.Closes, Closed: c.Closed, Source: c.Source,
			Origin: l.at("counters", i),
		})
	}
	for i, x := range f.Links {
		r.Links = append(r.Links, guidance.Link{Validity: x.validity(), ID: x.ID, URL: x.URL, Source: x.Source, Origin: l.at("links", i)})
	}
	if c := f.Calendar; c != nil {
		if r.Calendar.Origin != "" {
			l.problems = append(l.problems, guidance.Problemf2(l.at("calendar"),
				"calendar: が2か所に書かれています。1つにしてください",
				"calendar: is given twice; keep one"))
		}
		r.Calendar = guidance.Calendar{
			ClosedWeekdays: c.ClosedWeekdays, YearEndFrom: c.YearEnd.From, YearEndTo: c.YearEnd.To,
			HolidaysUntil: c.HolidaysUntil, StoreOpens: c.StoreMachines.Opens, StoreCloses: c.StoreMachines.Closes,
			WindowHours: c.StoreMachines.WindowHours, Origin: l.at("calendar"),
			Sources: map[string]string{
				"closed_weekdays": c.ClosedWeekdaysSource, "year_end": c.YearEndSource, "holidays": c.HolidaysSource,
				"temporary_counter": c.TemporaryCounterSource, "store_machines": c.StoreMachinesSource,
			},
		}
		for i, h := range c.Holidays {
			r.Calendar.Holidays = append(r.Calendar.Holidays, guidance.Holiday{
				Date: h.Date, Kind: h.Kind, Provisional: h.Provisional, Origin: l.at("calendar", "holidays", i),
			})
		}
		for i, t := range c.TemporaryCounter {
			r.Calendar.TemporaryCounter = append(r.Calendar.TemporaryCounter, guidance.TemporaryDate{
				Date: t.Date, Opens: t.Opens, Closes: t.Closes, Counter: t.Counter, Origin: l.at("calendar", "temporary_counter", i),
			})
		}
	}
	for i, c := range f.IDColumns {
		gc := guidance.IDColumn{Validity: c.validity(),
			ID: c.ID, Source: c.Source,
			Origin: l.at("id_columns", i),
		}
		for j, e := range c.Examples {
			gc.Examples = append(gc.Examples, guidance.IDExample{
				ID: e.ID, Official: e.Official,
				Origin: l.at("id_columns", i, "examples", j),
			})
		}
		r.IDColumns = append(r.IDColumns, gc)
	}
}

// cond converts a condition and its nested conditions, each with its line.
func (l *loader) cond(c *condDTO, p ...any) *guidance.Cond {
	if c == nil {
		return nil
	}
	g := &guidance.Cond{Eq: c.Eq, In: c.In, Pred: c.Pred, Origin: l.at(p...)}
	for _, set := range []bool{c.Eq != nil, c.In != nil, c.All != nil, c.Any != nil, c.Not != nil, c.Pred != ""} {
		if set {
			g.Operators++
		}
	}
	for i, s := range c.All {
		g.All = append(g.All, l.cond(s, append(p, "all", i)...))
	}
	for i, s := range c.Any {
		g.Any = append(g.Any, l.cond(s, append(p, "any", i)...))
	}
	g.Not = l.cond(c.Not, append(p, "not")...)
	return g
}
