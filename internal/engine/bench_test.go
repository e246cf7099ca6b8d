package engine_test

import (
	"testing"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

// BenchmarkEvaluate is one evaluation of a complete answer set (a legal
// representative's, which asks the most questions).
func BenchmarkEvaluate(b *testing.B) {
	e := embedded(b)
	a := answers(b, "situation=forgot&pin=sign&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a2&residence=takaoka&knows_juki=no&holder_id=b")
	b.ReportAllocs()
	for b.Loop() {
		e.Evaluate(a)
	}
}

// BenchmarkPaths enumerates every reachable answer path.
func BenchmarkPaths(b *testing.B) {
	e := embedded(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		e.Paths(func(engine.Path) { n++ })
	}
}

// BenchmarkLoad reads, validates and walks the embedded rules, as serve does at
// start and on reload.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, problems := ruleset.Load(rules.FS)
		if len(problems) > 0 {
			b.Fatal(problems)
		}
		if _, problems := engine.New(r); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
