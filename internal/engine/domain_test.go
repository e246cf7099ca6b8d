package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// route renders a route as "kind pins=… [stores=…] [visits=a,b|c,d]" so a case
// states the whole route in one line.
func route(r guidance.Route) string {
	s := fmt.Sprintf("%s pins=%s", r.Kind, strings.Join(r.Pins, ","))
	if len(r.Stores) > 0 {
		s += " stores=" + strings.Join(r.Stores, ",")
	}
	if len(r.Visits) > 0 {
		var vs []string
		for _, v := range r.Visits {
			vs = append(vs, strings.Join(v.Documents, ","))
		}
		s += " visits=" + strings.Join(vs, "|")
	}
	return s
}

// domainCase is one case of ../shared/domain.md: answers in, the outcome a
// resident must get out. Notes are checked by presence ("id!" means the note
// must be a confirm note) and absence.
type domainCase struct {
	name      string
	answers   string
	status    guidance.Status
	resetPins string
	routes    []string
	blocked   []string
	notes     []string
	notNotes  []string
}

func (c domainCase) run(t *testing.T) {
	e := embedded(t)
	out := e.Evaluate(answers(t, c.answers))
	require.NotEqual(t, guidance.StatusIncomplete, out.Status, "still asks %v", out.Next)
	status := c.status
	if status == "" {
		status = guidance.StatusComplete
	}
	assert.Equal(t, status, out.Status)
	if c.resetPins != "" {
		assert.Equal(t, c.resetPins, strings.Join(out.ResetPins, ","), "reset_pins")
	}
	var routes, blocked []string
	for _, r := range out.Routes {
		routes = append(routes, route(r))
	}
	for _, b := range out.Blocked {
		blocked = append(blocked, b.Reason)
	}
	assert.Equal(t, c.routes, routes, "routes")
	assert.Equal(t, c.blocked, blocked, "blocked")
	notes := map[string]bool{}
	for _, n := range out.Notes {
		notes[n.ID] = n.Confirm
	}
	for _, n := range c.notes {
		id, confirm := strings.CutSuffix(n, "!")
		got, ok := notes[id]
		if assert.True(t, ok, "note %s missing (have %v)", id, notes) {
			assert.Equal(t, confirm, got, "note %s confirm flag", id)
		}
	}
	for _, n := range c.notNotes {
		assert.NotContains(t, notes, n)
	}
}

const allStores = "seven_eleven,aeon_retail,lawson,familymart"

// TestContractExamples are the five examples of the API contract
// (../shared/contract/guidance-api.md), kept verbatim.
func TestContractExamples(t *testing.T) {
	for _, c := range []domainCase{
		{name: "1 store and counter for a locked (1)",
			answers: "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes",
			routes:  []string{"store pins=sign stores=" + allStores, "counter pins=sign visits=holder_card"}},
		{name: "2 forgotten (3): counter with the card and an ID",
			answers: "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b",
			routes:  []string{"counter pins=juki visits=holder_card,holder_id"}},
		{name: "3 proxy: two visits",
			answers: "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka",
			routes:  []string{"counter pins=auth visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"}},
		{name: "4 proxy without an A document",
			answers: "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=none&residence=takaoka",
			blocked: []string{"rep_without_a_id"}},
		{name: "5 registered elsewhere: store for (2) only, no sign-only chain",
			answers: "situation=forgot&pin=auth&shared=no&applicant=self&smartphone=yes&knows_other=yes&residence=elsewhere",
			routes:  []string{"store pins=auth stores=seven_eleven,aeon_retail"},
			blocked: []string{"not_resident"}},
	} {
		t.Run(c.name, c.run)
	}
}

