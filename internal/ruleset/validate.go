package ruleset

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	hhmmPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// checker collects the problems of one rule set.
type checker struct {
	r        *guidance.Rules
	problems []guidance.Problem
	// universe: every fact's possible values (questions: their options as read).
	universe map[string][]string
	// deps: the questions each question or fact depends on.
	deps map[string][]string
}

func (c *checker) add(o guidance.Origin, format string, a ...any) {
	c.problems = append(c.problems, guidance.Problemf(o, format, a...))
}

// validate checks what can be seen without evaluating: ids, references, values,
// sources, formats and the order of questions. The engine then walks every path
// for what can be seen only by evaluating.
func validate(r *guidance.Rules) []guidance.Problem {
	c := &checker{r: r, universe: map[string][]string{}, deps: map[string][]string{}}
	c.meta()
	pins := c.ids("PIN", func(yield func(string, guidance.Origin) bool) {
		for _, p := range r.Pins {
			if !yield(p.ID, p.Origin) {
				return
			}
		}
	})
	for _, p := range r.Pins {
		c.source(p.Source, p.Origin, "PIN "+p.ID)
		if p.Official == "" {
			c.add(p.Origin, "PIN %q has no official: (its Japanese name)", p.ID)
		}
		if p.LocksAfter <= 0 {
			c.add(p.Origin, "PIN %q needs locks_after: (wrong entries before it locks), e.g. locks_after: 3", p.ID)
		}
	}
	documents := c.ids("document", func(yield func(string, guidance.Origin) bool) {
		for _, d := range r.Documents {
			if !yield(d.ID, d.Origin) {
				return
			}
		}
	})
	notes := c.ids("note", func(yield func(string, guidance.Origin) bool) {
		for _, n := range r.Notes {
			if !yield(n.ID, n.Origin) {
				return
			}
		}
	})
	counters := c.ids("counter", func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Counters {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	columns := c.ids("ID column", func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.IDColumns {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	links := c.ids("link", func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Links {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	for _, x := range r.Links {
		c.source(x.Source, x.Origin, "link "+x.ID)
		if !strings.HasPrefix(x.URL, "https://") {
			c.add(x.Origin, "link %q: url: must start with https://", x.ID)
		}
	}
	c.ids("store", func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Stores {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	kinds := c.ids("route", func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Routes {
			if !yield(x.Kind, x.Origin) {
				return
			}
		}
	})
	// Questions and facts share one namespace: conditions name either.
	c.ids("question or fact", func(yield func(string, guidance.Origin) bool) {
		for _, q := range r.Questions {
			if !yield(q.ID, q.Origin) {
				return
			}
		}
		for _, f := range r.Facts {
			if !yield(f.ID, f.Origin) {
				return
			}
		}
	})

	c.questions(pins, notes)
	c.facts(pins)
	c.questionConds()
	for _, d := range r.Documents {
		c.source(d.Source, d.Origin, "document "+d.ID)
		if d.Official == "" {
			c.add(d.Origin, "document %q has no official: (the Japanese wording the counter uses)", d.ID)
		}
		for _, col := range d.IDColumns {
			c.ref(columns, col, d.Origin, "ID column")
		}
	}
	c.routes(pins, documents, notes, counters, links)
	for _, b := range r.Blocks {
		c.source(b.Source, b.Origin, "blocked reason "+b.Reason)
		c.id(b.Reason, b.Origin, "blocked reason")
		c.ref(kinds, b.Route, b.Origin, "route")
		c.required(b.When, b.Origin)
	}
	for _, n := range r.Notes {
		c.source(n.Source, n.Origin, "note "+n.ID)
		if n.Route != "" {
			c.ref(kinds, n.Route, n.Origin, "route")
		}
		c.condition(n.When, -1)
	}
	for _, s := range r.Stores {
		c.source(s.Source, s.Origin, "store "+s.ID)
		c.date(s.AsOf, s.Origin, "as_of")
		if len(s.Pins) == 0 {
			c.add(s.Origin, "store %q names no pins: (the PINs its machines reset), e.g. pins: [sign]", s.ID)
		}
		for _, p := range s.Pins {
			c.ref(pins, p, s.Origin, "PIN")
		}
	}
	for _, x := range r.Counters {
		c.source(x.Source, x.Origin, "counter "+x.ID)
		c.hours(x.Opens, x.Closes, x.Origin, "counter "+x.ID)
	}
	for _, x := range r.IDColumns {
		c.source(x.Source, x.Origin, "ID column "+x.ID)
		if len(x.Examples) == 0 {
			c.add(x.Origin, "ID column %q has no examples:", x.ID)
		}
	}
	c.calendar(counters)
	return c.problems
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// calendar checks the calendar's dates, times and sources.
func (c *checker) calendar(counters []string) {
	cal := c.r.Calendar
	if cal.Origin == "" {
		c.add("rules", "calendar: is missing (closed_weekdays, year_end, holidays, store_machines)")
		return
	}
	for _, k := range []string{"closed_weekdays", "year_end", "holidays", "store_machines", "temporary_counter"} {
		if k != "temporary_counter" || len(cal.TemporaryCounter) > 0 {
			c.source(cal.Sources[k], cal.Origin, "calendar "+k+"_source")
		}
	}
	for _, d := range cal.ClosedWeekdays {
		if !slices.Contains(weekdays, d) {
			c.add(cal.Origin, "closed_weekdays: %q is not one of %s", d, strings.Join(weekdays, ", "))
		}
	}
	for _, md := range []string{cal.YearEndFrom, cal.YearEndTo} {
		if _, err := time.Parse("01-02", md); err != nil {
			c.add(cal.Origin, "year_end: %q is not a month and day; write MM-DD, e.g. \"12-29\"", md)
		}
	}
	c.date(cal.HolidaysUntil, cal.Origin, "holidays_until")
	prev := ""
	for _, h := range cal.Holidays {
		c.date(h.Date, h.Origin, "holiday")
		if h.Date <= prev {
			c.add(h.Origin, "holiday %s is out of order or given twice (after %s); keep the list sorted", h.Date, prev)
		}
		if h.Date > cal.HolidaysUntil {
			c.add(h.Origin, "holiday %s is after holidays_until %s", h.Date, cal.HolidaysUntil)
		}
		if h.Kind != "" && h.Kind != "substitute" && h.Kind != "citizens" {
			c.add(h.Origin, "holiday kind %q: use substitute (振替休日) or citizens (国民の休日), or leave it out", h.Kind)
		}
		prev = h.Date
	}
	prev = ""
	for _, t := range cal.TemporaryCounter {
		c.date(t.Date, t.Origin, "temporary_counter date")
		c.hours(t.Opens, t.Closes, t.Origin, "the temporary counter on "+t.Date)
		if t.Counter != "" {
			c.ref(counters, t.Counter, t.Origin, "counter")
		}
		if t.Date < prev {
			c.add(t.Origin, "temporary-counter date %s is out of order; keep the list sorted", t.Date)
		}
		prev = t.Date
	}
	c.hours(cal.StoreOpens, cal.StoreCloses, cal.Origin, "store_machines")
	if cal.WindowHours <= 0 {
		c.add(cal.Origin, "store_machines: window_hours must be positive, e.g. 24")
	}
}

// hours checks an opening and closing time.
func (c *checker) hours(opens, closes string, o guidance.Origin, what string) {
	if !hhmmPattern.MatchString(opens) || !hhmmPattern.MatchString(closes) || opens >= closes {
		c.add(o, "%s needs opens: and closes: as HH:MM, opens before closes, e.g. opens: \"08:30\"", what)
	}
}

func (c *checker) meta() {
	m := c.r.Meta
	if m.SourceUpdated == "" {
		c.add("rules", "meta: is missing (source_title, source_url, source_updated)")
		return
	}
	c.date(m.SourceUpdated, m.Origin, "source_updated")
}

// ids checks that ids are well formed and unique, and returns them.
func (c *checker) ids(what string, all func(yield func(string, guidance.Origin) bool)) []string {
	var ids []string
	for id, o := range all {
		c.id(id, o, what)
		if slices.Contains(ids, id) {
			c.add(o, "%s id %q is used twice; ids must be unique", what, id)
		}
		ids = append(ids, id)
	}
	return ids
}

func (c *checker) id(id string, o guidance.Origin, what string) {
	if !idPattern.MatchString(id) {
		c.add(o, "%s id %q must be lower-case letters, digits and _ (e.g. holder_card)", what, id)
	}
}

func (c *checker) ref(known []string, id string, o guidance.Origin, what string) {
	if !slices.Contains(known, id) {
		c.add(o, "unknown %s %q%s", what, id, suggest(id, known))
	}
}

func (c *checker) source(s string, o guidance.Origin, what string) {
	if strings.TrimSpace(s) == "" {
		c.add(o, "%s has no source: (the sentence of the city's page, or a URL and date)", what)
	}
}

func (c *checker) date(s string, o guidance.Origin, field string) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		c.add(o, "%s: %q is not a date; write YYYY-MM-DD, e.g. 2024-09-04", field, s)
	}
}

func (c *checker) questions(pins, notes []string) {
	expandOptions(c.r)
	for qi := range c.r.Questions {
		q := &c.r.Questions[qi]
		c.source(q.Source, q.Origin, "question "+q.ID)
		switch q.OptionsFrom {
		case "", "pins":
		default:
			c.add(q.Origin, "options_from: %q is unknown; the only one is pins", q.OptionsFrom)
		}
		if len(q.Options) == 0 {
			c.add(q.Origin, "question %q has no options", q.ID)
		}
		var values, read []string
		for _, o := range q.Options {
			c.id(o.Value, o.Origin, "option")
			if slices.Contains(values, o.Value) {
				c.add(o.Origin, "option %q is given twice", o.Value)
			}
			values = append(values, o.Value)
		}
		for _, o := range q.Options {
			switch {
			case o.TreatAs == "":
				read = append(read, o.Value)
				if o.Note != "" {
					c.add(o.Origin, "option %q has a note: but no treat_as:; only an option read as another needs one", o.Value)
				}
			case o.TreatAs == o.Value || !slices.Contains(values, o.TreatAs):
				c.add(o.Origin, "option %q: treat_as: %q must name another option of %q", o.Value, o.TreatAs, q.ID)
			case o.Note == "":
				c.add(o.Origin, "option %q is read as %q but has no note: to tell the resident so", o.Value, o.TreatAs)
			default:
				c.ref(notes, o.Note, o.Origin, "note")
			}
		}
		c.universe[q.ID] = read
		c.deps[q.ID] = []string{q.ID}
	}
}

// questionConds checks when each question is asked, once every question's and
// fact's values are known (a question may depend on a fact derived from earlier
// questions).
func (c *checker) questionConds() {
	for qi, q := range c.r.Questions {
		c.condition(q.When, qi)
	}
}

func (c *checker) facts(pins []string) {
	hasReset := false
	for _, f := range c.r.Facts {
		hasReset = hasReset || f.ID == guidance.ResetPinsFact
		var universe, deps []string
		for _, p := range f.Parts {
			if (p.From == "") == (len(p.Add) == 0) {
				c.add(p.Origin, "fact %q: each entry of values: needs either from: or add:", f.ID)
			}
			if p.From != "" {
				if _, ok := c.universe[p.From]; !ok {
					c.add(p.Origin, "fact %q: from: %q is not a question or an earlier fact", f.ID, p.From)
				}
				universe = merge(universe, c.universe[p.From])
				deps = merge(deps, c.deps[p.From])
			}
			if len(p.Add) > 0 {
				c.source(p.Source, p.Origin, "fact "+f.ID+"'s add:")
			}
			universe = merge(universe, p.Add)
			deps = merge(deps, c.condition(p.When, -1))
		}
		if f.ID == guidance.ResetPinsFact {
			for _, v := range universe {
				c.ref(pins, v, f.Origin, "PIN")
			}
		}
		c.universe[f.ID] = universe
		c.deps[f.ID] = deps
	}
	if !hasReset {
		c.add("rules", "the fact %q (the PINs to reset) is missing", guidance.ResetPinsFact)
	}
}

func (c *checker) routes(pins, documents, notes, counters, links []string) {
	for _, rt := range c.r.Routes {
		c.source(rt.Source, rt.Origin, "route "+rt.Kind)
		c.condition(rt.When, -1)
		if _, ok := c.universe[rt.PinsFrom]; !ok {
			c.add(rt.Origin, "route %q: pins: from: %q must name the fact or question that holds its PINs, e.g. from: reset_pins", rt.Kind, rt.PinsFrom)
		}
		for _, p := range rt.PinsOnly {
			c.ref(pins, p, rt.Origin, "PIN")
		}
		for _, x := range rt.Counters {
			c.ref(counters, x, rt.Origin, "counter")
		}
		for _, x := range rt.Links {
			c.ref(links, x, rt.Origin, "link")
		}
		var steps []string
		for _, s := range rt.Steps {
			c.id(s.ID, s.Origin, "step")
			if slices.Contains(steps, s.ID) {
				c.add(s.Origin, "step %q is given twice in route %q", s.ID, rt.Kind)
			}
			steps = append(steps, s.ID)
			c.condition(s.When, -1)
		}
		for _, v := range rt.Visits {
			c.condition(v.When, -1)
			if len(v.Documents) == 0 {
				c.add(v.Origin, "a visit of route %q lists no documents", rt.Kind)
			}
			for _, d := range v.Documents {
				c.ref(documents, d.ID, d.Origin, "document")
				c.condition(d.When, -1)
			}
		}
		for _, u := range rt.Uncertain {
			c.ref(notes, u.Note, u.Origin, "note")
			c.required(u.When, u.Origin)
		}
	}
}

// condition checks a condition's operators, names and values, and returns the
// questions it depends on. For the question at index asker, every one must be
// asked before it.
func (c *checker) condition(cond *guidance.Cond, asker int) []string {
	if cond == nil {
		return nil
	}
	var deps []string
	if cond.Operators != 1 {
		c.add(cond.Origin, "a condition needs exactly one of eq, in, all, any, not, pred (found %d); nest them with all:", cond.Operators)
	}
	check := func(id string, vals ...string) {
		universe, ok := c.universe[id]
		if !ok {
			c.add(cond.Origin, "unknown question or fact %q%s", id, suggest(id, keys(c.universe)))
			return
		}
		for _, v := range vals {
			if !slices.Contains(universe, v) {
				c.add(cond.Origin, "%q never holds %q (it can hold %s)", id, v, strings.Join(universe, ", "))
			}
		}
		deps = merge(deps, c.deps[id])
	}
	for id, v := range cond.Eq {
		check(id, v)
	}
	for id, vs := range cond.In {
		if len(vs) == 0 {
			c.add(cond.Origin, "in: %q lists no values", id)
		}
		check(id, vs...)
	}
	for _, s := range cond.All {
		deps = merge(deps, c.condition(s, asker))
	}
	for _, s := range cond.Any {
		deps = merge(deps, c.condition(s, asker))
	}
	if cond.Not != nil {
		deps = merge(deps, c.condition(cond.Not, asker))
	}
	if cond.Pred != "" {
		deps = merge(deps, c.deps[guidance.ResetPinsFact])
	}
	if asker >= 0 {
		q := c.r.Questions[asker]
		for _, d := range deps {
			if idx := slices.IndexFunc(c.r.Questions, func(x guidance.Question) bool { return x.ID == d }); idx >= asker {
				c.add(cond.Origin, "question %q depends on %q, which is asked later; move %q after it", q.ID, d, q.ID)
			}
		}
	}
	return deps
}

// required checks a condition that may not be left out.
func (c *checker) required(cond *guidance.Cond, o guidance.Origin) {
	if cond == nil {
		c.add(o, "when: is missing; a blocked reason or an uncertain entry applies only under a condition")
	}
	c.condition(cond, -1)
}

func merge(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

func keys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// suggest offers the closest known id for a likely typo.
func suggest(id string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(id, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// expandOptions fills in the options of a question with options_from: pins,
// from the PINs of these rules.
func expandOptions(r *guidance.Rules) {
	for i := range r.Questions {
		q := &r.Questions[i]
		if q.OptionsFrom != "pins" {
			continue
		}
		q.Options = nil
		for _, p := range r.Pins {
			q.Options = append(q.Options, guidance.Option{Value: p.ID, Origin: q.Origin})
		}
	}
}

// validateDates checks every valid_from and valid_to.
func validateDates(r *guidance.Rules) []guidance.Problem {
	c := &checker{r: r}
	eachValidity(r, func(v guidance.Validity, o guidance.Origin) {
		if v.ValidFrom != "" {
			c.date(v.ValidFrom, o, "valid_from")
		}
		if v.ValidTo != "" {
			c.date(v.ValidTo, o, "valid_to")
		}
		if v.ValidFrom != "" && v.ValidTo != "" && v.ValidTo < v.ValidFrom {
			c.add(o, "valid_to %s is before valid_from %s", v.ValidTo, v.ValidFrom)
		}
	})
	return c.problems
}
