// Package engine turns a resident's answers into the next question or an outcome.
// It is pure: no I/O, no HTTP, no templates; everything it knows comes from the
// rules (guidance.Rules) it is given.
package engine

import (
	"cmp"
	"slices"
	"strings"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Engine evaluates answers against one rule set. It is safe for concurrent use.
type Engine struct {
	rules    *guidance.Rules
	pinOrder map[string]int
	slot     map[string]int           // question and fact ids → Facts slot
	nodes    map[*guidance.Cond]*node // every condition, compiled
	affects  [][]int                  // question index → the facts to recompute after it
}

// New prepares an engine for rules that passed ruleset validation. It checks what
// only evaluation can show: that every named predicate exists, and, by walking
// every combination of answers, that every question can be asked, every route,
// document, step, store and note can be reached, and every combination reaches an
// outcome. Problems name the rule's file:line.
func New(r *guidance.Rules) (*Engine, []guidance.Problem) {
	e := &Engine{rules: r, pinOrder: map[string]int{}, slot: map[string]int{}, nodes: map[*guidance.Cond]*node{}}
	for i, p := range r.Pins {
		e.pinOrder[p.ID] = i
	}
	for _, q := range r.Questions {
		e.slot[q.ID] = len(e.slot)
	}
	for _, f := range r.Facts {
		e.slot[f.ID] = len(e.slot)
	}
	var problems []guidance.Problem
	for _, c := range r.Conds() {
		if c.Pred != "" {
			if _, ok := predicates[c.Pred]; !ok {
				problems = append(problems, guidance.Problemf2(c.Origin,
					"pred:「%s」という判定はありません。使えるのは %s です。例: pred: one_certificate_pin",
					"unknown predicate %q (known: %s), e.g. pred: one_certificate_pin", c.Pred, strings.Join(PredicateNames(), ", ")))
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	for _, c := range r.Conds() {
		e.nodes[c] = e.compile(c)
	}
	e.affects = e.factDependencies()
	return e, e.checkReachability()
}

// Rules returns the rules the engine evaluates.
func (e *Engine) Rules() *guidance.Rules { return e.rules }

// Validate reports answers that are not answers at all: unknown questions, unknown
// values, several values where one is allowed. Irrelevant answers are not errors.
// Errors come in the rules' question order, so messages are stable.
func (e *Engine) Validate(a guidance.Answers) []guidance.InputError {
	var errs []guidance.InputError
	unknown := make([]string, 0)
	for param := range a {
		if _, ok := e.rules.Question(param); !ok {
			unknown = append(unknown, param)
		}
	}
	slices.Sort(unknown)
	for _, p := range unknown {
		errs = append(errs, guidance.InputError{Code: guidance.ErrUnknownParam, Param: p})
	}
	for i := range e.rules.Questions {
		q := &e.rules.Questions[i]
		vals, ok := a[q.ID]
		if !ok {
			continue
		}
		for _, v := range vals {
			if _, ok := q.Option(v); !ok {
				errs = append(errs, guidance.InputError{Code: guidance.ErrUnknownValue, Param: q.ID, Value: v})
			}
		}
		if !q.Multiple && len(vals) > 1 {
			errs = append(errs, guidance.InputError{Code: guidance.ErrRepeatedValue, Param: q.ID})
		}
	}
	return errs
}

// Evaluate asks the questions in order, keeping only the relevant answers, and
// returns the next unanswered question or the outcome. Answers must have passed
// Validate; unknown values are skipped.
func (e *Engine) Evaluate(a guidance.Answers) guidance.Outcome {
	var out guidance.Outcome
	f := Facts{vals: make([][]string, len(e.slot)), index: e.slot}
	var triggered []string // notes asked for by options read as the cautious case
	for i := range e.rules.Questions {
		q := &e.rules.Questions[i]
		if !e.when(q.When, f) {
			continue
		}
		var given, effective []string
		for _, o := range q.Options { // option order, duplicates dropped
			if !slices.Contains(a[q.ID], o.Value) {
				continue
			}
			given = append(given, o.Value)
			if o.TreatAs != "" {
				effective = appendNew(effective, o.TreatAs)
				triggered = appendNew(triggered, o.Note)
			} else {
				effective = appendNew(effective, o.Value)
			}
			if !q.Multiple {
				break
			}
		}
		if len(given) == 0 {
			out.Status = guidance.StatusIncomplete
			out.Next = q
			return out
		}
		out.Answered = append(out.Answered, guidance.Answer{Question: q.ID, Values: given})
		f.vals[e.slot[q.ID]] = effective
		e.derive(f, e.affects[i])
	}
	e.decide(f, triggered, &out)
	return out
}

// when evaluates a rule's condition through its compiled form.
func (e *Engine) when(c *guidance.Cond, f Facts) bool {
	if c == nil {
		return true
	}
	return e.holds(e.nodes[c], f)
}

// derive recomputes the given derived facts from the answers kept so far.
func (e *Engine) derive(f Facts, facts []int) {
	for _, fi := range facts {
		fact := &e.rules.Facts[fi]
		vals := f.vals[e.slot[fact.ID]][:0] // the slot's own buffer: no fact value escapes Evaluate
		if vals == nil {
			vals = make([]string, 0, 4)
		}
		for _, part := range fact.Parts {
			if !e.when(part.When, f) {
				continue
			}
			if part.From != "" {
				for _, v := range f.Values(part.From) {
					vals = appendNew(vals, v)
				}
			}
			for _, v := range part.Add {
				vals = appendNew(vals, v)
			}
		}
		f.vals[e.slot[fact.ID]] = vals
	}
}

// factDependencies lists, for each question, the derived facts (in order) whose
// value can change when it is answered: those that read it, directly or through
// an earlier fact.
func (e *Engine) factDependencies() [][]int {
	depends := make([]map[int]bool, len(e.rules.Facts)) // fact → slots it reads
	var slots func(n *node, into map[int]bool)
	slots = func(n *node, into map[int]bool) {
		if n == nil {
			return
		}
		if n.op == opAny {
			into[n.slot] = true
		}
		if n.op == opPred { // predicates read reset_pins
			into[e.slot[guidance.ResetPinsFact]] = true
		}
		for _, k := range n.kids {
			slots(k, into)
		}
	}
	for fi, fact := range e.rules.Facts {
		d := map[int]bool{}
		for _, p := range fact.Parts {
			if p.From != "" {
				d[e.slot[p.From]] = true
			}
			slots(e.nodes[p.When], d)
		}
		// Reading an earlier fact means reading what that fact reads.
		for fj := range fi {
			if d[e.slot[e.rules.Facts[fj].ID]] {
				for s := range depends[fj] {
					d[s] = true
				}
			}
		}
		depends[fi] = d
	}
	out := make([][]int, len(e.rules.Questions))
	for qi, q := range e.rules.Questions {
		for fi := range e.rules.Facts {
			if depends[fi][e.slot[q.ID]] {
				out[qi] = append(out[qi], fi)
			}
		}
	}
	return out
}

// decide builds the outcome of a complete set of answers.
func (e *Engine) decide(f Facts, triggered []string, out *guidance.Outcome) {
	out.Status = guidance.StatusComplete
	out.ResetPins = e.sortPins(slices.Clone(f.Values(guidance.ResetPinsFact)))
	offered := map[string]bool{}
	for ri := range e.rules.Routes {
		rr := &e.rules.Routes[ri]
		blocked := false
		for _, b := range e.rules.Blocks {
			if b.Route == rr.Kind && e.when(b.When, f) {
				out.Blocked = append(out.Blocked, guidance.Blocked{Reason: b.Reason, Route: b.Route})
				blocked = true
			}
		}
		if blocked || !e.when(rr.When, f) {
			continue
		}
		uncertain := false
		for _, u := range rr.Uncertain {
			if e.when(u.When, f) {
				uncertain = true
				triggered = appendNew(triggered, u.Note)
			}
		}
		if uncertain {
			out.Status = guidance.StatusConfirm
			continue
		}
		route, ok := e.route(rr, f)
		if !ok {
			continue
		}
		offered[rr.Kind] = true
		out.Routes = append(out.Routes, route)
	}
	// Cheapest for the resident first: fewest trips to city hall, then to a store.
	slices.SortStableFunc(out.Routes, func(a, b guidance.Route) int {
		return cmp.Or(cmp.Compare(a.CityVisits, b.CityVisits), cmp.Compare(a.StoreVisits, b.StoreVisits))
	})
	for _, n := range e.rules.Notes {
		show := slices.Contains(triggered, n.ID) ||
			(n.When != nil && e.when(n.When, f) && (n.Route == "" || offered[n.Route]))
		if show {
			out.Notes = append(out.Notes, guidance.Note{ID: n.ID, Confirm: n.Confirm, Route: n.Route})
		}
	}
}

// route fills in one route that works; false if it would set no PIN.
func (e *Engine) route(rr *guidance.RouteRule, f Facts) (guidance.Route, bool) {
	var pins []string
	for _, p := range f.Values(rr.PinsFrom) {
		if len(rr.PinsOnly) == 0 || slices.Contains(rr.PinsOnly, p) {
			pins = append(pins, p)
		}
	}
	if len(pins) == 0 {
		return guidance.Route{}, false
	}
	r := guidance.Route{
		Kind:        rr.Kind,
		Pins:        e.sortPins(pins),
		CityVisits:  rr.CityVisits,
		StoreVisits: rr.StoreVisits,
		Counters:    rr.Counters,
		Links:       rr.Links,
	}
	if rr.Stores {
		for _, s := range e.rules.Stores {
			if containsAll(s.Pins, r.Pins) {
				r.Stores = append(r.Stores, s.ID)
			}
		}
	}
	for _, s := range rr.Steps {
		if e.when(s.When, f) {
			r.Steps = append(r.Steps, s.ID)
		}
	}
	for _, v := range rr.Visits {
		if !e.when(v.When, f) {
			continue
		}
		var visit guidance.Visit
		for _, d := range v.Documents {
			if e.when(d.When, f) {
				visit.Documents = append(visit.Documents, d.ID)
			}
		}
		r.Visits = append(r.Visits, visit)
	}
	if len(rr.Visits) > 0 {
		r.CityVisits = len(r.Visits)
	}
	return r, true
}

func (e *Engine) sortPins(pins []string) []string {
	slices.SortFunc(pins, func(a, b string) int { return cmp.Compare(e.pinOrder[a], e.pinOrder[b]) })
	return pins
}

func appendNew(s []string, v string) []string {
	if v == "" || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
