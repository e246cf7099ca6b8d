package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Graph is the question graph as the engine really walks it: an edge from one
// question to the next asked, labelled with the answers that lead there; the
// last question of a path leads to the result.
type Graph struct {
	Nodes []string // question ids in the rules' order, then ResultNode
	Edges []Edge
}

// Edge is one step of the graph.
type Edge struct {
	From, To string
	Values   []string // the From question's values that lead to To, in option order
}

// ResultNode is the graph's end.
const ResultNode = "result"

// Graph derives the question graph from every path.
func (e *Engine) Graph() Graph {
	type key struct{ from, to string }
	values := map[key][]string{}
	var order []key
	e.Paths(func(p Path) {
		for i, a := range p.Order {
			to := ResultNode
			if i+1 < len(p.Order) {
				to = p.Order[i+1].Question
			}
			k := key{a.Question, to}
			if _, ok := values[k]; !ok {
				order = append(order, k)
			}
			for _, v := range a.Values {
				if !slices.Contains(values[k], v) {
					values[k] = append(values[k], v)
				}
			}
		}
	})
	g := Graph{}
	rank := map[string]int{ResultNode: len(e.rules.Questions)}
	for i, q := range e.rules.Questions {
		g.Nodes = append(g.Nodes, q.ID)
		rank[q.ID] = i
	}
	g.Nodes = append(g.Nodes, ResultNode)
	for _, k := range order {
		q, _ := e.rules.Question(k.from)
		vals := values[k]
		index := func(v string) int {
			return slices.IndexFunc(q.Options, func(o guidance.Option) bool { return o.Value == v })
		}
		slices.SortFunc(vals, func(a, b string) int { return index(a) - index(b) })
		g.Edges = append(g.Edges, Edge{From: k.from, To: k.to, Values: vals})
	}
	slices.SortStableFunc(g.Edges, func(a, b Edge) int {
		if c := rank[a.From] - rank[b.From]; c != 0 {
			return c
		}
		return rank[a.To] - rank[b.To]
	})
	return g
}

// DOT renders the graph for Graphviz; label names each question (e.g. its
// Japanese text) and may return "" to show the id alone.
func (g Graph) DOT(label func(id string) string) string {
	var b strings.Builder
	b.WriteString("digraph pinguide {\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\"];\n")
	for _, n := range g.Nodes {
		text := n
		if l := label(n); l != "" {
			text += "\\n" + l
		}
		shape := ""
		if n == ResultNode {
			shape = ", shape=doublecircle"
		}
		fmt.Fprintf(&b, "  %q [label=%q%s];\n", n, text, shape)
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %q -> %q [label=%q];\n", e.From, e.To, strings.Join(e.Values, " | "))
	}
	b.WriteString("}\n")
	return b.String()
}

// Mermaid renders the graph as a Mermaid flowchart.
func (g Graph) Mermaid(label func(id string) string) string {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	for _, n := range g.Nodes {
		text := n
		if l := label(n); l != "" {
			text += "<br/>" + l
		}
		text = strings.ReplaceAll(text, `"`, "#quot;")
		if n == ResultNode {
			fmt.Fprintf(&b, "  %s((\"%s\"))\n", n, text)
		} else {
			fmt.Fprintf(&b, "  %s[\"%s\"]\n", n, text)
		}
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.From, strings.Join(e.Values, " / "), e.To)
	}
	return b.String()
}
