package server

import (
	"net/http"
	"strings"
	"sync"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/web/ui"
)

// graphCache computes the question graph once per rule set: it walks every path.
type graphCache struct {
	once  sync.Once
	graph engine.Graph
}

// handleRules answers GET /rules: the fact-checker's view of the rules in force,
// every rule with its source and its file:line.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	v := s.newView(w, r, ui.ModeFull)
	t := func(id string) string { return s.catalog.T(v.lang, id, nil) }
	rules := s.engine.Rules()
	p := ui.RulesPage{
		Page:    s.frame(v, t("page.rules.heading")),
		Source:  ui.Source{Text: t("page.result.source_city"), Href: rules.Meta.SourceURL, Date: formatDate(v.lang, rules.Meta.SourceUpdated)},
		Version: rules.Meta.Version,
	}
	for i := range rules.Questions {
		q := &rules.Questions[i]
		rq := ui.RuleQuestion{ID: q.ID, Text: t("question." + q.ID), When: q.When.String(), Source: q.Source, Origin: string(q.Origin)}
		for _, o := range q.Options {
			label := o.Value + " — " + t(optionLabelID(q, o.Value))
			if o.TreatAs != "" {
				label += " (→ " + o.TreatAs + ")"
			}
			rq.Options = append(rq.Options, label)
		}
		p.Questions = append(p.Questions, rq)
	}
	for _, rt := range rules.Routes {
		p.Routes = append(p.Routes, ui.RuleItem{ID: "route." + rt.Kind, Label: t("route." + rt.Kind), When: rt.When.String(), Source: rt.Source, Origin: string(rt.Origin)})
		for _, visit := range rt.Visits {
			for _, d := range visit.Documents {
				if d.Source == "" {
					continue
				}
				when := d.When.String()
				if visit.When != nil {
					when = strings.TrimSpace(visit.When.String() + " → " + when)
				}
				p.Routes = append(p.Routes, ui.RuleItem{ID: "route." + rt.Kind + "." + d.ID, Label: t("document." + d.ID), When: when, Source: d.Source, Origin: string(d.Origin)})
			}
		}
	}
	for _, b := range rules.Blocks {
		p.Blocked = append(p.Blocked, ui.RuleItem{ID: "blocked." + b.Reason, Label: t("blocked." + b.Reason), When: b.When.String(), Source: b.Source, Origin: string(b.Origin)})
	}
	for _, d := range rules.Documents {
		p.Documents = append(p.Documents, ui.RuleItem{ID: "document." + d.ID, Label: d.Official, Source: d.Source, Origin: string(d.Origin)})
	}
	for _, st := range rules.Stores {
		p.Stores = append(p.Stores, ui.RuleItem{ID: "store." + st.ID, Label: st.Official + " (" + strings.Join(st.Pins, ", ") + ")", AsOf: st.AsOf, Source: st.Source, Origin: string(st.Origin)})
	}
	for _, c := range rules.Counters {
		p.Counters = append(p.Counters, ui.RuleItem{ID: "counter." + c.ID, Label: c.Official + " " + c.Opens + "–" + c.Closes, Source: c.Source, Origin: string(c.Origin)})
	}
	for _, n := range rules.Notes {
		item := ui.RuleItem{ID: "note." + n.ID, Label: t("note." + n.ID), When: n.When.String(), Source: n.Source, Origin: string(n.Origin)}
		if n.Route != "" {
			item.When = strings.TrimSpace("route " + n.Route + "; " + item.When)
		}
		p.Notes = append(p.Notes, item)
		if n.Confirm {
			p.Open = append(p.Open, item)
		}
	}
	s.graph.once.Do(func() { s.graph.graph = s.engine.Graph() })
	g := s.graph.graph
	for _, id := range g.Nodes {
		node := ui.GraphNode{ID: id}
		if id != engine.ResultNode {
			node.Text = t("question." + id)
		}
		for _, e := range g.Edges {
			if e.From == id {
				node.Edges = append(node.Edges, strings.Join(e.Values, " | ")+" → "+e.To)
			}
		}
		p.Graph = append(p.Graph, node)
	}
	s.render(w, r, v.lang, http.StatusOK, ui.RulesPageView(p))
}