// TestDomainRoutes holds every rule of domain.md "Routes and their rules".
func TestDomainRoutes(t *testing.T) {
	for _, c := range []domainCase{
		// Route store
		{name: "store: (1) needs (2) known; steps and notes for the window and the certificates",
			answers: "situation=forgot&pin=sign&applicant=self&residence=takaoka&smartphone=yes&knows_other=yes&knows_juki=yes",
			routes:  []string{"store pins=sign stores=" + allStores, "counter pins=sign visits=holder_card"},
			notes:   []string{"forgot_tries_sign", "store_window", "store_certificate_valid", "store_chains", "store_hotline", "phone_certificate_separate", "temporary_counter"}},
		{name: "store: (2) only at the chains that reset both",
			answers: "situation=locked&pin=auth&shared=no&applicant=self&residence=takaoka&smartphone=yes&knows_other=yes&knows_juki=yes",
			routes:  []string{"store pins=auth stores=seven_eleven,aeon_retail", "counter pins=auth visits=holder_card"}},
		{name: "store: both certificate PINs unknown → counter only",
			answers:  "situation=forgot&pin=sign&pin=auth&shared=no&applicant=self&residence=takaoka&knows_juki=yes",
			routes:   []string{"counter pins=sign,auth visits=holder_card"},
			notes:    []string{"store_both_unknown"},
			notNotes: []string{"store_window"}},
		{name: "store: the other PIN not known → counter",
			answers: "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=yes&knows_other=no&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card"},
			notes:   []string{"store_needs_other_pin"}},
		{name: "store: the other PIN unsure is read as not known",
			answers: "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=yes&knows_other=unsure&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card"},
			notes:   []string{"unsure_knows_other", "store_needs_other_pin"}},
		{name: "store: no card-reading smartphone → counter",
			answers: "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=no&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card"}},
		{name: "store: smartphone unsure is read as no",
			answers: "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=unsure&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card"},
			notes:   []string{"unsure_smartphone"}},
		{name: "store: covers (2) only while (3)(4) need the counter",
			answers:   "situation=forgot&pin=auth&shared=yes&applicant=self&residence=takaoka&smartphone=yes&knows_other=yes&holder_id=a",
			resetPins: "auth,juki,kenmen",
			routes:    []string{"store pins=auth stores=seven_eleven,aeon_retail", "counter pins=auth,juki,kenmen visits=holder_card,holder_id"},
			notes:     []string{"store_partial", "shared_reset"}},
		{name: "store: works wherever the holder lives",
			answers: "situation=locked&pin=sign&applicant=self&residence=elsewhere&smartphone=yes&knows_other=yes",
			routes:  []string{"store pins=sign stores=" + allStores},
			blocked: []string{"not_resident"}},
		{name: "store: not for a proxy",
			answers: "situation=locked&pin=sign&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"},
			notes:   []string{"store_holder_only"}},

		// Route counter
		{name: "counter: registered elsewhere → their own municipality",
			answers: "situation=forgot&pin=juki&shared=no&applicant=self&residence=elsewhere",
			blocked: []string{"not_resident"}},
		{name: "counter: (1) with (3) unknown resets (3) too, with the (3) documents",
			answers: "situation=locked&pin=sign&applicant=self&residence=takaoka&smartphone=no&knows_juki=no&holder_id=a",
			routes:  []string{"counter pins=sign,juki visits=holder_card,holder_id"},
			notes:   []string{"juki_at_counter"}},
		{name: "counter: (3) unsure is read as unknown",
			answers: "situation=locked&pin=auth&shared=no&applicant=self&residence=takaoka&smartphone=no&knows_juki=unsure&holder_id=b",
			routes:  []string{"counter pins=auth,juki visits=holder_card,holder_id"},
			notes:   []string{"unsure_knows_juki", "juki_at_counter"}},
		{name: "counter: (2)-(4) one number → (3)(4) rules",
			answers:   "situation=forgot&pin=kenmen&shared=yes&applicant=self&residence=takaoka&smartphone=no&holder_id=b",
			resetPins: "auth,juki,kenmen",
			routes:    []string{"counter pins=auth,juki,kenmen visits=holder_card,holder_id"},
			notes:     []string{"shared_reset"}},
		{name: "counter: sharing unsure is read as shared",
			answers:   "situation=forgot&pin=juki&shared=unsure&applicant=self&residence=takaoka&smartphone=no&holder_id=a",
			resetPins: "auth,juki,kenmen",
			routes:    []string{"counter pins=auth,juki,kenmen visits=holder_card,holder_id"},
			notes:     []string{"unsure_shared", "shared_reset"}},
		{name: "counter: self, (1)(2) only: the card alone",
			answers: "situation=forgot&pin=sign&pin=auth&shared=no&applicant=self&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=sign,auth visits=holder_card"}},
		{name: "legal rep of a child, (1): A×1, 戸籍謄本 (本籍 elsewhere, separate household)",
			answers: "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card,rep_id_a1,koseki"},
			notes:   []string{"sign_not_for_minors", "legal_rep_attendance!"}},
		{name: "legal rep of a child, (3): the child's ID, A×2 or A+B; 本籍 in Takaoka waives 戸籍謄本",
			answers: "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a2&residence=takaoka&holder_id=b",
			routes:  []string{"counter pins=juki visits=holder_card,holder_id,rep_id_a2"},
			notes:   []string{"koseki_not_needed_honseki"}},
		{name: "legal rep of a child: one household waives 戸籍謄本",
			answers: "situation=locked&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=same&rep_ids=a1b1&residence=takaoka&holder_id=b",
			routes:  []string{"counter pins=kenmen visits=holder_card,holder_id,rep_id_a2"},
			notes:   []string{"koseki_not_needed_household"}},
		{name: "legal rep of a child: household unsure → bring 戸籍謄本",
			answers: "situation=locked&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=unsure&rep_ids=a1b1&residence=takaoka&holder_id=b",
			routes:  []string{"counter pins=kenmen visits=holder_card,holder_id,rep_id_a2,koseki"},
			notes:   []string{"unsure_household"}},
		{name: "legal rep of a child: 本籍 unsure → read as elsewhere",
			answers: "situation=locked&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=unsure&household=separate&rep_ids=a2&residence=takaoka&holder_id=a",
			routes:  []string{"counter pins=kenmen visits=holder_card,holder_id,rep_id_a2,koseki"},
			notes:   []string{"unsure_honseki"}},
		{name: "adult guardian, (3): 成年後見登記事項証明書",
			answers: "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=15plus&ward=yes&rep_ids=a2&residence=takaoka&holder_id=a",
			routes:  []string{"counter pins=juki visits=holder_card,holder_id,rep_id_a2,guardianship_cert"}},
		{name: "adult guardian, (2): A×1 and the certificate",
			answers: "situation=locked&pin=auth&shared=no&applicant=legal_rep&holder_age=15plus&ward=yes&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=auth visits=holder_card,rep_id_a1,guardianship_cert"}},
		{name: "legal rep with one A document cannot reset (3)",
			answers: "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a1&residence=takaoka",
			blocked: []string{"rep_needs_two_ids"}},
		{name: "legal rep with one A document, (2) with (3) unknown: also needs two",
			answers: "situation=locked&pin=auth&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a1&residence=takaoka&knows_juki=no",
			blocked: []string{"rep_needs_two_ids"}},
		{name: "legal rep without an A document",
			answers: "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=none&residence=takaoka",
			blocked: []string{"rep_without_a_id"}},
		{name: "proxy, (3)(4): two visits, the second list to confirm",
			answers: "situation=forgot&pin=juki&pin=kenmen&shared=no&applicant=proxy&holder_age=15plus&rep_ids=a1b1&residence=takaoka",
			routes:  []string{"counter pins=juki,kenmen visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"},
			notes:   []string{"proxy_letter", "proxy_letter_days!", "proxy_reply_list!"}},
		{name: "proxy registered elsewhere and without an A document: both reasons",
			answers: "situation=forgot&pin=juki&shared=no&applicant=proxy&holder_age=15plus&rep_ids=none&residence=elsewhere",
			blocked: []string{"not_resident", "rep_without_a_id"}},

		// Route app
		{name: "app: the holder changes a known (1) in the app, or at the counter with the card",
			answers: "situation=change&pin=sign&applicant=self&residence=takaoka&smartphone=yes",
			routes:  []string{"app pins=sign", "counter pins=sign visits=holder_card"},
			notes:   []string{"change_in_person_documents!"}},
		{name: "app: without a smartphone, the counter",
			answers: "situation=change&pin=auth&applicant=self&residence=takaoka&smartphone=no",
			routes:  []string{"counter pins=auth visits=holder_card"}},
		{name: "change by someone else: the reset procedure",
			answers: "situation=change&pin=auth&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=auth visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"},
			notes:   []string{"change_by_other_is_reset"}},
	} {
		t.Run(c.name, c.run)
	}
}

