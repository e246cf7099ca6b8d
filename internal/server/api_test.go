package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

var (
	setupOnce sync.Once
	eng       *engine.Engine
	cat       *locale.Catalog
)

// newServer serves the embedded rules and texts through the real router,
// logging into logs.
func newServer(t testing.TB, logs io.Writer) *httptest.Server {
	t.Helper()
	setupOnce.Do(func() {
		r, problems := ruleset.Load(rules.FS)
		require.Empty(t, problems)
		e, problems := engine.New(r)
		require.Empty(t, problems)
		c, err := locale.Load(locales.FS)
		require.NoError(t, err)
		eng, cat = e, c
	})
	require.NotNil(t, eng)
	log := slog.New(slog.NewJSONHandler(logs, nil))
	opts := server.DefaultOptions
	opts.RequestLog = logs // as cmd/pinguide does: one stream
	ts := httptest.NewServer(server.New(eng, cat, log, opts).Handler())
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	Status    string   `json:"status"`
	Lang      string   `json:"lang"`
	ResetPins []string `json:"reset_pins"`
	Rules     struct {
		Version       string `json:"version"`
		SourceUpdated string `json:"source_updated"`
	} `json:"rules"`
	Routes []struct {
		Kind        string   `json:"kind"`
		Pins        []string `json:"pins"`
		CityVisits  int      `json:"city_visits"`
		StoreVisits int      `json:"store_visits"`
		Stores      []string `json:"stores"`
		Counters    []string `json:"counters"`
		Steps       []struct{ ID, Text string }
		Visits      []struct {
			Documents []struct {
				ID       string `json:"id"`
				Label    string `json:"label"`
				Official string `json:"official"`
			} `json:"documents"`
		} `json:"visits"`
	} `json:"routes"`
	Blocked []struct{ Reason, Text string } `json:"blocked"`
	Notes   []struct {
		ID      string `json:"id"`
		Text    string `json:"text"`
		Confirm bool   `json:"confirm"`
	} `json:"notes"`
	Next *struct {
		Question string `json:"question"`
		Text     string `json:"text"`
		Options  []struct{ Value, Label string }
	} `json:"next"`
	Errors []struct{ Param, Code, Message string } `json:"errors"`
}

func get(t *testing.T, ts *httptest.Server, path string, header ...string) (*http.Response, response) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var body response
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	}
	return res, body
}

func visits(r response, kind string) [][]string {
	for _, route := range r.Routes {
		if route.Kind == kind {
			var out [][]string
			for _, v := range route.Visits {
				var ids []string
				for _, d := range v.Documents {
					ids = append(ids, d.ID)
				}
				out = append(out, ids)
			}
			return out
		}
	}
	return nil
}

func kinds(r response) []string {
	var out []string
	for _, route := range r.Routes {
		out = append(out, route.Kind)
	}
	return out
}

