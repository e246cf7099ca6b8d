package ui

import (
	"context"
	"strings"

	"github.com/a-h/templ"
)

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

// attrIf is the attribute name=value, or nothing when value is empty (an empty
// aria-describedby or data attribute means nothing but noise).
func attrIf(name, value string) templ.Attributes {
	if value == "" {
		return templ.Attributes{}
	}
	return templ.Attributes{name: value}
}

// pageTitle is the <title>: "Error: " first when the page shows an error, then
// the page and the site, without furigana.
func pageTitle(ctx context.Context, p Page) string {
	title := Plain(p.Title) + " - " + Plain(T(ctx, "page.site_name"))
	if p.HasError {
		title = Plain(T(ctx, "page.error_prefix")) + title
	}
	return title
}