// TestDomainOpenPoints holds domain.md "Open points in the seed, and our decisions".
func TestDomainOpenPoints(t *testing.T) {
	for _, c := range []domainCase{
		{name: "3 holder without an ID besides the card: confirm, no counter route",
			answers: "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=none",
			status:  guidance.StatusConfirm,
			notes:   []string{"holder_without_id!"}},
		{name: "3 …while the certain store route stays",
			answers: "situation=forgot&pin=auth&shared=yes&applicant=self&residence=takaoka&smartphone=yes&knows_other=yes&holder_id=none",
			status:  guidance.StatusConfirm,
			routes:  []string{"store pins=auth stores=seven_eleven,aeon_retail"},
			notes:   []string{"holder_without_id!", "store_partial"}},
		{name: "4 parent of a 15–17 year-old: the proxy route, the holder alone, confirm",
			answers: "situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=15plus&ward=no&rep_ids=a1&residence=takaoka",
			routes:  []string{"counter pins=juki visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"},
			notes:   []string{"parent_of_15_to_17", "parent_of_15_to_17_confirm!"}},
		{name: "6 unsure answers are the cautious case (honseki, household)",
			answers: "situation=forgot&pin=sign&applicant=legal_rep&holder_age=under15&honseki=unsure&household=unsure&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card,rep_id_a1,koseki"},
			notes:   []string{"unsure_honseki", "unsure_household"}},
		{name: "7 (3)(4) are changed at the counter, not in the app",
			answers:  "situation=change&pin=juki&applicant=self&residence=takaoka",
			routes:   []string{"counter pins=juki visits=holder_card"},
			notes:    []string{"app_certificates_only", "change_in_person_documents!"},
			notNotes: []string{"store_window"}},
		{name: "7 a change of (1) and (3): the app for (1), the counter for both",
			answers: "situation=change&pin=sign&pin=juki&applicant=self&residence=takaoka&smartphone=yes",
			routes:  []string{"app pins=sign", "counter pins=sign,juki visits=holder_card"},
			notes:   []string{"app_certificates_only"}},
		{name: "9 the temporary counter is offered with every counter route",
			answers: "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=a",
			routes:  []string{"counter pins=juki visits=holder_card,holder_id"},
			notes:   []string{"temporary_counter", "counter_reservation!", "id_examples_confirm!"}},
		{name: "10 legal rep: whether the child comes along is not stated",
			answers: "situation=forgot&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a2&residence=takaoka&holder_id=b",
			routes:  []string{"counter pins=kenmen visits=holder_card,holder_id,rep_id_a2"},
			notes:   []string{"legal_rep_attendance!"}},
		{name: "a proxy for a child under 15: confirm",
			answers: "situation=forgot&pin=sign&applicant=proxy&holder_age=under15&rep_ids=a1&residence=takaoka&knows_juki=yes",
			routes:  []string{"counter pins=sign visits=holder_card,rep_id_a1|holder_card,rep_id_a1,inquiry_reply"},
			notes:   []string{"proxy_child_under15!"}},
	} {
		t.Run(c.name, c.run)
	}
}
