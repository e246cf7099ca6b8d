package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Change is one difference in the outcome of one answer path between two rule
// sets: what a clerk reviews before publishing an edit.
type Change struct {
	Answers string // the path's answers, "question=value …"
	Kind    string // route_added, store_removed, document_added, … (see ChangeKinds)
	Detail  string // the ids concerned, e.g. "store: ministop"
}

// ChangeKinds are the kinds of change, in the order they are reported.
var ChangeKinds = []string{
	"path_added", "path_removed", "status_changed", "reset_pins_changed",
	"route_added", "route_removed", "route_pins_changed", "store_added", "store_removed",
	"visits_changed", "document_added", "document_removed",
	"blocked_added", "blocked_removed", "note_added", "note_removed",
}

// Diff lists every answer path whose outcome differs between old and new,
// in new's path order, then the paths only old has.
func Diff(old, new *Engine) []Change {
	type entry struct {
		key string
		out guidance.Outcome
	}
	collect := func(e *Engine) ([]entry, map[string]guidance.Outcome) {
		var list []entry
		m := map[string]guidance.Outcome{}
		e.Paths(func(p Path) {
			k := answersKey(p.Order)
			list = append(list, entry{k, p.Outcome})
			m[k] = p.Outcome
		})
		return list, m
	}
	oldList, oldMap := collect(old)
	newList, newMap := collect(new)
	var changes []Change
	for _, n := range newList {
		o, ok := oldMap[n.key]
		if !ok {
			changes = append(changes, Change{n.key, "path_added", summary(n.out)})
			continue
		}
		changes = append(changes, compare(n.key, o, n.out)...)
	}
	for _, o := range oldList {
		if _, ok := newMap[o.key]; !ok {
			changes = append(changes, Change{o.key, "path_removed", summary(o.out)})
		}
	}
	return changes
}

func answersKey(order []guidance.Answer) string {
	parts := make([]string, len(order))
	for i, a := range order {
		parts[i] = a.Question + "=" + strings.Join(a.Values, ",")
	}
	return strings.Join(parts, " ")
}

func summary(o guidance.Outcome) string {
	kinds := make([]string, len(o.Routes))
	for i, r := range o.Routes {
		kinds[i] = r.Kind
	}
	return fmt.Sprintf("%s: %s", o.Status, strings.Join(kinds, ","))
}

// setDiff returns what b has that a lacks, and what a has that b lacks.
func setDiff(a, b []string) (added, removed []string) {
	for _, x := range b {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

// compare lists the changes between two outcomes of one path.
func compare(key string, o, n guidance.Outcome) []Change {
	var out []Change
	add := func(kind, format string, a ...any) {
		out = append(out, Change{key, kind, fmt.Sprintf(format, a...)})
	}
	if o.Status != n.Status {
		add("status_changed", "%s → %s", o.Status, n.Status)
	}
	if !slices.Equal(o.ResetPins, n.ResetPins) {
		add("reset_pins_changed", "%s → %s", strings.Join(o.ResetPins, ","), strings.Join(n.ResetPins, ","))
	}
	routes := func(out guidance.Outcome) map[string]guidance.Route {
		m := map[string]guidance.Route{}
		for _, r := range out.Routes {
			m[r.Kind] = r
		}
		return m
	}
	or, nr := routes(o), routes(n)
	for _, r := range n.Routes {
		prev, ok := or[r.Kind]
		if !ok {
			add("route_added", "%s", r.Kind)
			continue
		}
		if !slices.Equal(prev.Pins, r.Pins) {
			add("route_pins_changed", "%s: %s → %s", r.Kind, strings.Join(prev.Pins, ","), strings.Join(r.Pins, ","))
		}
		added, removed := setDiff(prev.Stores, r.Stores)
		for _, s := range added {
			add("store_added", "%s: %s", r.Kind, s)
		}
		for _, s := range removed {
			add("store_removed", "%s: %s", r.Kind, s)
		}
		if len(prev.Visits) != len(r.Visits) {
			add("visits_changed", "%s: %d → %d", r.Kind, len(prev.Visits), len(r.Visits))
		}
		for i := range min(len(prev.Visits), len(r.Visits)) {
			added, removed := setDiff(prev.Visits[i].Documents, r.Visits[i].Documents)
			for _, d := range added {
				add("document_added", "%s visit %d: %s", r.Kind, i+1, d)
			}
			for _, d := range removed {
				add("document_removed", "%s visit %d: %s", r.Kind, i+1, d)
			}
		}
	}
	for _, r := range o.Routes {
		if _, ok := nr[r.Kind]; !ok {
			add("route_removed", "%s", r.Kind)
		}
	}
	reasons := func(out guidance.Outcome) []string {
		var s []string
		for _, b := range out.Blocked {
			s = append(s, b.Reason)
		}
		return s
	}
	added, removed := setDiff(reasons(o), reasons(n))
	for _, x := range added {
		add("blocked_added", "%s", x)
	}
	for _, x := range removed {
		add("blocked_removed", "%s", x)
	}
	notes := func(out guidance.Outcome) []string {
		var s []string
		for _, x := range out.Notes {
			s = append(s, x.ID)
		}
		return s
	}
	added, removed = setDiff(notes(o), notes(n))
	for _, x := range added {
		add("note_added", "%s", x)
	}
	for _, x := range removed {
		add("note_removed", "%s", x)
	}
	return out
}
