package ruleset_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/rules"
)

func TestEmbeddedRulesAreValid(t *testing.T) {
	r, problems := ruleset.Load(rules.FS)
	require.Empty(t, problems)
	_, problems = engine.New(r)
	require.Empty(t, problems)
}
