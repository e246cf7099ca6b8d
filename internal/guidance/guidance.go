// Package guidance holds the domain's types: the rules as data (PINs, questions,
// documents, routes, stores, counters, notes), a resident's answers and the outcome
// the engine derives from them. It imports nothing of ours, so every other package
// can speak in these words.
package guidance

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Rules is one complete, validated rule set. Every slice keeps the order of the
// YAML files, which is the order residents see (questions asked, routes offered,
// notes shown).
type Rules struct {
	Meta      Meta
	Pins      []Pin
	Questions []Question
	Facts     []Fact
	Documents []Document
	Routes    []RouteRule
	Blocks    []BlockRule
	Notes     []NoteRule
	Stores    []Store
	Counters  []Counter
	IDColumns []IDColumn
	Links     []Link
	Calendar  Calendar
}

// Calendar is when the counters and the store machines can be used. Dates are
// YYYY-MM-DD and times HH:MM, Japan time.
type Calendar struct {
	ClosedWeekdays   []string // sun … sat
	YearEndFrom      string   // MM-DD: the year-end closure's first day
	YearEndTo        string   // MM-DD: its last day, in the new year
	Holidays         []Holiday
	HolidaysUntil    string // the last date the holiday list covers
	TemporaryCounter []TemporaryDate
	StoreOpens       string
	StoreCloses      string
	WindowHours      int // from the app step to the machine
	Sources          map[string]string
	Origin           Origin
}

// Holiday is one national holiday (国民の祝日・休日).
type Holiday struct {
	Date        string
	Kind        string // "", substitute (振替休日), citizens (国民の休日)
	Provisional bool   // not yet fixed by the Cabinet Office
	Origin      Origin
}

// TemporaryDate is one opening of the monthly temporary My Number counter.
type TemporaryDate struct {
	Date, Opens, Closes, Counter string
	Origin                       Origin
}

// Meta describes the rule set as a whole.
type Meta struct {
	Version       string // content hash of the rule files, set by the loader
	SourceTitle   string // the city's page the rules are read from
	SourceURL     string
	SourceUpdated string // 更新日 of the city's page, YYYY-MM-DD
	Origin        Origin
}

// ResetPinsFact is the derived fact whose values are the outcome's reset_pins.
const ResetPinsFact = "reset_pins"

// Origin says where a rule was written, as "file:line", for messages to the clerk
// who edits the rules.
type Origin string

// Pin is one kind of PIN on the card.
type Pin struct {
	Validity
	ID          string
	Number      int    // (1)…(4) as the city's page numbers them
	Official    string // the official Japanese name
	Format      string
	LocksAfter  int  // wrong entries in a row before it locks
	Certificate bool // an electronic-certificate PIN (the app and store machines can reset it)
	Source      string
	Origin      Origin
}

// Question is one thing the engine may ask. It is asked when When holds for the
// answers given so far; otherwise any answer to it is ignored.
type Question struct {
	Validity
	ID          string
	Multiple    bool   // several values may be chosen (pin)
	OptionsFrom string // "pins": the options are the PIN kinds, in their order
	When        *Cond
	Options     []Option
	Source      string
	Origin      Origin
}

// Option is one answer to a question. An option with TreatAs (e.g. "unsure") is
// answered as the cautious case it names, and its Note tells the resident so.
type Option struct {
	Value   string
	TreatAs string
	Note    string
	Origin  Origin
}

