package ruleset

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	hhmmPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// checker collects the problems of one rule set.
type checker struct {
	r        *guidance.Rules
	problems []guidance.Problem
	// universe: every fact's possible values (questions: their options as read).
	universe map[string][]string
	// deps: the questions each question or fact depends on.
	deps map[string][]string
}

// add records a problem in Japanese and English (see guidance.Problemf2).
func (c *checker) add(o guidance.Origin, ja, en string, a ...any) {
	c.problems = append(c.problems, guidance.Problemf2(o, ja, en, a...))
}

// The kinds of rule, as the messages name them.
var (
	kindPIN       = guidance.T{Ja: "暗証番号", En: "PIN"}
	kindQOrFact   = guidance.T{Ja: "質問または事実（fact）", En: "question or fact"}
	kindOption    = guidance.T{Ja: "選択肢", En: "option"}
	kindDocument  = guidance.T{Ja: "書類", En: "document"}
	kindRoute     = guidance.T{Ja: "方法（route）", En: "route"}
	kindStep      = guidance.T{Ja: "手順（step）", En: "step"}
	kindBlocked   = guidance.T{Ja: "使えない理由（blocked）", En: "blocked reason"}
	kindNote      = guidance.T{Ja: "注意書き（note）", En: "note"}
	kindStore     = guidance.T{Ja: "店舗（store）", En: "store"}
	kindCounter   = guidance.T{Ja: "窓口（counter）", En: "counter"}
	kindIDColumn  = guidance.T{Ja: "本人確認書類の欄（id_columns）", En: "ID column"}
	kindIDExample = guidance.T{Ja: "本人確認書類の例（examples）", En: "ID example"}
	kindLink      = guidance.T{Ja: "リンク（link）", En: "link"}
)

// named is one rule of a kind, e.g. 書類「koseki」 / document koseki.
func named(kind guidance.T, id string) guidance.T {
	return guidance.T{Ja: kind.Ja + "「" + id + "」", En: kind.En + " " + id}
}

