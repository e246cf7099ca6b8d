package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Path is one reachable combination of relevant answers and its outcome.
type Path struct {
	Answers guidance.Answers
	Order   []guidance.Answer // the answers in the order asked
	Outcome guidance.Outcome
}

// Paths walks every reachable combination of relevant answers, depth first in
// the rules' order of questions and options (so the order is stable), calling fn
// for each complete outcome. A multiple-choice question branches on every
// non-empty subset of its options.
func (e *Engine) Paths(fn func(Path)) {
	e.walk(guidance.Answers{}, fn)
}

func (e *Engine) walk(a guidance.Answers, fn func(Path)) {
	out := e.Evaluate(a)
	if out.Status != guidance.StatusIncomplete {
		fn(Path{Answers: a, Order: out.Answered, Outcome: out})
		return
	}
	q := out.Next
	for _, choice := range choices(q) {
		next := make(guidance.Answers, len(a)+1)
		for k, v := range a {
			next[k] = v
		}
		next[q.ID] = choice
		e.walk(next, fn)
	}
}

// choices lists the answers a question can take: each option, or for a
// multiple-choice question each non-empty subset in option order.
func choices(q *guidance.Question) [][]string {
	if !q.Multiple {
		out := make([][]string, len(q.Options))
		for i, o := range q.Options {
			out[i] = []string{o.Value}
		}
		return out
	}
	n := len(q.Options)
	var out [][]string
	for mask := 1; mask < 1<<n; mask++ {
		var set []string
		for i, o := range q.Options {
			if mask&(1<<i) != 0 {
				set = append(set, o.Value)
			}
		}
		out = append(out, set)
	}
	return out
}

// String renders a path as one line of ids: the answers, then the outcome.
func (p Path) String() string {
	var b strings.Builder
	for i, a := range p.Order {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", a.Question, strings.Join(a.Values, ","))
	}
	o := p.Outcome
	fmt.Fprintf(&b, " => %s reset=%s", o.Status, strings.Join(o.ResetPins, ","))
	for _, r := range o.Routes {
		fmt.Fprintf(&b, " | %s pins=%s", r.Kind, strings.Join(r.Pins, ","))
		if len(r.Stores) > 0 {
			fmt.Fprintf(&b, " stores=%s", strings.Join(r.Stores, ","))
		}
		fmt.Fprintf(&b, " city_visits=%d store_visits=%d", r.CityVisits, r.StoreVisits)
		for i, v := range r.Visits {
			fmt.Fprintf(&b, " visit%d=%s", i+1, strings.Join(v.Documents, ","))
		}
	}
	if len(o.Blocked) > 0 {
		reasons := make([]string, len(o.Blocked))
		for i, bl := range o.Blocked {
			reasons[i] = bl.Reason
		}
		fmt.Fprintf(&b, " | blocked=%s", strings.Join(reasons, ","))
	}
	if len(o.Notes) > 0 {
		ids := make([]string, len(o.Notes))
		for i, n := range o.Notes {
			ids[i] = n.ID
			if n.Confirm {
				ids[i] += "!"
			}
		}
		fmt.Fprintf(&b, " | notes=%s", strings.Join(ids, ","))
	}
	return b.String()
}

// checkReachability walks every path and reports what no path reaches.
func (e *Engine) checkReachability() []guidance.Problem {
	seen := map[string]bool{}
	mark := func(kind, id string) { seen[kind+":"+id] = true }
	var problems []guidance.Problem
	e.Paths(func(p Path) {
		for _, a := range p.Order {
			mark("question", a.Question)
		}
		o := p.Outcome
		for _, r := range o.Routes {
			mark("route", r.Kind)
			for _, s := range r.Stores {
				mark("store", s)
			}
			for _, s := range r.Steps {
				mark("step", s)
			}
			for _, v := range r.Visits {
				for _, d := range v.Documents {
					mark("document", d)
				}
			}
		}
		for _, b := range o.Blocked {
			mark("blocked", b.Reason)
		}
		for _, n := range o.Notes {
			mark("note", n.ID)
		}
		if len(o.Routes) == 0 && len(o.Blocked) == 0 && o.Status == guidance.StatusComplete && len(problems) < 20 {
			problems = append(problems, guidance.Problemf2("rules",
				"次の答えでは、方法（route）も使えない理由（blocked）も確認の注意書き（confirm: true の note）も出ません。どれかが出るように when: を直してください: %s",
				"these answers reach no route, no blocked reason and no confirm note; correct a when: so that one applies: %s", p))
		}
	})
	r := e.rules
	for _, q := range r.Questions {
		if !seen["question:"+q.ID] {
			problems = append(problems, guidance.Problemf2(q.Origin,
				"質問「%s」は聞かれることがありません。前の質問にどう答えても when: が成り立ちません。when: を直してください",
				"question %q can never be asked: its when: never holds after the questions before it", q.ID))
		}
	}
	for _, rr := range r.Routes {
		if !seen["route:"+rr.Kind] {
			problems = append(problems, guidance.Problemf2(rr.Origin,
				"方法（route）「%s」は、どう答えても案内されません。when: と、この方法を止める blocked: を確かめてください",
				"route %q is never offered for any answers; check its when: and the blocked: entries that stop it", rr.Kind))
		}
		for _, s := range rr.Steps {
			if !seen["step:"+s.ID] {
				problems = append(problems, guidance.Problemf2(s.Origin,
					"手順（step）「%s」は、どう答えても表示されません。when: を確かめてください",
					"step %q is never shown; check its when:", s.ID))
			}
		}
		for _, v := range rr.Visits {
			for _, d := range v.Documents {
				if !seen["document:"+d.ID] {
					problems = append(problems, guidance.Problemf2(d.Origin,
						"書類「%s」は、この来庁（visits:）ではどう答えても求められません。when: を確かめてください",
						"document %q is never asked for on this visit; check its when:", d.ID))
				}
			}
		}
	}
	for _, d := range r.Documents {
		if !seen["document:"+d.ID] {
			problems = append(problems, guidance.Problemf2(d.Origin,
				"書類「%s」は、どう答えても求められません。方法（route）の visits: で使うか、いらなければ消してください",
				"document %q is never asked for; name it in a route's visits: or remove it", d.ID))
		}
	}
	for _, s := range r.Stores {
		if !seen["store:"+s.ID] {
			problems = append(problems, guidance.Problemf2(s.Origin,
				"店舗「%s」は、どう答えても表示されません。pins: と、stores: true の方法（route）を確かめてください",
				"store %q is never listed; check its pins: and the routes with stores: true", s.ID))
		}
	}
	for _, b := range r.Blocks {
		if !seen["blocked:"+b.Reason] {
			problems = append(problems, guidance.Problemf2(b.Origin,
				"使えない理由（blocked）「%s」は、どう答えても当てはまりません。when: と route: を確かめてください",
				"blocked reason %q never applies; check its when: and route:", b.Reason))
		}
	}
	for _, n := range r.Notes {
		if !seen["note:"+n.ID] {
			problems = append(problems, guidance.Problemf2(n.Origin,
				"注意書き（note）「%s」は、どう答えても表示されません。when: と route: を確かめてください",
				"note %q is never shown; check its when: and route:", n.ID))
		}
	}
	slices.SortStableFunc(problems, func(a, b guidance.Problem) int { return strings.Compare(string(a.Origin), string(b.Origin)) })
	return problems
}