// TestContractExamplesOverHTTP are the contract's five examples, through the
// real router, as other systems call them.
func TestContractExamplesOverHTTP(t *testing.T) {
	ts := newServer(t, io.Discard)
	tests := []struct {
		name, query string
		kinds       []string
		counter     [][]string
		blocked     string
	}{
		{"1", "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes",
			[]string{"store", "counter"}, [][]string{{"holder_card"}}, ""},
		{"2", "situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=b",
			[]string{"counter"}, [][]string{{"holder_card", "holder_id"}}, ""},
		{"3", "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=a1&residence=takaoka",
			[]string{"counter"}, [][]string{{"holder_card", "rep_id_a1"}, {"holder_card", "rep_id_a1", "inquiry_reply"}}, ""},
		{"4", "situation=locked&pin=auth&shared=no&knows_juki=yes&applicant=proxy&holder_age=15plus&rep_ids=none&residence=takaoka",
			nil, nil, "rep_without_a_id"},
		{"5", "situation=forgot&pin=auth&shared=no&applicant=self&smartphone=yes&knows_other=yes&residence=elsewhere",
			[]string{"store"}, nil, "not_resident"},
	}
	for _, tt := range tests {
		t.Run("example "+tt.name, func(t *testing.T) {
			res, body := get(t, ts, "/api/v1/guidance?"+tt.query+"&lang=en")
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "complete", body.Status)
			assert.Equal(t, "en", body.Lang)
			assert.Equal(t, "2025-12-01", body.Rules.SourceUpdated)
			assert.Equal(t, tt.kinds, kinds(body))
			assert.Equal(t, tt.counter, visits(body, "counter"))
			if tt.blocked != "" {
				require.NotEmpty(t, body.Blocked)
				assert.Equal(t, tt.blocked, body.Blocked[len(body.Blocked)-1].Reason)
				assert.NotEmpty(t, body.Blocked[0].Text)
			}
		})
	}
	t.Run("example 1's store chains and counters", func(t *testing.T) {
		_, body := get(t, ts, "/api/v1/guidance?"+tests[0].query)
		assert.Equal(t, []string{"seven_eleven", "aeon_retail", "lawson", "familymart"}, body.Routes[0].Stores)
		assert.Equal(t, 0, body.Routes[0].CityVisits)
		assert.Equal(t, 1, body.Routes[0].StoreVisits)
		assert.NotEmpty(t, body.Routes[0].Steps)
		assert.Equal(t, []string{"honcho", "fushiki", "toide", "nakada", "fukuoka"}, body.Routes[1].Counters)
		assert.Equal(t, 1, body.Routes[1].CityVisits)
	})
	t.Run("example 5's chains for (2)", func(t *testing.T) {
		_, body := get(t, ts, "/api/v1/guidance?"+tests[4].query)
		assert.Equal(t, []string{"seven_eleven", "aeon_retail"}, body.Routes[0].Stores)
	})
}

func TestPostIsTheSameAsGet(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, viaGet := get(t, ts, "/api/v1/guidance?situation=forgot&pin=sign&pin=juki&shared=no&applicant=self&residence=takaoka&smartphone=no&holder_id=a&lang=en")
	res, err := http.Post(ts.URL+"/api/v1/guidance", "application/json", strings.NewReader(
		`{"situation":"forgot","pin":["sign","juki"],"shared":"no","applicant":"self","residence":"takaoka","smartphone":"no","holder_id":"a","lang":"en"}`))
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var viaPost response
	require.NoError(t, json.NewDecoder(res.Body).Decode(&viaPost))
	assert.Equal(t, viaGet, viaPost)
	assert.Equal(t, [][]string{{"holder_card", "holder_id"}}, visits(viaPost, "counter"))
}

func TestIncompleteNamesTheNextQuestion(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, body := get(t, ts, "/api/v1/guidance?situation=forgot&pin=sign&lang=en")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "incomplete", body.Status)
	require.NotNil(t, body.Next)
	assert.Equal(t, "applicant", body.Next.Question)
	assert.Equal(t, "Who will do the procedure?", body.Next.Text)
	require.Len(t, body.Next.Options, 3)
	assert.Equal(t, "self", body.Next.Options[0].Value)
	assert.Empty(t, body.Routes)
}

func TestConfirmStatus(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, body := get(t, ts, "/api/v1/guidance?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=none")
	assert.Equal(t, "confirm", body.Status)
	assert.Empty(t, body.Routes)
	var confirm []string
	for _, n := range body.Notes {
		if n.Confirm {
			confirm = append(confirm, n.ID)
		}
	}
	assert.Contains(t, confirm, "holder_without_id")
}

