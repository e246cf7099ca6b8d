package engine

import (
	"maps"
	"slices"
	"sort"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Facts are the answers read so far (effective values per question) and the facts
// derived from them, one slot each. An unanswered or irrelevant question holds no
// value.
type Facts struct {
	vals  [][]string
	index map[string]int
}

// Has reports whether fact id holds value v.
func (f Facts) Has(id, v string) bool {
	i, ok := f.index[id]
	return ok && slices.Contains(f.vals[i], v)
}

// Values returns the values fact id holds.
func (f Facts) Values(id string) []string {
	if i, ok := f.index[id]; ok {
		return f.vals[i]
	}
	return nil
}

// Predicate is a named condition that data cannot express. Each has a unit test.
type Predicate func(f Facts, r *guidance.Rules) bool

// predicates are the named predicates rules may use as {pred: NAME}.
var predicates = map[string]Predicate{
	// one_certificate_pin: exactly one certificate PIN is to be reset. The app and
	// store route resets one certificate PIN with the other one as proof
	// (「署名用…の再設定には、利用者証明用…暗証番号の入力が…必要です。両方ともわからない場合は窓口で」).
	"one_certificate_pin": func(f Facts, r *guidance.Rules) bool {
		n := 0
		for _, id := range f.Values(guidance.ResetPinsFact) {
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

type op uint8

const (
	opAny  op = iota // the slot holds one of vals (eq and in)
	opAll            // every kid holds
	opOr             // some kid holds
	opNot            // the kid does not hold
	opPred           // a named predicate
)

// node is a condition compiled for evaluation: ids resolved to slots, and a
// multi-key eq/in split into an all of single tests.
type node struct {
	op   op
	slot int
	vals []string
	kids []*node
	pred Predicate
}

// compile resolves a condition; the rules are validated, so every id exists.
func (e *Engine) compile(c *guidance.Cond) *node {
	if c == nil {
		return nil
	}
	var leaves []*node
	for _, id := range slices.Sorted(maps.Keys(c.Eq)) {
		leaves = append(leaves, &node{op: opAny, slot: e.slot[id], vals: []string{c.Eq[id]}})
	}
	for _, id := range slices.Sorted(maps.Keys(c.In)) {
		leaves = append(leaves, &node{op: opAny, slot: e.slot[id], vals: c.In[id]})
	}
	switch {
	case len(leaves) == 1:
		return leaves[0]
	case len(leaves) > 1:
		return &node{op: opAll, kids: leaves}
	case c.All != nil:
		n := &node{op: opAll}
		for _, k := range c.All {
			n.kids = append(n.kids, e.compile(k))
		}
		return n
	case c.Any != nil:
		n := &node{op: opOr}
		for _, k := range c.Any {
			n.kids = append(n.kids, e.compile(k))
		}
		return n
	case c.Not != nil:
		return &node{op: opNot, kids: []*node{e.compile(c.Not)}}
	}
	return &node{op: opPred, pred: predicates[c.Pred]}
}

// holds evaluates a compiled condition; a missing condition always holds.
func (e *Engine) holds(n *node, f Facts) bool {
	if n == nil {
		return true
	}
	switch n.op {
	case opAny:
		for _, v := range f.vals[n.slot] {
			if slices.Contains(n.vals, v) {
				return true
			}
		}
		return false
	case opAll:
		for _, k := range n.kids {
			if !e.holds(k, f) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range n.kids {
			if e.holds(k, f) {
				return true
			}
		}
		return false
	case opNot:
		return !e.holds(n.kids[0], f)
	}
	return n.pred(f, e.rules)
}
