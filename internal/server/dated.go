package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
)

// asOfParam previews the rules in force on another date (YYYY-MM-DD), when
// the server allows it; every page then says it is a preview.
const asOfParam = "as_of"

// DatedHandler serves the rules in force from From to To (inclusive; empty is
// open-ended).
type DatedHandler struct {
	From, To string
	Handler  http.Handler
}

// Dated serves each request with the rules in force on its date: today in
// Japan, or the as_of date of a preview when AllowPreview is set.
type Dated struct {
	Periods      []DatedHandler
	AllowPreview bool
	Now          func() time.Time // time.Now when nil
}

func (d *Dated) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(d.Periods) == 1 && !d.AllowPreview {
		d.Periods[0].Handler.ServeHTTP(w, r) // the usual case: no date to work out
		return
	}
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	date := now().In(calendar.Tokyo).Format(time.DateOnly)
	if d.AllowPreview && r.URL.RawQuery != "" {
		if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
			if v := q.Get(asOfParam); validDate(v) {
				date = v
			}
		}
	}
	for _, p := range d.Periods {
		if (p.From == "" || p.From <= date) && (p.To == "" || date <= p.To) {
			p.Handler.ServeHTTP(w, r)
			return
		}
	}
	d.Periods[len(d.Periods)-1].Handler.ServeHTTP(w, r)
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