// TestBadInputIsA400 holds every kind of bad input to a translated 400 (or 413)
// naming the parameter, never a 500.
func TestBadInputIsA400(t *testing.T) {
	ts := newServer(t, io.Discard)
	tests := []struct {
		name, query string
		param, code string
		message     string
	}{
		{"unknown parameter", "situation=forgot&colour=red&lang=en", "colour", "unknown_param", `There is no question "colour".`},
		{"unknown value", "situation=lost&lang=en", "situation", "unknown_value", `"lost" is not an answer to "situation".`},
		{"unknown value in Japanese", "situation=lost", "situation", "unknown_value", "「situation」に「lost」という答えはありません。"},
		{"unknown PIN", "pin=sign&pin=five&lang=en", "pin", "unknown_value", `"five" is not an answer to "pin".`},
		{"a value repeated where one is allowed", "applicant=self&applicant=proxy&lang=en", "applicant", "repeated_value", `Choose only one answer for "applicant".`},
		{"an empty value", "situation=&lang=en", "situation", "unknown_value", `"" is not an answer to "situation".`},
		{"lang repeated (the first one answers)", "lang=en&lang=ja", "lang", "repeated_value", `Choose only one answer for "lang".`},
		{"lang that is no language", "lang=%3Cscript%3E", "lang", "bad_lang", "「<script>」という言語はありません。"},
		{"a language the guide does not have", "situation=forgot&lang=ko", "lang", "bad_lang", "「ko」という言語はありません。"},
		{"Traditional Chinese is not Simplified", "situation=forgot&lang=zh-TW", "lang", "bad_lang", "「zh-TW」という言語はありません。"},
		{"a malformed escape", "situation=%zz", "", "bad_body", "送られたデータを読み取れませんでした。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, ts, "/api/v1/guidance?"+tt.query)
			require.Equal(t, http.StatusBadRequest, res.StatusCode)
			assert.Equal(t, "invalid", body.Status)
			require.NotEmpty(t, body.Errors)
			assert.Equal(t, tt.param, body.Errors[0].Param)
			assert.Equal(t, tt.code, body.Errors[0].Code)
			assert.Contains(t, body.Errors[0].Message, tt.message)
		})
	}
}

func TestBadPostBodies(t *testing.T) {
	ts := newServer(t, io.Discard)
	for name, tt := range map[string]struct {
		body   string
		status int
		code   string
	}{
		"not JSON":               {`situation=forgot`, http.StatusBadRequest, "bad_body"},
		"an array":               {`["forgot"]`, http.StatusBadRequest, "bad_body"},
		"a number":               {`{"situation": 3}`, http.StatusBadRequest, "bad_body"},
		"a key given twice":      {`{"situation": "forgot", "situation": "change"}`, http.StatusBadRequest, "repeated_value"},
		"an array of numbers":    {`{"pin": [1]}`, http.StatusBadRequest, "bad_body"},
		"an object in an object": {`{"pin": {"a": "sign"}}`, http.StatusBadRequest, "bad_body"},
		"two objects":            {`{"situation": "forgot"}{}`, http.StatusBadRequest, "bad_body"},
		"a query answer too":     {`{"situation": "forgot"}`, http.StatusBadRequest, "repeated_value"},
		"null":                   {`null`, http.StatusBadRequest, "bad_body"},
		"an unknown field":       {`{"colour": "red"}`, http.StatusBadRequest, "unknown_param"},
		"two answers for one":    {`{"applicant": ["self", "proxy"]}`, http.StatusBadRequest, "repeated_value"},
		"too large":              {`{"situation": "` + strings.Repeat("x", 40<<10) + `"}`, http.StatusRequestEntityTooLarge, "bad_body"},
		"an empty body":          {``, http.StatusBadRequest, "bad_body"},
		"valid answers, unknown": {`{"situation": "forgot", "pin": "sign", "applicant": "self", "residence": "mars"}`, http.StatusBadRequest, "unknown_value"},
	} {
		t.Run(name, func(t *testing.T) {
			url := ts.URL + "/api/v1/guidance?lang=en"
			if name == "a query answer too" {
				url += "&situation=locked"
			}
			res, err := http.Post(url, "application/json", strings.NewReader(tt.body))
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, tt.status, res.StatusCode)
			var body response
			require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
			require.NotEmpty(t, body.Errors)
			assert.Equal(t, tt.code, body.Errors[0].Code)
			assert.NotEmpty(t, body.Errors[0].Message)
		})
	}
}

