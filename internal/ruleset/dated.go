package ruleset

import (
	"slices"
	"time"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Dated rules: any pin, question, fact value, document, route, step, visit
// document, blocked reason, note, store, counter, ID column or link may carry
// valid_from / valid_to. The rules in force change only on those dates, so the
// time splits into periods, each with one rule set, checked on its own.

// Period is a stretch of time with one rule set in force.
type Period struct {
	From  string // YYYY-MM-DD, its first day; "" for the first period
	To    string // its last day; "" for the last period
	Rules *guidance.Rules
}

// Periods splits all rules into the periods between their valid_from and
// valid_to dates, earliest first.
func Periods(all *guidance.Rules) []Period {
	starts := boundaries(all)
	var out []Period
	for i := 0; i <= len(starts); i++ {
		p := Period{}
		date := "0001-01-01"
		if i > 0 {
			p.From, date = starts[i-1], starts[i-1]
		}
		if i < len(starts) {
			p.To = dayBefore(starts[i])
		}
		p.Rules = AsOf(all, date)
		out = append(out, p)
	}
	return out
}

// Contains reports whether date (YYYY-MM-DD) falls in the period.
func (p Period) Contains(date string) bool {
	return (p.From == "" || p.From <= date) && (p.To == "" || date <= p.To)
}

// PeriodAt is the period that contains date.
func PeriodAt(periods []Period, date string) Period {
	for _, p := range periods {
		if p.Contains(date) {
			return p
		}
	}
	return periods[len(periods)-1]
}

// boundaries lists the dates on which some rule comes into or goes out of force.
func boundaries(r *guidance.Rules) []string {
	var dates []string
	add := func(v guidance.Validity, _ guidance.Origin) {
		if v.ValidFrom != "" {
			dates = append(dates, v.ValidFrom)
		}
		if v.ValidTo != "" {
			dates = append(dates, dayAfter(v.ValidTo))
		}
	}
	eachValidity(r, add)
	slices.Sort(dates)
	return slices.Compact(dates)
}

// eachValidity visits every dated element of the rules.
func eachValidity(r *guidance.Rules, fn func(guidance.Validity, guidance.Origin)) {
	for _, x := range r.Pins {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.Questions {
		fn(x.Validity, x.Origin)
	}
	for _, f := range r.Facts {
		for _, x := range f.Parts {
			fn(x.Validity, x.Origin)
		}
	}
	for _, x := range r.Documents {
		fn(x.Validity, x.Origin)
	}
	for _, rt := range r.Routes {
		fn(rt.Validity, rt.Origin)
		for _, x := range rt.Steps {
			fn(x.Validity, x.Origin)
		}
		for _, v := range rt.Visits {
			for _, x := range v.Documents {
				fn(x.Validity, x.Origin)
			}
		}
	}
	for _, x := range r.Blocks {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.Notes {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.Stores {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.Counters {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.IDColumns {
		fn(x.Validity, x.Origin)
	}
	for _, x := range r.Links {
		fn(x.Validity, x.Origin)
	}
}

// inForce keeps the elements in force on date.
func inForce[T any](items []T, date string, v func(T) guidance.Validity) []T {
	var out []T
	for _, it := range items {
		if v(it).InForce(date) {
			out = append(out, it)
		}
	}
	return out
}

// AsOf is the rule set in force on date (YYYY-MM-DD): a copy without the
// elements not in force then.
func AsOf(all *guidance.Rules, date string) *guidance.Rules {
	r := *all
	r.Pins = inForce(all.Pins, date, func(x guidance.Pin) guidance.Validity { return x.Validity })
	r.Questions = inForce(all.Questions, date, func(x guidance.Question) guidance.Validity { return x.Validity })
	r.Facts = nil
	for _, f := range all.Facts {
		f.Parts = inForce(f.Parts, date, func(x guidance.FactPart) guidance.Validity { return x.Validity })
		r.Facts = append(r.Facts, f)
	}
	r.Documents = inForce(all.Documents, date, func(x guidance.Document) guidance.Validity { return x.Validity })
	r.Routes = nil
	for _, rt := range inForce(all.Routes, date, func(x guidance.RouteRule) guidance.Validity { return x.Validity }) {
		rt.Steps = inForce(rt.Steps, date, func(x guidance.StepRule) guidance.Validity { return x.Validity })
		var visits []guidance.VisitRule
		for _, v := range rt.Visits {
			v.Documents = inForce(v.Documents, date, func(x guidance.DocumentRule) guidance.Validity { return x.Validity })
			visits = append(visits, v)
		}
		rt.Visits = visits
		r.Routes = append(r.Routes, rt)
	}
	r.Blocks = inForce(all.Blocks, date, func(x guidance.BlockRule) guidance.Validity { return x.Validity })
	r.Notes = inForce(all.Notes, date, func(x guidance.NoteRule) guidance.Validity { return x.Validity })
	r.Stores = inForce(all.Stores, date, func(x guidance.Store) guidance.Validity { return x.Validity })
	r.Counters = inForce(all.Counters, date, func(x guidance.Counter) guidance.Validity { return x.Validity })
	r.IDColumns = inForce(all.IDColumns, date, func(x guidance.IDColumn) guidance.Validity { return x.Validity })
	r.Links = inForce(all.Links, date, func(x guidance.Link) guidance.Validity { return x.Validity })
	return &r
}

func dayAfter(date string) string  { return shift(date, 1) }
func dayBefore(date string) string { return shift(date, -1) }

func shift(date string, days int) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, days).Format(time.DateOnly)
}
