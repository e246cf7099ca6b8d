// Package ui holds the wizard's templ components and their view models. View
// models are shaped like the screen, with every text already in the reader's
// language; ui knows nothing of the engine, the rules or HTTP.
package ui

import (
	"context"
	"strings"
)

type ctxKey int

const (
	textsKey ctxKey = iota
	framedKey
)

// WithFramed marks ctx as rendering a page shown in another site's iframe
// (/embed/): links out of the wizard then open a new tab, since most sites
// refuse to be shown inside a frame and the city's page should stay.
func WithFramed(ctx context.Context) context.Context {
	return context.WithValue(ctx, framedKey, true)
}

func framed(ctx context.Context) bool {
	f, _ := ctx.Value(framedKey).(bool)
	return f
}

// showOfficial reports whether the official Japanese name adds anything to a
// label: not when the label (in Japanese) already says it.
func showOfficial(official, label string) bool {
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") } // spaces, also 全角
	return official != "" && !strings.Contains(squeeze(Plain(label)), squeeze(official))
}

// external reports whether href leaves the wizard (another site, not tel:).
func external(href string) bool {
	return strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://")
}

// Texts translates the page's fixed texts (page.*) in the reader's language.
type Texts func(id string, data map[string]any) string

// WithTexts puts the translator in ctx for the components.
func WithTexts(ctx context.Context, t Texts) context.Context {
	return context.WithValue(ctx, textsKey, t)
}

// T returns the fixed text id in the reader's language (the id if none).
func T(ctx context.Context, id string) string {
	if t, ok := ctx.Value(textsKey).(Texts); ok {
		return t(id, nil)
	}
	return id
}

// Tf is T with template data.
func Tf(ctx context.Context, id string, data map[string]any) string {
	if t, ok := ctx.Value(textsKey).(Texts); ok {
		return t(id, data)
	}
	return id
}

// Mode is how a page is framed.
type Mode string

// The three ways the wizard is shown.
const (
	ModeFull  Mode = "full"  // the resident's own browser
	ModeEmbed Mode = "embed" // inside the city's iframe: no header or footer
	ModeStaff Mode = "staff" // the counter: every question on one screen
)

// Page is what every page's frame needs.
type Page struct {
	Lang       string // <html lang>
	Title      string // <title>, without the site name; "エラー：" is added on error
	HasError   bool
	Mode       Mode
	CSS        string // fingerprinted stylesheet path
	Icon       string // fingerprinted favicon path
	Script     string // our own script, or "" (only where it enhances)
	Langs      []LangLink
	HomeHref   string
	ReportHref string // where to report a wrong answer
	A11yHref   string // the accessibility statement
	Privacy    string // the privacy notice
	Translated bool   // a translation: say that the Japanese prevails
	Parent     string // embed: the allowed parent origin, for the height script
	Preview    string // a preview of the rules on another date: says so on every page
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	ID, Name, Href, HTMLLang string
	Current                  bool
}

// Link is a text with a destination.
type Link struct {
	Text, Href string
}

// AnswerRow is one answer so far, with its change link.
type AnswerRow struct {
	Question, Answer, ChangeHref string
}

// Hidden is a hidden form field: an earlier answer carried along.
type Hidden struct {
	Name, Value string
}

// Option is one choice of a question.
type Option struct {
	Value, Label, Hint string
	Checked            bool
	Unsure             bool // "I don't know": shown after a divider
}

// Question is one question, shown as a fieldset whose legend is the page's h1.
type Question struct {
	ID, Text, Hint string
	Multiple       bool
	Options        []Option
	Help           *Link // e.g. "which PIN is it?"
	Error          string
}

// QuestionPage is one question per page.
type QuestionPage struct {
	Page
	Back     string
	Action   string
	Hidden   []Hidden
	Question Question
	Answers  []AnswerRow
	Restart  string
}

// StartPage is the wizard's front door.
type StartPage struct {
	Page
	StartHref string
}

// ErrorPage explains a request the wizard cannot answer.
type ErrorPage struct {
	Page
	Heading, Message, RequestID string
	Restart                     string
	// Continue goes on with the answers that could be read, if any.
	Continue string
}