// TestPostLikeGet: a POST's body answers as the same query does; an empty
// array is no answer, and the query string (e.g. lang) counts too.
func TestPostLikeGet(t *testing.T) {
	ts := newServer(t, io.Discard)
	for _, tt := range []struct{ name, query, body string }{
		{"full answers", "situation=locked&pin=sign&applicant=self&smartphone=yes&knows_other=yes&residence=takaoka&knows_juki=yes&lang=en",
			`{"situation": "locked", "pin": ["sign"], "applicant": "self", "smartphone": "yes", "knows_other": "yes", "residence": "takaoka", "knows_juki": "yes", "lang": "en"}`},
		{"an empty array is no answer", "situation=forgot&lang=en", `{"situation": "forgot", "pin": [], "lang": "en"}`},
		{"lang in the query", "situation=forgot&pin=auth&pin=juki&lang=vi", `{"situation": "forgot", "pin": ["auth", "juki"]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, want := get(t, ts, "/api/v1/guidance?"+tt.query)
			url := ts.URL + "/api/v1/guidance"
			if tt.name == "lang in the query" {
				url += "?lang=vi"
			}
			res, err := http.Post(url, "application/json", strings.NewReader(tt.body))
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, http.StatusOK, res.StatusCode)
			var got response
			require.NoError(t, json.NewDecoder(res.Body).Decode(&got))
			assert.Equal(t, want, got)
		})
	}
}

func TestLanguageChoice(t *testing.T) {
	ts := newServer(t, io.Discard)
	q := "/api/v1/guidance?situation=forgot"
	for _, tt := range []struct {
		name, query, accept, want string
		varies                    bool
	}{
		{"default Japanese", "", "", "ja", true},
		{"lang wins over the header", "&lang=en", "ja", "en", false},
		{"Accept-Language", "", "en-GB,en;q=0.9", "en", true},
		{"a regional tag finds its language", "&lang=en-US", "", "en", false},
		{"a language in other letters", "&lang=ZH-hans", "", "zh-Hans", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, ts, q+tt.query, "Accept-Language", tt.accept)
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tt.want, body.Lang)
			assert.Equal(t, tt.varies, strings.Contains(res.Header.Get("Vary"), "Accept-Language"))
		})
	}
	_, en := get(t, ts, q+"&lang=en")
	assert.Equal(t, "Which PIN is it?", en.Next.Text)
	_, ja := get(t, ts, q)
	assert.Equal(t, "どの暗証番号ですか？", ja.Next.Text)
}

func TestDocumentsCarryTheOfficialJapanese(t *testing.T) {
	ts := newServer(t, io.Discard)
	_, body := get(t, ts, "/api/v1/guidance?situation=forgot&pin=juki&shared=no&applicant=legal_rep&holder_age=under15&honseki=elsewhere&household=separate&rep_ids=a2&residence=takaoka&holder_id=a&lang=en")
	require.Len(t, body.Routes, 1)
	docs := body.Routes[0].Visits[0].Documents
	require.Len(t, docs, 4)
	for _, d := range docs {
		assert.NotEmpty(t, d.Label, d.ID)
		assert.NotEmpty(t, d.Official, d.ID)
		assert.NotEqual(t, d.Label, d.Official, d.ID)
	}
	assert.Equal(t, "koseki", docs[3].ID)
	assert.Equal(t, "Family register transcript (issued within the last 3 months)", docs[3].Label)
	assert.Equal(t, "戸籍謄本（発行日から3か月以内のもの）", docs[3].Official)
}

func TestOtherRoutes(t *testing.T) {
	ts := newServer(t, io.Discard)
	res, _ := get(t, ts, "/healthz")
	assert.Equal(t, http.StatusOK, res.StatusCode)

	res, body := get(t, ts, "/api/v1/nowhere?lang=en")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	require.NotEmpty(t, body.Errors)
	assert.Equal(t, "Page not found.", body.Errors[0].Message)

	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/v1/guidance", nil)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)

	res, err = http.Head(ts.URL + "/api/v1/guidance?situation=forgot")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

// TestLogsKeepNothingOfTheResident proves answers, query strings and addresses
// stay out of the log.
func TestLogsKeepNothingOfTheResident(t *testing.T) {
	var logs bytes.Buffer
	ts := newServer(t, &logs)
	get(t, ts, "/api/v1/guidance?situation=locked&pin=kenmen&shared=no&applicant=legal_rep&holder_age=under15&honseki=takaoka&rep_ids=a2&residence=takaoka&holder_id=b")
	res, err := http.Post(ts.URL+"/api/v1/guidance", "application/json", strings.NewReader(`{"situation":"forgot","applicant":"proxy"}`))
	require.NoError(t, err)
	res.Body.Close()
	out := logs.String()
	require.Contains(t, out, `"route":"/api/v1/guidance"`)
	for _, secret := range []string{"kenmen", "legal_rep", "under15", "honseki", "takaoka", "situation", "proxy", "127.0.0.1"} {
		assert.NotContains(t, out, secret)
	}
}
