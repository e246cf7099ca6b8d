package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

func TestOneCertificatePin(t *testing.T) {
	r := &guidance.Rules{Pins: []guidance.Pin{
		{ID: "sign", Certificate: true}, {ID: "auth", Certificate: true}, {ID: "juki"}, {ID: "kenmen"},
	}}
	pred := predicates["one_certificate_pin"]
	for _, tt := range []struct {
		name  string
		reset []string
		want  bool
	}{
		{"nothing to reset", nil, false},
		{"(1) alone", []string{"sign"}, true},
		{"(2) with (3)(4)", []string{"auth", "juki", "kenmen"}, true},
		{"both certificates", []string{"sign", "auth"}, false},
		{"(3)(4) only", []string{"juki", "kenmen"}, false},
		{"an unknown id is not a certificate", []string{"pin5"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := Facts{vals: [][]string{tt.reset}, index: map[string]int{guidance.ResetPinsFact: 0}}
			assert.Equal(t, tt.want, pred(f, r))
		})
	}
}
