package engine_test

import (
	"net/url"
	"testing"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// FuzzEvaluate: any answers that pass Validate get an outcome that makes sense:
// a next question when incomplete, else a route, a blocked reason or a confirm.
func FuzzEvaluate(f *testing.F) {
	e := embedded(f)
	for _, s := range []string{
		"situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes",
		"situation=change&pin=juki&pin=kenmen&applicant=legal_rep&holder_age=under15&honseki=unsure&household=unsure&rep_ids=a1&residence=takaoka",
		"situation=forgot&pin=auth&shared=unsure&applicant=self&smartphone=unsure&residence=elsewhere", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		a := guidance.Answers(v)
		if len(e.Validate(a)) > 0 {
			return
		}
		out := e.Evaluate(a)
		switch out.Status {
		case guidance.StatusIncomplete:
			if out.Next == nil {
				t.Fatalf("incomplete without a next question: %q", q)
			}
		case guidance.StatusComplete:
			if len(out.Routes) == 0 && len(out.Blocked) == 0 {
				t.Fatalf("complete without a route or a reason: %q", q)
			}
		case guidance.StatusConfirm:
			if len(out.Notes) == 0 {
				t.Fatalf("confirm without a note: %q", q)
			}
		default:
			t.Fatalf("status %q for %q", out.Status, q)
		}
	})
}
