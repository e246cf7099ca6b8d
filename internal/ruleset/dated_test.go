package ruleset_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/ruleset"
)

func storeIDs(r *guidance.Rules) []string {
	var ids []string
	for _, s := range r.Stores {
		ids = append(ids, s.ID)
	}
	return ids
}

// TestDatedRules: a store added from a future date is invisible before it and
// visible from it; an entry replaced on a date keeps its id.
func TestDatedRules(t *testing.T) {
	fsys, _ := edited(t, "stores.yaml", "  - id: lawson\n", `  - id: ministop
    official: ミニストップ
    pins: [sign]
    as_of: "2026-11-01"
    valid_from: "2027-04-01"
    source: J-LIS「JPKI暗証番号リセットサービス 利用規約」 (test data)
  - id: lawson
    valid_to: "2027-03-31"
`)
	// lawson now ends on 2027-03-31; give it a successor entry from 2027-04-01
	fsys2, _ := editedFS(t, fsys, "stores.yaml", "  - id: familymart\n", `  - id: lawson
    official: ローソン
    pins: [sign, auth]
    as_of: "2026-11-01"
    valid_from: "2027-04-01"
    source: test data
  - id: familymart
`)
	all, problems := ruleset.Load(fsys2)
	require.Empty(t, problems)
	periods := ruleset.Periods(all)
	require.Len(t, periods, 2)
	assert.Equal(t, "", periods[0].From)
	assert.Equal(t, "2027-03-31", periods[0].To)
	assert.Equal(t, "2027-04-01", periods[1].From)

	before := ruleset.PeriodAt(periods, "2026-12-01").Rules
	after := ruleset.PeriodAt(periods, "2027-04-01").Rules
	assert.Equal(t, []string{"seven_eleven", "aeon_retail", "lawson", "familymart"}, storeIDs(before))
	assert.Equal(t, []string{"seven_eleven", "aeon_retail", "ministop", "lawson", "familymart"}, storeIDs(after))
	lawson, _ := after.Store("lawson")
	assert.Equal(t, []string{"sign", "auth"}, lawson.Pins, "the successor entry")
}

func TestDatedRulesAreCheckedPerPeriod(t *testing.T) {
	// a document that goes out of force while a visit still needs it
	fsys, line := edited(t, "documents.yaml", "  - id: koseki\n", "  - id: koseki\n    valid_to: \"2027-03-31\"\n")
	_, problems := ruleset.Load(fsys)
	require.NotEmpty(t, problems)
	var found bool
	for _, p := range problems {
		if strings.Contains(p.Message, `unknown document "koseki"`) && strings.Contains(p.Ja, `書類「koseki」が見つかりません。`) {
			found = true
		}
	}
	assert.True(t, found, "from 2027-04-01 the route names a document no longer in force: %v (edit at line %d)", problems, line)

	fsys, _ = edited(t, "documents.yaml", "  - id: koseki\n", "  - id: koseki\n    valid_from: \"2027-04-01\"\n    valid_to: \"2027-03-01\"\n")
	_, problems = ruleset.Load(fsys)
	require.NotEmpty(t, problems)
	assert.Contains(t, problems[0].String(), "valid_to 2027-03-01 is before valid_from 2027-04-01")
	assert.Contains(t, problems[0].Ja, "valid_to:（2027-03-01）が valid_from:（2027-04-01）より前です。")
}
