package ruleset

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// The YAML format of the rules, as written by the city's clerks. Every list item
// is a mapping, so a language server can check it against rules/schema.json and
// an unknown key is an error, not a silent typo.

type fileDTO struct {
	Schema    string        `yaml:"$schema"`
	Meta      *metaDTO      `yaml:"meta"`
	Pins      []pinDTO      `yaml:"pins"`
	Questions []questionDTO `yaml:"questions"`
	Facts     []factDTO     `yaml:"facts"`
	Documents []documentDTO `yaml:"documents"`
	Routes    []routeDTO    `yaml:"routes"`
	Blocked   []blockDTO    `yaml:"blocked"`
	Notes     []noteDTO     `yaml:"notes"`
	Stores    []storeDTO    `yaml:"stores"`
	Counters  []counterDTO  `yaml:"counters"`
	IDColumns []idColumnDTO `yaml:"id_columns"`
	Links     []linkDTO     `yaml:"links"`
	Calendar  *calendarDTO  `yaml:"calendar"`
}

type calendarDTO struct {
	ClosedWeekdays         []string         `yaml:"closed_weekdays"`
	ClosedWeekdaysSource   string           `yaml:"closed_weekdays_source"`
	YearEnd                yearEndDTO       `yaml:"year_end"`
	YearEndSource          string           `yaml:"year_end_source"`
	HolidaysSource         string           `yaml:"holidays_source"`
	HolidaysUntil          string           `yaml:"holidays_until"`
	Holidays               []holidayDTO     `yaml:"holidays"`
	TemporaryCounterSource string           `yaml:"temporary_counter_source"`
	TemporaryCounter       []temporaryDTO   `yaml:"temporary_counter"`
	StoreMachines          storeMachinesDTO `yaml:"store_machines"`
	StoreMachinesSource    string           `yaml:"store_machines_source"`
}

type yearEndDTO struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// holidayDTO is a date, or a mapping when it needs more: {date, kind, provisional}.
type holidayDTO struct {
	Date        string `yaml:"date"`
	Kind        string `yaml:"kind"`
	Provisional bool   `yaml:"provisional"`
}

// UnmarshalYAML accepts "2026-05-06" or {date: "2026-05-06", kind: substitute}.
func (h *holidayDTO) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		h.Date = n.Value
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch k := n.Content[i].Value; k {
		case "date", "kind", "provisional":
		default:
			return fmt.Errorf("line %d: unknown key %s in a holiday (date, kind, provisional)", n.Content[i].Line, k)
		}
	}
	type plain holidayDTO
	return n.Decode((*plain)(h))
}

type temporaryDTO struct {
	Date    string `yaml:"date"`
	Opens   string `yaml:"opens"`
	Closes  string `yaml:"closes"`
	Counter string `yaml:"counter"`
}

type storeMachinesDTO struct {
	Opens       string `yaml:"opens"`
	Closes      string `yaml:"closes"`
	WindowHours int    `yaml:"window_hours"`
}

type linkDTO struct {
	validityDTO `yaml:",inline"`
	ID          string `yaml:"id"`
	URL         string `yaml:"url"`
	Source      string `yaml:"source"`
}

type metaDTO struct {
	SourceTitle   string `yaml:"source_title"`
	SourceURL     string `yaml:"source_url"`
	SourceUpdated string `yaml:"source_updated"`
}

type pinDTO struct {
	validityDTO `yaml:",inline"`
	ID          string `yaml:"id"`
	Number      int    `yaml:"number"`
	Official    string `yaml:"official"`
	Format      string `yaml:"format"`
	LocksAfter  int    `yaml:"locks_after"`
	Certificate bool   `yaml:"certificate"`
	Source      string `yaml:"source"`
}

type questionDTO struct {
	validityDTO `yaml:",inline"`
	ID          string      `yaml:"id"`
	Multiple    bool        `yaml:"multiple"`
	OptionsFrom string      `yaml:"options_from"`
	Options     []optionDTO `yaml:"options"`
	When        *condDTO    `yaml:"when"`
	Source      string      `yaml:"source"`
}

type optionDTO struct {
	Value   string `yaml:"value"`
	TreatAs string `yaml:"treat_as"`
	Note    string `yaml:"note"`
}

type factDTO struct {
	ID          string        `yaml:"id"`
	Description string        `yaml:"description"`
	Values      []factPartDTO `yaml:"values"`
}

