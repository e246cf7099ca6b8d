package ui

import "strings"

// describedBy joins the ids that describe a question's fieldset.
func describedBy(q Question) string {
	var ids []string
	if q.Hint != "" {
		ids = append(ids, q.ID+"-hint")
	}
	if q.Error != "" {
		ids = append(ids, q.ID+"-error")
	}
	return strings.Join(ids, " ")
}

func optionHintID(q Question, o Option) string {
	if o.Hint == "" {
		return ""
	}
	return q.ID + "-" + o.Value + "-hint"
}
