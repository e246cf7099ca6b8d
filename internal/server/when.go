package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/guidance"
)

// appStepParam is when the resident did (or is doing) the store route's app
// step: YYYY-MM-DDTHH:MM Japan time, or "now". It is not an answer: it only
// adds the store deadline.
const appStepParam = "app_step_at"

const appStepLayout = "2006-01-02T15:04"

// appStep reads app_step_at; ok is false for a value that is neither "now" nor
// a time.
func (s *Server) appStep(v string) (t time.Time, ok bool) {
	switch v {
	case "":
		return time.Time{}, true
	case "now":
		return s.now().Truncate(time.Minute), true
	}
	t, err := time.ParseInLocation(appStepLayout, v, calendar.Tokyo)
	return t, err == nil
}

// nextChange is when an outcome's time-dependent content (a counter's "open
// now") next changes; zero when nothing in it depends on the time.
func (s *Server) nextChange(out guidance.Outcome) time.Time {
	var first time.Time
	for _, r := range out.Routes {
		for _, id := range r.Counters {
			c, _ := s.engine.Rules().Counter(id)
			ch := s.cal.Counter(c.Opens, c.Closes, s.now(), 3).Changes
			if first.IsZero() || ch.Before(first) {
				first = ch
			}
		}
	}
	return first
}

// redirectAppStepNow turns app_step_at=now into the time itself, so the page
// the resident keeps shows a fixed deadline.
// The target is the mode's own fixed path, never one taken from the request.
func (s *Server) redirectAppStepNow(w http.ResponseWriter, r *http.Request, v *view) bool {
	if v.query.Get(appStepParam) != "now" {
		return false
	}
	q := url.Values{}
	for k, vals := range v.query {
		q[k] = vals
	}
	q.Set(appStepParam, s.now().Format(appStepLayout))
	w.Header().Set("Cache-Control", "no-store")
	// #nosec G710 -- v.base() is one of three fixed paths; the query cannot change the host.
	http.Redirect(w, r, v.base()+"?"+q.Encode(), http.StatusSeeOther)
	return true
}