type factPartDTO struct {
	validityDTO `yaml:",inline"`
	From        string   `yaml:"from"`
	Add         []string `yaml:"add"`
	When        *condDTO `yaml:"when"`
	Source      string   `yaml:"source"`
}

type condDTO struct {
	Eq   map[string]string   `yaml:"eq"`
	In   map[string][]string `yaml:"in"`
	All  []*condDTO          `yaml:"all"`
	Any  []*condDTO          `yaml:"any"`
	Not  *condDTO            `yaml:"not"`
	Pred string              `yaml:"pred"`
}

type documentDTO struct {
	validityDTO `yaml:",inline"`
	ID          string   `yaml:"id"`
	Official    string   `yaml:"official"`
	IDColumns   []string `yaml:"id_columns"`
	// ExceptExamples are the ids of examples of its columns that do not count
	// for this document (another person's My Number card cannot be the holder's ID).
	ExceptExamples []string `yaml:"except_examples"`
	Source         string   `yaml:"source"`
}

type routeDTO struct {
	validityDTO `yaml:",inline"`
	Kind        string         `yaml:"kind"`
	When        *condDTO       `yaml:"when"`
	Pins        routePinsDTO   `yaml:"pins"`
	CityVisits  int            `yaml:"city_visits"`
	StoreVisits int            `yaml:"store_visits"`
	Stores      bool           `yaml:"stores"`
	Counters    []string       `yaml:"counters"`
	Links       []string       `yaml:"links"`
	Steps       []stepDTO      `yaml:"steps"`
	Visits      []visitDTO     `yaml:"visits"`
	Uncertain   []uncertainDTO `yaml:"uncertain"`
	Source      string         `yaml:"source"`
}

type routePinsDTO struct {
	From string   `yaml:"from"`
	Only []string `yaml:"only"`
}

type stepDTO struct {
	validityDTO `yaml:",inline"`
	ID          string   `yaml:"id"`
	When        *condDTO `yaml:"when"`
}

type visitDTO struct {
	When      *condDTO      `yaml:"when"`
	Documents []visitDocDTO `yaml:"documents"`
}

type visitDocDTO struct {
	validityDTO `yaml:",inline"`
	ID          string   `yaml:"id"`
	When        *condDTO `yaml:"when"`
	Source      string   `yaml:"source"`
}

type uncertainDTO struct {
	When *condDTO `yaml:"when"`
	Note string   `yaml:"note"`
}

type blockDTO struct {
	validityDTO `yaml:",inline"`
	Reason      string   `yaml:"reason"`
	Route       string   `yaml:"route"`
	When        *condDTO `yaml:"when"`
	Source      string   `yaml:"source"`
}

type noteDTO struct {
	validityDTO `yaml:",inline"`
	ID          string   `yaml:"id"`
	When        *condDTO `yaml:"when"`
	Route       string   `yaml:"route"`
	Confirm     bool     `yaml:"confirm"`
	Source      string   `yaml:"source"`
}

type storeDTO struct {
	validityDTO `yaml:",inline"`
	ID          string   `yaml:"id"`
	Official    string   `yaml:"official"`
	Pins        []string `yaml:"pins"`
	AsOf        string   `yaml:"as_of"`
	Source      string   `yaml:"source"`
}

type counterDTO struct {
	validityDTO `yaml:",inline"`
	ID          string `yaml:"id"`
	Official    string `yaml:"official"`
	Address     string `yaml:"address"`
	Phone       string `yaml:"phone"`
	Opens       string `yaml:"opens"`
	Closes      string `yaml:"closes"`
	Closed      string `yaml:"closed"`
	Source      string `yaml:"source"`
}

type idColumnDTO struct {
	validityDTO `yaml:",inline"`
	ID          string         `yaml:"id"`
	Examples    []idExampleDTO `yaml:"examples"`
	Source      string         `yaml:"source"`
}

// idExampleDTO is one example of a column: an id for its texts and the name
// the city's list gives it.
type idExampleDTO struct {
	ID       string `yaml:"id"`
	Official string `yaml:"official"`
}

// validityDTO is when a rule is in force (both dates inclusive, YYYY-MM-DD).
type validityDTO struct {
	ValidFrom string `yaml:"valid_from"`
	ValidTo   string `yaml:"valid_to"`
}

func (v validityDTO) validity() guidance.Validity {
	return guidance.Validity{ValidFrom: v.ValidFrom, ValidTo: v.ValidTo}
}
