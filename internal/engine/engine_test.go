package engine_test

import (
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

var (
	engineOnce sync.Once
	theEngine  *engine.Engine
)

// embedded returns the engine over the embedded rules, loaded once per run.
func embedded(t testing.TB) *engine.Engine {
	t.Helper()
	engineOnce.Do(func() {
		r, problems := ruleset.Load(rules.FS)
		require.Empty(t, problems)
		e, problems := engine.New(r)
		require.Empty(t, problems)
		theEngine = e
	})
	require.NotNil(t, theEngine)
	return theEngine
}

// answers parses a query string as the API does.
func answers(t testing.TB, q string) guidance.Answers {
	t.Helper()
	v, err := url.ParseQuery(q)
	require.NoError(t, err)
	return guidance.Answers(v)
}

// TestNextQuestion sets earlier answers and asserts which question comes next —
// the engine's routing, one row per question and per branch that skips one.
func TestNextQuestion(t *testing.T) {
	e := embedded(t)
	tests := []struct {
		name, answers, next string
	}{
		{"nothing answered asks the situation", "", "situation"},
		{"after the situation, which PIN", "situation=forgot", "pin"},
		{"a 4-digit PIN asks whether (2)-(4) share a number", "situation=forgot&pin=auth", "shared"},
		{"(1) alone does not ask about sharing", "situation=forgot&pin=sign", "applicant"},
		{"a change does not ask about sharing", "situation=change&pin=juki", "applicant"},
		{"after sharing, who goes", "situation=locked&pin=juki&shared=no", "applicant"},
		{"a representative is asked the holder's age", "situation=forgot&pin=sign&applicant=legal_rep", "holder_age"},
		{"a proxy is asked the holder's age", "situation=forgot&pin=sign&applicant=proxy", "holder_age"},
		{"the holder is not asked their age", "situation=forgot&pin=sign&applicant=self", "residence"},
		{"a legal rep of a holder 15+ is asked about wardship", "situation=forgot&pin=sign&applicant=legal_rep&holder_age=15plus", "ward"},
		{"a legal rep of a child is asked the child's 本籍", "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15", "honseki"},
		{"本籍 outside Takaoka asks about the household", "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=elsewhere", "household"},
		{"本籍 unsure asks about the household (read as elsewhere)", "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=unsure", "household"},
		{"本籍 in Takaoka skips the household", "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=takaoka", "rep_ids"},
		{"a proxy is asked for ID, not 本籍", "situation=forgot&pin=sign&applicant=proxy&holder_age=15plus", "rep_ids"},
		{"after the representative's ID, residence", "situation=forgot&pin=sign&applicant=proxy&holder_age=15plus&rep_ids=a1", "residence"},
		{"the holder resetting one certificate PIN is asked about a smartphone", "situation=locked&pin=sign&applicant=self&residence=takaoka", "smartphone"},
		{"a smartphone asks whether the other certificate PIN is known", "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=yes", "knows_other"},
		{"no smartphone goes on to (3) for the counter", "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=no", "knows_juki"},
		{"both certificate PINs: no smartphone question", "situation=locked&pin=sign&pin=auth&shared=no&applicant=self&residence=takaoka", "knows_juki"},
		{"a proxy is not asked about a smartphone", "situation=locked&pin=sign&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka", "knows_juki"},
		{"a change of (1) by the holder asks about a smartphone", "situation=change&pin=sign&applicant=self&residence=takaoka", "smartphone"},
		{"(3) being reset is not asked about", "situation=forgot&pin=sign&pin=juki&shared=no&applicant=self&residence=takaoka&smartphone=no", "holder_id"},
		{"(3) unknown asks for the holder's ID", "situation=forgot&pin=sign&applicant=self&residence=takaoka&smartphone=no&knows_juki=no", "holder_id"},
		{"shared number with (2) asks for the holder's ID", "situation=forgot&pin=auth&shared=yes&applicant=self&residence=takaoka&smartphone=yes&knows_other=yes", "holder_id"},
		{"a legal rep resetting (3) is asked the child's ID", "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a2&residence=takaoka", "holder_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := e.Evaluate(answers(t, tt.answers))
			require.Equal(t, guidance.StatusIncomplete, out.Status)
			require.NotNil(t, out.Next)
			assert.Equal(t, tt.next, out.Next.ID)
		})
	}
}

// TestCompleteWithoutFurtherQuestions lists answer sets that are complete: no
// question is asked that cannot change the outcome.
func TestCompleteWithoutFurtherQuestions(t *testing.T) {
	e := embedded(t)
	for name, q := range map[string]string{
		"self, (1) at the counter, (3) known":           "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=no&knows_juki=yes",
		"registered elsewhere: no counter questions":    "situation=forgot&pin=juki&shared=no&applicant=self&residence=elsewhere",
		"a proxy without an A document: nothing to ask": "situation=forgot&pin=sign&applicant=proxy&holder_age=15plus&rep_ids=none&residence=takaoka",
		"holder changing (3) in person":                 "situation=change&pin=juki&applicant=self&residence=takaoka",
	} {
		t.Run(name, func(t *testing.T) {
			out := e.Evaluate(answers(t, q))
			assert.NotEqual(t, guidance.StatusIncomplete, out.Status, "next: %v", out.Next)
		})
	}
}

func TestIrrelevantAnswersAreIgnored(t *testing.T) {
	e := embedded(t)
	base := "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b"
	extra := "&holder_age=under15&ward=yes&honseki=takaoka&household=same&rep_ids=none&smartphone=yes&knows_other=no&knows_juki=no"
	want := e.Evaluate(answers(t, base))
	got := e.Evaluate(answers(t, base+extra))
	assert.Equal(t, want, got)
}

func TestValidate(t *testing.T) {
	e := embedded(t)
	tests := []struct {
		name, answers string
		want          []guidance.InputError
	}{
		{"valid, even if irrelevant", "situation=forgot&ward=yes", nil},
		{"unknown parameter", "situation=forgot&colour=red", []guidance.InputError{{Code: guidance.ErrUnknownParam, Param: "colour"}}},
		{"unknown value", "situation=lost", []guidance.InputError{{Code: guidance.ErrUnknownValue, Param: "situation", Value: "lost"}}},
		{"unknown PIN", "pin=sign&pin=pin5", []guidance.InputError{{Code: guidance.ErrUnknownValue, Param: "pin", Value: "pin5"}}},
		{"empty value", "applicant=", []guidance.InputError{{Code: guidance.ErrUnknownValue, Param: "applicant", Value: ""}}},
		{"one value repeated where one is allowed", "applicant=self&applicant=proxy", []guidance.InputError{{Code: guidance.ErrRepeatedValue, Param: "applicant"}}},
		{"several PINs are allowed", "pin=sign&pin=juki", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, e.Validate(answers(t, tt.answers)))
		})
	}
}