// validate checks what can be seen without evaluating: ids, references, values,
// sources, formats and the order of questions. The engine then walks every path
// for what can be seen only by evaluating.
func validate(r *guidance.Rules) []guidance.Problem {
	c := &checker{r: r, universe: map[string][]string{}, deps: map[string][]string{}}
	c.meta()
	pins := c.ids(kindPIN, func(yield func(string, guidance.Origin) bool) {
		for _, p := range r.Pins {
			if !yield(p.ID, p.Origin) {
				return
			}
		}
	})
	for _, p := range r.Pins {
		c.source(p.Source, p.Origin, named(kindPIN, p.ID), "source")
		if p.Official == "" {
			c.add(p.Origin,
				"暗証番号「%s」に official:（日本語の正式な名前）を書いてください。例: official: 署名用電子証明書暗証番号",
				"PIN %q has no official: (its Japanese name), e.g. official: 署名用電子証明書暗証番号", p.ID)
		}
		if p.LocksAfter <= 0 {
			c.add(p.Origin,
				"暗証番号「%s」に locks_after:（何回続けて間違えるとロックがかかるか）を書いてください。例: locks_after: 3",
				"PIN %q needs locks_after: (wrong entries before it locks), e.g. locks_after: 3", p.ID)
		}
	}
	documents := c.ids(kindDocument, func(yield func(string, guidance.Origin) bool) {
		for _, d := range r.Documents {
			if !yield(d.ID, d.Origin) {
				return
			}
		}
	})
	notes := c.ids(kindNote, func(yield func(string, guidance.Origin) bool) {
		for _, n := range r.Notes {
			if !yield(n.ID, n.Origin) {
				return
			}
		}
	})
	counters := c.ids(kindCounter, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Counters {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	columns := c.ids(kindIDColumn, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.IDColumns {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	// Example ids are unique across the columns: except_examples: and the texts
	// (id_example.ID) name an example without its column.
	c.ids(kindIDExample, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.IDColumns {
			for _, e := range x.Examples {
				if !yield(e.ID, e.Origin) {
					return
				}
			}
		}
	})
	links := c.ids(kindLink, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Links {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	for _, x := range r.Links {
		c.source(x.Source, x.Origin, named(kindLink, x.ID), "source")
		if !strings.HasPrefix(x.URL, "https://") {
			c.add(x.Origin,
				"リンク「%s」の url: は https:// で始めてください。例: url: https://www.jpki.go.jp/",
				"link %q: url: must start with https://, e.g. url: https://www.jpki.go.jp/", x.ID)
		}
	}
	c.ids(kindStore, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Stores {
			if !yield(x.ID, x.Origin) {
				return
			}
		}
	})
	kinds := c.ids(kindRoute, func(yield func(string, guidance.Origin) bool) {
		for _, x := range r.Routes {
			if !yield(x.Kind, x.Origin) {
				return
			}
		}
	})
	// Questions and facts share one namespace: conditions name either.
	c.ids(kindQOrFact, func(yield func(string, guidance.Origin) bool) {
		for _, q := range r.Questions {
			if !yield(q.ID, q.Origin) {
				return
			}
		}
		for _, f := range r.Facts {
			if !yield(f.ID, f.Origin) {
				return
			}
		}
	})

	c.questions(pins, notes)
	c.facts(pins)
	c.questionConds()
	for _, d := range r.Documents {
		c.source(d.Source, d.Origin, named(kindDocument, d.ID), "source")
		if d.Official == "" {
			c.add(d.Origin,
				"書類「%s」に official:（窓口で使う日本語の正式な書き方）を書いてください。例: official: 戸籍謄本",
				"document %q has no official: (the Japanese wording the counter uses), e.g. official: 戸籍謄本", d.ID)
		}
		for _, col := range d.IDColumns {
			c.ref(columns, col, d.Origin, kindIDColumn)
		}
		c.exceptExamples(d)
	}
	c.routes(pins, documents, notes, counters, links)
	for _, b := range r.Blocks {
		c.source(b.Source, b.Origin, named(kindBlocked, b.Reason), "source")
		c.id(b.Reason, b.Origin, kindBlocked)
		c.ref(kinds, b.Route, b.Origin, kindRoute)
		c.required(b.When, b.Origin)
	}
	for _, n := range r.Notes {
		c.source(n.Source, n.Origin, named(kindNote, n.ID), "source")
		if n.Route != "" {
			c.ref(kinds, n.Route, n.Origin, kindRoute)
		}
		c.condition(n.When, -1)
	}
	for _, s := range r.Stores {
		c.source(s.Source, s.Origin, named(kindStore, s.ID), "source")
		c.date(s.AsOf, s.Origin, "as_of")
		if len(s.Pins) == 0 {
			c.add(s.Origin,
				"店舗「%s」に pins:（その店の機械で再設定できる暗証番号）を書いてください。例: pins: [sign]",
				"store %q names no pins: (the PINs its machines reset), e.g. pins: [sign]", s.ID)
		}
		for _, p := range s.Pins {
			c.ref(pins, p, s.Origin, kindPIN)
		}
	}
	for _, x := range r.Counters {
		c.source(x.Source, x.Origin, named(kindCounter, x.ID), "source")
		c.hours(x.Opens, x.Closes, x.Origin, named(kindCounter, x.ID))
	}
	for _, x := range r.IDColumns {
		c.source(x.Source, x.Origin, named(kindIDColumn, x.ID), "source")
		if len(x.Examples) == 0 {
			c.add(x.Origin,
				"本人確認書類の欄「%s」に examples:（書類の例）を書いてください。例: examples: [{id: passport, official: 旅券（パスポート）}]",
				"ID column %q has no examples:, e.g. examples: [{id: passport, official: 旅券（パスポート）}]", x.ID)
		}
		for _, e := range x.Examples {
			if e.Official == "" {
				c.add(e.Origin,
					"本人確認書類の例「%s」に official:（本人確認書類一覧での日本語の名前）を書いてください。例: official: 旅券（パスポート）",
					"ID example %q has no official: (its Japanese name in the 本人確認書類一覧), e.g. official: 旅券（パスポート）", e.ID)
			}
		}
	}
	c.calendar(counters)
	return c.problems
}

// exceptExamples checks that a document's except_examples: name examples of
// its own columns, by id.
func (c *checker) exceptExamples(d guidance.Document) {
	var own []guidance.IDExample
	for _, x := range c.r.IDColumns {
		if slices.Contains(d.IDColumns, x.ID) {
			own = append(own, x.Examples...)
		}
	}
	ids := make([]string, len(own))
	for i, e := range own {
		ids[i] = e.ID
	}
	for _, ex := range d.ExceptExamples {
		if slices.Contains(ids, ex) {
			continue
		}
		hint := suggest(ex, ids)
		if i := slices.IndexFunc(own, func(e guidance.IDExample) bool { return e.Official == ex }); i >= 0 {
			// the Japanese name, as the list was written before examples had ids
			hint = guidance.T{Ja: "例の id「" + own[i].ID + "」を書いてください", En: fmt.Sprintf("; write the example's id %q", own[i].ID)}
		} else if hint.En == "" {
			hint = guidance.T{Ja: "id_columns.yaml の examples: にある id を書いてください", En: "; write the id of one of its examples (id: under examples: in id_columns.yaml)"}
		}
		c.add(d.Origin,
			"書類「%s」の except_examples:「%s」は、この書類の欄（id_columns:）の例にありません。%s",
			"document %q: except_examples: %q is not an example of its columns (id_columns:)%s", d.ID, ex, hint)
	}
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// calendar checks the calendar's dates, times and sources.
func (c *checker) calendar(counters []string) {
	cal := c.r.Calendar
	if cal.Origin == "" {
		c.add("rules",
			"calendar:（閉庁日・年末年始・祝日・コンビニの機械の時間）がありません。closed_weekdays, year_end, holidays, store_machines を書いてください",
			"calendar: is missing (closed_weekdays, year_end, holidays, store_machines)")
		return
	}
	for _, k := range []string{"closed_weekdays", "year_end", "holidays", "store_machines", "temporary_counter"} {
		if k != "temporary_counter" || len(cal.TemporaryCounter) > 0 {
			c.source(cal.Sources[k], cal.Origin, guidance.T{Ja: "カレンダー（calendar:）", En: "calendar"}, k+"_source")
		}
	}
	for _, d := range cal.ClosedWeekdays {
		if !slices.Contains(weekdays, d) {
			c.add(cal.Origin,
				"closed_weekdays: の「%s」は曜日として読めません。%s のどれかを書いてください。例: closed_weekdays: [sat, sun]",
				"closed_weekdays: %q is not one of %s, e.g. closed_weekdays: [sat, sun]", d, strings.Join(weekdays, ", "))
		}
	}
	for _, md := range []string{cal.YearEndFrom, cal.YearEndTo} {
		if _, err := time.Parse("01-02", md); err != nil {
			c.add(cal.Origin,
				"year_end: の「%s」は月日として読めません。MM-DD の形で書いてください。例: from: \"12-29\"",
				"year_end: %q is not a month and day; write MM-DD, e.g. from: \"12-29\"", md)
		}
	}
	c.date(cal.HolidaysUntil, cal.Origin, "holidays_until")
	prev := ""
	for _, h := range cal.Holidays {
		c.date(h.Date, h.Origin, "holiday")
		if h.Date <= prev {
			c.add(h.Origin,
				"祝日 %s の順番が違うか、2回書かれています（前は %s）。日付の早い順に並べ、重なりは消してください",
				"holiday %s is out of order or given twice (after %s); keep the list sorted", h.Date, prev)
		}
		if h.Date > cal.HolidaysUntil {
			c.add(h.Origin,
				"祝日 %s が holidays_until:（%s）より後です。holidays_until: をこの日以降に直してください",
				"holiday %s is after holidays_until %s; move holidays_until: to this date or later", h.Date, cal.HolidaysUntil)
		}
		if h.Kind != "" && h.Kind != "substitute" && h.Kind != "citizens" {
			c.add(h.Origin,
				"祝日の kind:「%s」は使えません。substitute（振替休日）か citizens（国民の休日）を書くか、kind: を消してください",
				"holiday kind %q: use substitute (振替休日) or citizens (国民の休日), or leave it out", h.Kind)
		}
		prev = h.Date
	}
	prev = ""
	for _, t := range cal.TemporaryCounter {
		c.date(t.Date, t.Origin, "temporary_counter date")
		c.hours(t.Opens, t.Closes, t.Origin, guidance.T{Ja: t.Date + " の臨時窓口", En: "the temporary counter on " + t.Date})
		if t.Counter != "" {
			c.ref(counters, t.Counter, t.Origin, kindCounter)
		}
		if t.Date < prev {
			c.add(t.Origin,
				"臨時窓口の日 %s の順番が違います。日付の早い順に並べてください",
				"temporary-counter date %s is out of order; keep the list sorted", t.Date)
		}
		prev = t.Date
	}
	c.hours(cal.StoreOpens, cal.StoreCloses, cal.Origin, guidance.T{Ja: "コンビニの機械の時間（store_machines:）", En: "store_machines"})
	if cal.WindowHours <= 0 {
		c.add(cal.Origin,
			"store_machines: の window_hours: は 1 以上の数にしてください。例: window_hours: 24",
			"store_machines: window_hours must be positive, e.g. window_hours: 24")
	}
}

// hours checks an opening and closing time.
func (c *checker) hours(opens, closes string, o guidance.Origin, what guidance.T) {
	if !hhmmPattern.MatchString(opens) || !hhmmPattern.MatchString(closes) || opens >= closes {
		c.add(o,
			"%sの opens: と closes: を HH:MM の形で、opens: を closes: より前にして書いてください（いまは opens: %q, closes: %q）。例: opens: \"08:30\"",
			"%s needs opens: and closes: as HH:MM, opens before closes (now opens: %q, closes: %q), e.g. opens: \"08:30\"", what, opens, closes)
	}
}

func (c *checker) meta() {
	m := c.r.Meta
	if m.SourceUpdated == "" {
		c.add("rules",
			"meta:（もとにした市のページ）がありません。source_title, source_url, source_updated を書いてください",
			"meta: is missing (source_title, source_url, source_updated)")
		return
	}
	c.date(m.SourceUpdated, m.Origin, "source_updated")
}

// ids checks that ids are well formed and unique, and returns them.
func (c *checker) ids(what guidance.T, all func(yield func(string, guidance.Origin) bool)) []string {
	var ids []string
	for id, o := range all {
		c.id(id, o, what)
		if slices.Contains(ids, id) {
			c.add(o,
				"%sの id「%s」が2回使われています。別の id にするか、どちらかを消してください",
				"%s id %q is used twice; ids must be unique", what, id)
		}
		ids = append(ids, id)
	}
	return ids
}

func (c *checker) id(id string, o guidance.Origin, what guidance.T) {
	if !idPattern.MatchString(id) {
		c.add(o,
			"%sの id「%s」には、英小文字・数字・_ だけを使ってください（例: holder_card）",
			"%s id %q must be lower-case letters, digits and _ (e.g. holder_card)", what, id)
	}
}

func (c *checker) ref(known []string, id string, o guidance.Origin, what guidance.T) {
	if id == "" {
		c.add(o,
			"%sが書かれていません。id を書いてください",
			"no %s is given; write its id", what)
		return
	}
	if !slices.Contains(known, id) {
		c.add(o,
			"%s「%s」が見つかりません。%s",
			"unknown %s %q%s", what, id, suggest(id, known))
	}
}

// source checks that what has its key (source:, or the calendar's *_source:).
func (c *checker) source(s string, o guidance.Origin, what guidance.T, key string) {
	if strings.TrimSpace(s) == "" {
		c.add(o,
			"%[1]sに %[2]s:（市のページの文、または URL と確認した日付）を書いてください。例: %[2]s: 「開庁時間 午前8時30分から午後5時15分まで」",
			"%[1]s has no %[2]s: (the sentence of the city's page, or a URL and date)", what, key)
	}
}

func (c *checker) date(s string, o guidance.Origin, field string) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		c.add(o,
			"%s: の「%s」は日付として読めません。YYYY-MM-DD の形で書いてください。例: \"2024-09-04\"",
			"%s: %q is not a date; write YYYY-MM-DD, e.g. \"2024-09-04\"", field, s)
	}
}

func (c *checker) questions(pins, notes []string) {
	expandOptions(c.r)
	for qi := range c.r.Questions {
		q := &c.r.Questions[qi]
		c.source(q.Source, q.Origin, guidance.T{Ja: "質問「" + q.ID + "」", En: "question " + q.ID}, "source")
		switch q.OptionsFrom {
		case "", "pins":
		default:
			c.add(q.Origin,
				"options_from: の「%s」は使えません。使えるのは options_from: pins だけです",
				"options_from: %q is unknown; the only one is pins", q.OptionsFrom)
		}
		if len(q.Options) == 0 {
			c.add(q.Origin,
				"質問「%s」に選択肢（options:）がありません。例: options: [{value: self}, {value: proxy}]",
				"question %q has no options, e.g. options: [{value: self}, {value: proxy}]", q.ID)
		}
		var values, read []string
		for _, o := range q.Options {
			c.id(o.Value, o.Origin, kindOption)
			if slices.Contains(values, o.Value) {
				c.add(o.Origin,
					"選択肢「%s」が2回書かれています。1つにしてください",
					"option %q is given twice", o.Value)
			}
			values = append(values, o.Value)
		}
		for _, o := range q.Options {
			switch {
			case o.TreatAs == "":
				read = append(read, o.Value)
				if o.Note != "" {
					c.add(o.Origin,
						"選択肢「%s」に note: がありますが treat_as: がありません。note: は、別の選択肢として扱う（treat_as:）ときだけ書きます",
						"option %q has a note: but no treat_as:; only an option read as another needs one", o.Value)
				}
			case o.TreatAs == o.Value || !slices.Contains(values, o.TreatAs):
				c.add(o.Origin,
					"選択肢「%s」の treat_as:「%s」には、質問「%s」のほかの選択肢の value を書いてください。例: treat_as: \"yes\"",
					"option %q: treat_as: %q must name another option of %q, e.g. treat_as: \"yes\"", o.Value, o.TreatAs, q.ID)
			case o.Note == "":
				c.add(o.Origin,
					"選択肢「%s」は「%s」として扱われますが、それを住民に伝える note: がありません。例: note: unsure_shared",
					"option %q is read as %q but has no note: to tell the resident so, e.g. note: unsure_shared", o.Value, o.TreatAs)
			default:
				c.ref(notes, o.Note, o.Origin, kindNote)
			}
		}
		c.universe[q.ID] = read
		c.deps[q.ID] = []string{q.ID}
	}
}

// questionConds checks when each question is asked, once every question's and
// fact's values are known (a question may depend on a fact derived from earlier
// questions).
func (c *checker) questionConds() {
	for qi, q := range c.r.Questions {
		c.condition(q.When, qi)
	}
}

func (c *checker) facts(pins []string) {
	hasReset := false
	for _, f := range c.r.Facts {
		hasReset = hasReset || f.ID == guidance.ResetPinsFact
		var universe, deps []string
		for _, p := range f.Parts {
			if (p.From == "") == (len(p.Add) == 0) {
				c.add(p.Origin,
					"事実（fact）「%s」の values: の各項目には、from: か add: のどちらか1つを書いてください。例: - from: pin",
					"fact %q: each entry of values: needs either from: or add:, e.g. - from: pin", f.ID)
			}
			if p.From != "" {
				if _, ok := c.universe[p.From]; !ok {
					c.add(p.Origin,
						"事実（fact）「%s」の from:「%s」は、質問でも、これより前に書いた事実でもありません。%s",
						"fact %q: from: %q is not a question or an earlier fact%s", f.ID, p.From, suggest(p.From, keys(c.universe)))
				}
				universe = merge(universe, c.universe[p.From])
				deps = merge(deps, c.deps[p.From])
			}
			if len(p.Add) > 0 {
				c.source(p.Source, p.Origin, guidance.T{Ja: "事実（fact）「" + f.ID + "」の add:", En: "fact " + f.ID + "'s add:"}, "source")
			}
			universe = merge(universe, p.Add)
			deps = merge(deps, c.condition(p.When, -1))
		}
		if f.ID == guidance.ResetPinsFact {
			for _, v := range universe {
				c.ref(pins, v, f.Origin, kindPIN)
			}
		}
		c.universe[f.ID] = universe
		c.deps[f.ID] = deps
	}
	if !hasReset {
		c.add("rules",
			"事実（fact）「%s」（再設定する暗証番号）がありません。facts: に id: %[1]s の項目を書いてください",
			"the fact %q (the PINs to reset) is missing; add it under facts: with id: %[1]s", guidance.ResetPinsFact)
	}
}

func (c *checker) routes(pins, documents, notes, counters, links []string) {
	for _, rt := range c.r.Routes {
		c.source(rt.Source, rt.Origin, named(kindRoute, rt.Kind), "source")
		c.condition(rt.When, -1)
		if _, ok := c.universe[rt.PinsFrom]; !ok {
			c.add(rt.Origin,
				"方法（route）「%s」の pins: の from:「%s」には、再設定する暗証番号を持つ事実か質問の id を書いてください。例: pins: {from: reset_pins}",
				"route %q: pins: from: %q must name the fact or question that holds its PINs, e.g. from: reset_pins", rt.Kind, rt.PinsFrom)
		}
		for _, p := range rt.PinsOnly {
			c.ref(pins, p, rt.Origin, kindPIN)
		}
		for _, x := range rt.Counters {
			c.ref(counters, x, rt.Origin, kindCounter)
		}
		for _, x := range rt.Links {
			c.ref(links, x, rt.Origin, kindLink)
		}
		var steps []string
		for _, s := range rt.Steps {
			c.id(s.ID, s.Origin, kindStep)
			if slices.Contains(steps, s.ID) {
				c.add(s.Origin,
					"手順（step）「%s」が方法（route）「%s」の中に2回書かれています。1つにしてください",
					"step %q is given twice in route %q", s.ID, rt.Kind)
			}
			steps = append(steps, s.ID)
			c.condition(s.When, -1)
		}
		for _, v := range rt.Visits {
			c.condition(v.When, -1)
			if len(v.Documents) == 0 {
				c.add(v.Origin,
					"方法（route）「%s」の visits: の項目に、持ち物（documents:）がありません。例: documents: [{id: holder_card}]",
					"a visit of route %q lists no documents, e.g. documents: [{id: holder_card}]", rt.Kind)
			}
			for _, d := range v.Documents {
				c.ref(documents, d.ID, d.Origin, kindDocument)
				c.condition(d.When, -1)
			}
		}
		for _, u := range rt.Uncertain {
			c.ref(notes, u.Note, u.Origin, kindNote)
			c.required(u.When, u.Origin)
		}
	}
}

// condition checks a condition's operators, names and values, and returns the
// questions it depends on. For the question at index asker, every one must be
// asked before it.
func (c *checker) condition(cond *guidance.Cond, asker int) []string {
	if cond == nil {
		return nil
	}
	var deps []string
	if cond.Operators != 1 {
		c.add(cond.Origin,
			"条件には eq, in, all, any, not, pred のどれか1つだけを書きます（いまは %d 個）。2つ以上なら all: の下に並べてください。例: all: [{eq: {applicant: self}}, {pred: one_certificate_pin}]",
			"a condition needs exactly one of eq, in, all, any, not, pred (found %d); nest them with all:, e.g. all: [{eq: {applicant: self}}, {pred: one_certificate_pin}]", cond.Operators)
	}
	check := func(id string, vals ...string) {
		universe, ok := c.universe[id]
		if !ok {
			c.add(cond.Origin,
				"質問または事実（fact）「%s」が見つかりません。%s",
				"unknown question or fact %q%s", id, suggest(id, keys(c.universe)))
			return
		}
		for _, v := range vals {
			if !slices.Contains(universe, v) {
				c.add(cond.Origin,
					"「%s」が「%s」になることはありません（なりうる値: %s）。%s",
					"%q never holds %q (it can hold %s)%s", id, v, strings.Join(universe, ", "), suggest(v, universe))
			}
		}
		deps = merge(deps, c.deps[id])
	}
	for id, v := range cond.Eq {
		check(id, v)
	}
	for id, vs := range cond.In {
		if len(vs) == 0 {
			c.add(cond.Origin,
				"in: の「%s」に値がありません。例: in: {pin: [auth, juki]}",
				"in: %q lists no values, e.g. in: {pin: [auth, juki]}", id)
		}
		check(id, vs...)
	}
	for _, s := range cond.All {
		deps = merge(deps, c.condition(s, asker))
	}
	for _, s := range cond.Any {
		deps = merge(deps, c.condition(s, asker))
	}
	if cond.Not != nil {
		deps = merge(deps, c.condition(cond.Not, asker))
	}
	if cond.Pred != "" {
		deps = merge(deps, c.deps[guidance.ResetPinsFact])
	}
	if asker >= 0 {
		q := c.r.Questions[asker]
		for _, d := range deps {
			if idx := slices.IndexFunc(c.r.Questions, func(x guidance.Question) bool { return x.ID == d }); idx >= asker {
				c.add(cond.Origin,
					"質問「%[1]s」の when: は、後で聞く「%[2]s」の答えを使っています。質問「%[1]s」を「%[2]s」より後ろに移してください",
					"question %[1]q depends on %[2]q, which is asked later; move %[1]q after it", q.ID, d)
			}
		}
	}
	return deps
}

// required checks a condition that may not be left out.
func (c *checker) required(cond *guidance.Cond, o guidance.Origin) {
	if cond == nil {
		c.add(o,
			"when: がありません。blocked: と uncertain: の項目には、当てはまる条件を when: で書いてください。例: when: {eq: {residence: elsewhere}}",
			"when: is missing; a blocked reason or an uncertain entry applies only under a condition, e.g. when: {eq: {residence: elsewhere}}")
	}
	c.condition(cond, -1)
}

func merge(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

func keys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// suggest offers the closest known id for a likely typo; without one, the
// Japanese asks to check the spelling.
func suggest(id string, known []string) guidance.T {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(id, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return guidance.T{Ja: "綴りを確かめてください"}
	}
	return guidance.T{Ja: "「" + best + "」の書き間違いではありませんか？", En: fmt.Sprintf(" (did you mean %q?)", best)}
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// expandOptions fills in the options of a question with options_from: pins,
// from the PINs of these rules.
func expandOptions(r *guidance.Rules) {
	for i := range r.Questions {
		q := &r.Questions[i]
		if q.OptionsFrom != "pins" {
			continue
		}
		q.Options = nil
		for _, p := range r.Pins {
			q.Options = append(q.Options, guidance.Option{Value: p.ID, Origin: q.Origin})
		}
	}
}

// validateDates checks every valid_from and valid_to.
func validateDates(r *guidance.Rules) []guidance.Problem {
	c := &checker{r: r}
	eachValidity(r, func(v guidance.Validity, o guidance.Origin) {
		if v.ValidFrom != "" {
			c.date(v.ValidFrom, o, "valid_from")
		}
		if v.ValidTo != "" {
			c.date(v.ValidTo, o, "valid_to")
		}
		if v.ValidFrom != "" && v.ValidTo != "" && v.ValidTo < v.ValidFrom {
			c.add(o,
				"valid_to:（%s）が valid_from:（%s）より前です。どちらかの日付を直してください",
				"valid_to %s is before valid_from %s; correct one of the dates", v.ValidTo, v.ValidFrom)
		}
	})
	return c.problems
}