// Option returns the option with value v.
func (q *Question) Option(v string) (Option, bool) {
	for _, o := range q.Options {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// Fact is a value derived from the answers (e.g. reset_pins), so that conditions
// can say what the city's page says instead of repeating answer combinations.
type Fact struct {
	ID     string
	Parts  []FactPart
	Origin Origin
}

// FactPart adds values to a fact: all values of another fact or answer (From),
// or fixed values (Add), when its condition holds.
type FactPart struct {
	Validity
	From   string
	Add    []string
	When   *Cond
	Source string
	Origin Origin
}

// Cond is a condition on facts (answers and derived facts). Exactly one operator
// is set. A fact holds a set of values; an unanswered question holds none.
type Cond struct {
	Eq     map[string]string   // the fact holds this value
	In     map[string][]string // the fact holds at least one of these values
	All    []*Cond
	Any    []*Cond
	Not    *Cond
	Pred   string // a named Go predicate
	Origin Origin
	// Operators counts the operators the YAML set; validation wants exactly one.
	Operators int
}

// Document is something to bring to the counter.
type Document struct {
	Validity
	ID        string
	Official  string   // the official Japanese wording, as the counter says it
	IDColumns []string // for identity documents: the 本人確認書類一覧 columns that count (a, b)
	// ExceptExamples are the ids of examples of those columns that do not count
	// here (another person's My Number card is no ID of the holder).
	ExceptExamples []string
	Source         string
	Origin         Origin
}

// RouteRule is one way to get the PINs set: the store machines, the app, the counter.
type RouteRule struct {
	Validity
	Kind        string
	When        *Cond
	PinsFrom    string   // the fact whose PINs this route sets
	PinsOnly    []string // limited to these PINs, if set
	CityVisits  int      // for routes without visits
	StoreVisits int
	Stores      bool     // lists the stores that handle the route's PINs
	Counters    []string // counter ids
	Links       []string // link ids: where to read more (the J-LIS app, the store list)
	Steps       []StepRule
	Visits      []VisitRule
	Uncertain   []Uncertain
	Source      string
	Origin      Origin
}

// StepRule is one step of a route, shown when its condition holds.
type StepRule struct {
	Validity
	ID     string
	When   *Cond
	Origin Origin
}

// VisitRule is one trip to the counter and what to bring on it.
type VisitRule struct {
	When      *Cond
	Documents []DocumentRule
	Origin    Origin
}

// DocumentRule names a document needed on a visit when its condition holds.
type DocumentRule struct {
	Validity
	ID     string
	When   *Cond
	Source string
	Origin Origin
}

// Uncertain marks answers for which the city's page gives no route with
// confidence: the route is withheld, the outcome's status is confirm and Note
// says what to ask 市民課.
type Uncertain struct {
	When   *Cond
	Note   string
	Origin Origin
}

// BlockRule says why a route the resident might expect does not work.
type BlockRule struct {
	Validity
	Reason string
	Route  string
	When   *Cond
	Source string
	Origin Origin
}

// NoteRule is a note shown when its condition holds (and, if Route is set, only
// when that route is offered). Confirm marks what the city's page leaves open.
type NoteRule struct {
	Validity
	ID      string
	When    *Cond
	Route   string
	Confirm bool
	Source  string
	Origin  Origin
}

// Store is a chain whose multi-copy machines reset certificate PINs.
type Store struct {
	Validity
	ID       string
	Official string
	Pins     []string
	AsOf     string
	Source   string
	Origin   Origin
}

// Counter is a city counter that resets PINs.
type Counter struct {
	Validity
	ID       string
	Official string
	Address  string // empty where the city's data is not at hand
	Phone    string
	Opens    string // HH:MM
	Closes   string
	Closed   string // in words, e.g. weekends, holidays, 12/29–1/3
	Source   string
	Origin   Origin
}

// IDColumn is one column (A欄 or B欄) of the city's list of identity documents,
// with examples.
type IDColumn struct {
	Validity
	ID       string
	Examples []IDExample
	Source   string
	Origin   Origin
}

// IDExample is one example document of a column: its id names its text
// (id_example.ID) and Official is its name in the city's list.
type IDExample struct {
	ID       string
	Official string // the official Japanese name, e.g. 旅券（パスポート）
	Origin   Origin
}

// Link is an outside page the guidance points to, with its source.
type Link struct {
	Validity
	ID     string
	URL    string
	Source string
	Origin Origin
}

// Pin returns the PIN kind with the given id.
func (r *Rules) Pin(id string) (Pin, bool) {
	return find(r.Pins, id, func(p Pin) string { return p.ID })
}

// Question returns the question with the given id.
func (r *Rules) Question(id string) (*Question, bool) {
	for i := range r.Questions {
		if r.Questions[i].ID == id {
			return &r.Questions[i], true
		}
	}
	return nil, false
}

// Conds lists every condition in the rules, nested ones included.
func (r *Rules) Conds() []*Cond {
	var out []*Cond
	var walk func(c *Cond)
	walk = func(c *Cond) {
		if c == nil {
			return
		}
		out = append(out, c)
		for _, s := range c.All {
			walk(s)
		}
		for _, s := range c.Any {
			walk(s)
		}
		walk(c.Not)
	}
	for _, q := range r.Questions {
		walk(q.When)
	}
	for _, fa := range r.Facts {
		for _, p := range fa.Parts {
			walk(p.When)
		}
	}
	for _, rr := range r.Routes {
		walk(rr.When)
		for _, s := range rr.Steps {
			walk(s.When)
		}
		for _, v := range rr.Visits {
			walk(v.When)
			for _, d := range v.Documents {
				walk(d.When)
			}
		}
		for _, u := range rr.Uncertain {
			walk(u.When)
		}
	}
	for _, b := range r.Blocks {
		walk(b.When)
	}
	for _, n := range r.Notes {
		walk(n.When)
	}
	return out
}

// Validity is when a rule is in force: from ValidFrom to ValidTo, both
// inclusive, as YYYY-MM-DD; empty means open-ended.
type Validity struct {
	ValidFrom string
	ValidTo   string
}

// InForce reports whether the rule is in force on date (YYYY-MM-DD).
func (v Validity) InForce(date string) bool {
	return (v.ValidFrom == "" || v.ValidFrom <= date) && (v.ValidTo == "" || date <= v.ValidTo)
}

// Problem is a defect in the rules, for the clerk who edits them: where, and
// what, in Japanese (Ja) and English (Message). Each message says what to change
// and, where it helps, gives an example of the right form; ids, file names and
// YAML keys are quoted verbatim in both languages.
type Problem struct {
	Origin  Origin
	Ja      string // 日本語: です・ます, for the clerk
	Message string // English
}

// String renders "file:line: 日本語 / English".
func (p Problem) String() string {
	if p.Ja == "" {
		return string(p.Origin) + ": " + p.Message
	}
	return string(p.Origin) + ": " + p.Ja + " / " + p.Message
}

// T is a word or phrase in both languages, for Problemf2's arguments: the
// Japanese message is formatted with Ja, the English one with En.
type T struct{ Ja, En string }

// String is the English, so that an English format prints it as it is.
func (t T) String() string { return t.En }

// Problemf2 makes a Problem from a Japanese and an English format, one line each,
// that take the same arguments (an argument of type T is given in each message's
// language). The Japanese may reorder them with %[n]s.
func Problemf2(o Origin, ja, en string, a ...any) Problem {
	jaArgs := make([]any, len(a))
	for i, x := range a {
		if t, ok := x.(T); ok {
			x = t.Ja
		}
		jaArgs[i] = x
	}
	return Problem{Origin: o, Ja: fmt.Sprintf(ja, jaArgs...), Message: fmt.Sprintf(en, a...)}
}

// Document returns the document with the given id.
func (r *Rules) Document(id string) (Document, bool) {
	return find(r.Documents, id, func(d Document) string { return d.ID })
}

// Link returns the link with the given id.
func (r *Rules) Link(id string) (Link, bool) {
	return find(r.Links, id, func(l Link) string { return l.ID })
}

// IDColumn returns the ID-document column with the given id.
func (r *Rules) IDColumn(id string) (IDColumn, bool) {
	return find(r.IDColumns, id, func(c IDColumn) string { return c.ID })
}

// Store returns the store with the given id.
func (r *Rules) Store(id string) (Store, bool) {
	return find(r.Stores, id, func(s Store) string { return s.ID })
}

// Counter returns the counter with the given id.
func (r *Rules) Counter(id string) (Counter, bool) {
	return find(r.Counters, id, func(c Counter) string { return c.ID })
}

func find[T any](items []T, id string, key func(T) string) (T, bool) {
	for _, it := range items {
		if key(it) == id {
			return it, true
		}
	}
	var zero T
	return zero, false
}

// String renders a condition for people: eq and in as "fact = value" and
// "fact ∈ {a, b}", joined with AND, OR and NOT.
func (c *Cond) String() string {
	if c == nil {
		return ""
	}
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(c.Eq)) {
		parts = append(parts, id+" = "+c.Eq[id])
	}
	for _, id := range slices.Sorted(maps.Keys(c.In)) {
		parts = append(parts, id+" ∈ {"+strings.Join(c.In[id], ", ")+"}")
	}
	join := func(subs []*Cond, op string) string {
		s := make([]string, len(subs))
		for i, sub := range subs {
			s[i] = sub.String()
			if len(sub.All) > 0 || len(sub.Any) > 0 {
				s[i] = "(" + s[i] + ")"
			}
		}
		return strings.Join(s, " "+op+" ")
	}
	switch {
	case len(c.All) > 0:
		parts = append(parts, join(c.All, "AND"))
	case len(c.Any) > 0:
		parts = append(parts, join(c.Any, "OR"))
	case c.Not != nil:
		parts = append(parts, "NOT ("+c.Not.String()+")")
	case c.Pred != "":
		parts = append(parts, c.Pred+"()")
	}
	return strings.Join(parts, " AND ")
}
