package ruleset

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
}

type linkDTO struct {
	ID     string `yaml:"id"`
	URL    string `yaml:"url"`
	Source string `yaml:"source"`
}

type metaDTO struct {
	SourceTitle   string `yaml:"source_title"`
	SourceURL     string `yaml:"source_url"`
	SourceUpdated string `yaml:"source_updated"`
}

type pinDTO struct {
	ID          string `yaml:"id"`
	Number      int    `yaml:"number"`
	Official    string `yaml:"official"`
	Format      string `yaml:"format"`
	LocksAfter  int    `yaml:"locks_after"`
	Certificate bool   `yaml:"certificate"`
	Source      string `yaml:"source"`
}

type questionDTO struct {
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
	From   string   `yaml:"from"`
	Add    []string `yaml:"add"`
	When   *condDTO `yaml:"when"`
	Source string   `yaml:"source"`
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
	ID        string   `yaml:"id"`
	Official  string   `yaml:"official"`
	IDColumns []string `yaml:"id_columns"`
	Source    string   `yaml:"source"`
}

type routeDTO struct {
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
	ID   string   `yaml:"id"`
	When *condDTO `yaml:"when"`
}

type visitDTO struct {
	When      *condDTO      `yaml:"when"`
	Documents []visitDocDTO `yaml:"documents"`
}

type visitDocDTO struct {
	ID     string   `yaml:"id"`
	When   *condDTO `yaml:"when"`
	Source string   `yaml:"source"`
}

type uncertainDTO struct {
	When *condDTO `yaml:"when"`
	Note string   `yaml:"note"`
}

type blockDTO struct {
	Reason string   `yaml:"reason"`
	Route  string   `yaml:"route"`
	When   *condDTO `yaml:"when"`
	Source string   `yaml:"source"`
}

type noteDTO struct {
	ID      string   `yaml:"id"`
	When    *condDTO `yaml:"when"`
	Route   string   `yaml:"route"`
	Confirm bool     `yaml:"confirm"`
	Source  string   `yaml:"source"`
}

type storeDTO struct {
	ID       string   `yaml:"id"`
	Official string   `yaml:"official"`
	Pins     []string `yaml:"pins"`
	AsOf     string   `yaml:"as_of"`
	Source   string   `yaml:"source"`
}

type counterDTO struct {
	ID       string `yaml:"id"`
	Official string `yaml:"official"`
	Address  string `yaml:"address"`
	Phone    string `yaml:"phone"`
	Opens    string `yaml:"opens"`
	Closes   string `yaml:"closes"`
	Closed   string `yaml:"closed"`
	Source   string `yaml:"source"`
}

type idColumnDTO struct {
	ID       string   `yaml:"id"`
	Examples []string `yaml:"examples"`
	Source   string   `yaml:"source"`
}
