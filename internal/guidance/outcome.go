package guidance

// Answers are a resident's answers: question id → chosen values, as sent (the
// API's query parameters, the wizard's URL).
type Answers map[string][]string

// Status is what the outcome can say.
type Status string

// The statuses of an outcome (the API's "status").
const (
	StatusComplete   Status = "complete"   // routes can be given
	StatusIncomplete Status = "incomplete" // Next names the question to ask
	StatusConfirm    Status = "confirm"    // the city's page gives no certain route: ask 市民課
)

// Outcome is what the engine makes of a set of answers.
type Outcome struct {
	Status    Status
	Next      *Question // the next question, when incomplete
	Answered  []Answer  // the relevant answers, in the order they are asked
	ResetPins []string  // PINs the resident needs anew
	Routes    []Route   // cheapest first
	Blocked   []Blocked
	Notes     []Note
}

// Answer is one relevant answer as given, and how the engine read it.
type Answer struct {
	Question string
	Values   []string
}

// Route is one way that works for these answers.
type Route struct {
	Kind        string
	Pins        []string
	CityVisits  int
	StoreVisits int
	Stores      []string
	Counters    []string
	Links       []string
	Steps       []string
	Visits      []Visit
}

// Visit is one trip to a counter and the documents to bring on it.
type Visit struct {
	Documents []string
}

// Blocked is a route that does not work, and why.
type Blocked struct {
	Reason string
	Route  string
}

// Note is a note to show with the outcome.
type Note struct {
	ID      string
	Confirm bool
	Route   string // the route it belongs to, or "" for the whole outcome
}

// InputError is a problem with the answers themselves (not with the resident's
// case): an unknown question or value, or several values where one is allowed.
// Code and Param are stable; the message is translated at the edge.
type InputError struct {
	Code  string // unknown_param, unknown_value, repeated_value, missing_value
	Param string
	Value string
}

// The codes of InputError.
const (
	ErrUnknownParam  = "unknown_param"
	ErrUnknownValue  = "unknown_value"
	ErrRepeatedValue = "repeated_value"
)

func (e InputError) Error() string { return e.Code + ": " + e.Param }
