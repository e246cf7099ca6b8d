package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/web/ui"
)

// langParam is the one parameter that is not an answer.
const langParam = "lang"

// apiError is one entry of an invalid response's errors.
type apiError struct {
	Param   string `json:"param"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// requestError is a request the API refuses, with what to tell the client.
type requestError struct {
	status int
	errors []guidance.InputError
	msgID  string // for a whole-request problem (a bad body)
}

func (e *requestError) Error() string { return e.msgID }

// handleGuidance answers GET and POST /api/v1/guidance: answers in, next question
// or outcome out (../contract: guidance-api.md).
func (s *Server) handleGuidance(w http.ResponseWriter, r *http.Request) {
	params, err := requestParams(r)
	if err != nil {
		var re *requestError
		errors.As(err, &re)
		lang := s.chooseLang(w, r, nil)
		s.writeJSON(w, re.status, map[string]any{
			"status": "invalid",
			"lang":   lang,
			"errors": []apiError{{Param: "", Code: "bad_body", Message: s.text(lang, re.msgID, nil)}},
		})
		return
	}
	var inputErrs []guidance.InputError
	langs := params[langParam]
	delete(params, langParam)
	if len(langs) > 1 {
		inputErrs = append(inputErrs, guidance.InputError{Code: guidance.ErrRepeatedValue, Param: langParam})
		langs = langs[:1]
	}
	lang := s.chooseLang(w, r, langs)
	if len(langs) == 1 && lang == "" {
		inputErrs = append(inputErrs, guidance.InputError{Code: "bad_lang", Param: langParam, Value: langs[0]})
	}
	if lang == "" {
		lang = s.chooseLang(w, r, nil)
	}
	if s.opts.AllowPreview {
		dates := params[asOfParam]
		delete(params, asOfParam)
		if len(dates) > 1 || (len(dates) == 1 && !validDate(dates[0])) {
			inputErrs = append(inputErrs, guidance.InputError{Code: guidance.ErrUnknownValue, Param: asOfParam, Value: first(dates)})
		}
	}
	steps := params[appStepParam]
	delete(params, appStepParam)
	appStep, ok := s.appStep(first(steps))
	switch {
	case len(steps) > 1:
		inputErrs = append(inputErrs, guidance.InputError{Code: guidance.ErrRepeatedValue, Param: appStepParam})
	case !ok:
		inputErrs = append(inputErrs, guidance.InputError{Code: guidance.ErrUnknownValue, Param: appStepParam, Value: steps[0]})
	}
	answers := guidance.Answers(params)
	inputErrs = append(inputErrs, s.engine.Validate(answers)...)
	if len(inputErrs) > 0 {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{
			"status": "invalid",
			"lang":   lang,
			"errors": s.translateErrors(lang, inputErrs),
		})
		return
	}
	out := s.engine.Evaluate(answers)
	recordOutcome(r.Context(), outcomeLabel(out))
	if len(steps) == 0 || steps[0] != "now" {
		s.cacheUntil(w, s.nextChange(out))
	} else {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.writeJSON(w, http.StatusOK, s.outcomeJSON(lang, out, appStep))
}

// requestParams reads the answers: the query string for GET and HEAD, a JSON
// object (a string, or an array of strings, per key) for POST.
func requestParams(r *http.Request) (map[string][]string, error) {
	if r.Method != http.MethodPost {
		q, err := parseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, &requestError{status: http.StatusBadRequest, msgID: "error.bad_body"}
		}
		return q, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &requestError{status: http.StatusRequestEntityTooLarge, msgID: "error.too_large"}
		}
		return nil, &requestError{status: http.StatusBadRequest, msgID: "error.bad_body"}
	}
	params, ok := parseBody(body)
	if !ok {
		return nil, &requestError{status: http.StatusBadRequest, msgID: "error.bad_body"}
	}
	// A query string on a POST counts too (e.g. ?lang=en), as if in the body.
	q, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, &requestError{status: http.StatusBadRequest, msgID: "error.bad_body"}
	}
	for k, v := range q {
		params[k] = append(params[k], v...)
	}
	return params, nil
}

// parseBody reads a JSON object whose values are strings or arrays of strings.
// A key given twice keeps both values, as a repeated query parameter does, so
// the same checks refuse it; an empty array is no answer, like an absent key.
func parseBody(body []byte) (map[string][]string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	params := map[string][]string{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key := t.(string) // an object's keys are strings, or Token fails
		t, err = dec.Token()
		if err != nil {
			return nil, false
		}
		switch v := t.(type) {
		case string:
			params[key] = append(params[key], v)
		case json.Delim:
			if v != '[' {
				return nil, false
			}
			for dec.More() {
				t, err := dec.Token()
				s, isString := t.(string)
				if err != nil || !isString {
					return nil, false
				}
				params[key] = append(params[key], s)
			}
			if _, err := dec.Token(); err != nil { // ]
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF { // nothing after the object
		return nil, false
	}
	return params, true
}

// chooseLang picks the response language: the lang parameter (a supported id, or
// the closest supported language to a valid tag), else Accept-Language, else
// Default. It returns "" for a lang parameter that is not a language tag at all.
func (s *Server) chooseLang(w http.ResponseWriter, r *http.Request, langs []string) string {
	if len(langs) == 1 {
		l := langs[0]
		if s.catalog.Supported(l) {
			return l
		}
		return s.catalog.Match(l)
	}
	w.Header().Add("Vary", "Accept-Language")
	return s.catalog.Negotiate(r.Header.Get("Accept-Language"))
}

func (s *Server) translateErrors(lang string, errs []guidance.InputError) []apiError {
	out := make([]apiError, len(errs))
	for i, e := range errs {
		out[i] = apiError{
			Param:   e.Param,
			Code:    e.Code,
			Message: s.text(lang, "error."+e.Code, map[string]any{"Param": e.Param, "Value": e.Value}),
		}
	}
	return out
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err) // our own types always marshal; recoverPanics answers 500
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeError answers an error in the language of the request: JSON for the API,
// a page for everything else.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, msgID string, data map[string]any) {
	if !isAPI(r.URL.Path) {
		s.errorPage(w, r, status, msgID, data)
		return
	}
	q, _ := parseQuery(r.URL.RawQuery)
	var langs []string
	if q != nil {
		langs = q[langParam][:min(1, len(q[langParam]))]
	}
	lang := s.chooseLang(w, r, langs)
	if lang == "" {
		lang = s.chooseLang(w, r, nil)
	}
	s.writeJSON(w, status, map[string]any{
		"status": "error",
		"lang":   lang,
		"errors": []apiError{{Code: msgID, Message: s.text(lang, msgID, data)}},
	})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, "error.not_found", nil)
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusMethodNotAllowed, "error.method_not_allowed", map[string]any{"Method": r.Method})
}

// parseQuery parses a query string; a malformed escape is the client's error.
func parseQuery(raw string) (map[string][]string, error) { return url.ParseQuery(raw) }

// text is a message for the API: plain text, without the furigana pages show.
func (s *Server) text(lang, id string, data map[string]any) string {
	return ui.Plain(s.catalog.T(lang, id, data))
}

func first(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[0]
}
