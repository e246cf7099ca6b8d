package server

import (
	"slices"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// staticMessages are the texts the server uses whatever the rules say.
var staticMessages = []string{
	"lang.name",
	"error.unknown_param", "error.unknown_value", "error.repeated_value", "error.bad_body",
	"error.bad_lang", "error.not_found", "error.method_not_allowed", "error.too_large", "error.internal",
	"error.uri_too_long", "error.rate_limited",
}

// Messages lists the message ids these rules need in every language (required)
// and those a language may have (optional: hints), each sorted. The ids are the
// rules' own: question.ID, option.QUESTION.VALUE, document.ID, id_example.ID,
// note.ID, …
func Messages(r *guidance.Rules) (required, optional []string) {
	required = slices.Clone(staticMessages)
	for _, p := range r.Pins {
		required = append(required, "pin."+p.ID, "pin."+p.ID+".use")
	}
	for i := range r.Questions {
		q := &r.Questions[i]
		required = append(required, "question."+q.ID)
		optional = append(optional, "question."+q.ID+".hint")
		for _, o := range q.Options {
			id := optionLabelID(q, o.Value)
			if q.OptionsFrom == "" {
				required = append(required, id)
			}
			optional = append(optional, id+".hint")
		}
	}
	for _, d := range r.Documents {
		required = append(required, "document."+d.ID)
	}
	for _, rt := range r.Routes {
		required = append(required, "route."+rt.Kind)
		for _, s := range rt.Steps {
			required = append(required, "step."+s.ID)
		}
	}
	for _, s := range r.Stores {
		required = append(required, "store."+s.ID)
	}
	for _, c := range r.Counters {
		required = append(required, "counter."+c.ID)
	}
	for _, x := range r.Links {
		required = append(required, "link."+x.ID)
	}
	for _, c := range r.IDColumns {
		required = append(required, "id_column."+c.ID)
		for _, e := range c.Examples {
			required = append(required, "id_example."+e.ID)
		}
	}
	for _, b := range r.Blocks {
		required = append(required, "blocked."+b.Reason)
	}
	for _, n := range r.Notes {
		required = append(required, "note."+n.ID)
	}
	slices.Sort(required)
	slices.Sort(optional)
	return slices.Compact(required), slices.Compact(optional)
}