// TextPage is a page of headed paragraphs (help, accessibility statement).
type TextPage struct {
	Page
	Heading  string
	Sections []Section
	Back     *Link
}

// Section is a heading with paragraphs and an optional list.
type Section struct {
	Heading string
	Paras   []string
	Items   []string
	Links   []Link
}

// ResultPage is the outcome: the routes that work, what to bring, where, when.
type ResultPage struct {
	Page
	Confirm   bool   // the page leaves this case open: ask 市民課 first
	Heading   string // what to do, in one line
	ResetPins []string
	// PinsHeading heads ResetPins: set anew, or changed.
	PinsHeading string
	Routes      []Route
	Blocked     []string
	Notes       []Note
	Answers     []AnswerRow
	Sources     []Source
	Back        string
	Restart     string
	Staff       *StaffForm
	QR          string // staff: an SVG of the result's link
	Link        string // the result's own link, for the resident
}

// Route is one way that works.
type Route struct {
	Kind     string // store, app, counter (data-route)
	Title    string
	Pins     string // which PINs it sets
	Partial  string // when a cheaper route covers only some PINs: the rest need the counter
	Visits   string // "1 visit to city hall", "2 visits, days apart"
	Trips    []Visit
	Counters []Counter
	Stores   []Store
	AsOf     string // the stores' "as of" date
	Steps    []string
	Links    []Link
	Notes    []Note
	// When: the proxy's plan, the temporary counter, the store machines.
	Plan      []string
	Temporary *Temporary
	Window    string   // store: within N hours, between opens and closes
	Deadline  string   // store: the last moment, once the app step time is known
	AppStep   *AppStep // store: the button that computes the deadline
	Now       string   // the moment the times were computed
}

// Temporary is the monthly temporary counter: its next dates, or the city's page.
type Temporary struct {
	Text  string
	Dates []string
	Link  Link
}

// AppStep is the form "I am doing the app step now".
type AppStep struct {
	Action string
	Hidden []Hidden
	Label  string
}

// Visit is one trip and its checklist.
type Visit struct {
	N     int
	Title string
	Docs  []Doc
}

// Doc is one document to bring, in the reader's language with the official
// Japanese beside it.
type Doc struct {
	ID, Label, Official string
	Columns             []IDColumn
}

// IDColumn is A欄 or B欄 with examples.
type IDColumn struct {
	Name     string
	Examples []IDExample
}

// IDExample is one example document in the reader's language, with its name
// in the city's list beside it.
type IDExample struct {
	Label, Official string
}

// Counter is a city counter.
type Counter struct {
	Name, Official, Address, Phone, Hours, Closed string
	Map, Page                                     string // links; Page where the address is not at hand
	Status                                        string // open now until …, or next open …
	NextDays                                      []string
	NextDaysLabel                                 string
}

// Store is a chain whose machines handle the route's PIN.
type Store struct {
	Name, Official string
}

// Note is a note; Confirm marks what the resident should confirm with 市民課.
type Note struct {
	Text    string
	Confirm bool
}

// Source is where the guidance comes from.
type Source struct {
	Text, Href, Date string
}

// StaffForm is the counter's one-screen form: every relevant question.
type StaffForm struct {
	Action    string
	Hidden    []Hidden
	Questions []Question
	Complete  bool
}

// RulesPage is the fact-checker's view of the rules: every rule with the
// sentence it comes from.
type RulesPage struct {
	Page
	Source    Source
	Version   string
	Questions []RuleQuestion
	Routes    []RuleItem
	Documents []RuleItem
	Blocked   []RuleItem
	Notes     []RuleItem
	Open      []RuleItem // notes marked "confirm with 市民課"
	Stores    []RuleItem
	Counters  []RuleItem
	Graph     []GraphNode
}

// RuleQuestion is one question, when it is asked and its options.
type RuleQuestion struct {
	ID, Text, When, Source, Origin string
	Options                        []string
}

// RuleItem is one rule: its id, its label, when it applies and its source.
type RuleItem struct {
	ID, Label, When, Source, Origin, AsOf string
}

// GraphNode is one question of the question graph with where each answer leads.
type GraphNode struct {
	ID, Text string
	Edges    []string
}
