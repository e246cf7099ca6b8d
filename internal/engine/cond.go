package engine

import (
	"slices"
	"sort"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Facts are the answers read so far (question id → effective values) and the
// facts derived from them. An unanswered or irrelevant question holds no value.
type Facts map[string][]string

// Has reports whether fact id holds value v.
func (f Facts) Has(id, v string) bool { return slices.Contains(f[id], v) }

// Predicate is a named condition that data cannot express. Each has a unit test.
type Predicate func(f Facts, r *guidance.Rules) bool

// predicates are the named predicates rules may use as {pred: NAME}.
var predicates = map[string]Predicate{
	// one_certificate_pin: exactly one certificate PIN is to be reset. The app and
	// store route resets one certificate PIN with the other one as proof
	// (「署名用…の再設定には、利用者証明用…暗証番号の入力が…必要です。両方ともわからない場合は窓口で」).
	"one_certificate_pin": func(f Facts, r *guidance.Rules) bool {
		n := 0
		for _, id := range f[guidance.ResetPinsFact] {
			if p, ok := r.Pin(id); ok && p.Certificate {
				n++
			}
		}
		return n == 1
	},
}

// PredicateNames lists the named predicates, sorted.
func PredicateNames() []string {
	names := make([]string, 0, len(predicates))
	for n := range predicates {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// holds evaluates c; a missing condition always holds.
func (e *Engine) holds(c *guidance.Cond, f Facts) bool {
	if c == nil {
		return true
	}
	switch {
	case c.Eq != nil:
		for id, v := range c.Eq {
			if !f.Has(id, v) {
				return false
			}
		}
		return true
	case c.In != nil:
		for id, vs := range c.In {
			if !slices.ContainsFunc(vs, func(v string) bool { return f.Has(id, v) }) {
				return false
			}
		}
		return true
	case c.All != nil:
		for _, sub := range c.All {
			if !e.holds(sub, f) {
				return false
			}
		}
		return true
	case c.Any != nil:
		return slices.ContainsFunc(c.Any, func(sub *guidance.Cond) bool { return e.holds(sub, f) })
	case c.Not != nil:
		return !e.holds(c.Not, f)
	case c.Pred != "":
		return predicates[c.Pred](f, e.rules)
	}
	return false
}
