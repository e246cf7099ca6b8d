// Package ruleset reads the rules from YAML files into guidance.Rules and checks
// them, naming the file and line of every problem, so a clerk's edit that would
// mislead a resident is refused before it is served.
package ruleset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Load reads every *.yaml file at the top of fsys (in name order) as one rule set
// and validates it. Problems are sorted by file and line; rules are nil if there
// is any.
func Load(fsys fs.FS) (*guidance.Rules, []guidance.Problem) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil || len(names) == 0 {
		return nil, []guidance.Problem{guidance.Problemf("rules", "no *.yaml rule files found")}
	}
	slices.Sort(names)
	l := &loader{rules: &guidance.Rules{}}
	hash := sha256.New()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.problems = append(l.problems, guidance.Problemf(guidance.Origin(name), "cannot read: %v", err))
			continue
		}
		fmt.Fprintf(hash, "%s\x00%d\x00", name, len(data))
		hash.Write(data)
		l.file(name, data)
	}
	if len(l.problems) == 0 {
		l.rules.Meta.Version = hex.EncodeToString(hash.Sum(nil))[:12]
		l.problems = append(l.problems, validateDates(l.rules)...)
	}
	if len(l.problems) == 0 {
		// Each period's rules are checked on their own: an id may be reused
		// once its earlier entry has gone out of force.
		seen := map[string]bool{}
		for _, p := range Periods(l.rules) {
			for _, pr := range validate(p.Rules) {
				if !seen[pr.String()] {
					seen[pr.String()] = true
					l.problems = append(l.problems, pr)
				}
			}
		}
		// options_from is filled in on the copies; fill it in on the whole too.
		expandOptions(l.rules)
	}
	if len(l.problems) > 0 {
		sortProblems(l.problems)
		return nil, l.problems
	}
	return l.rules, nil
}

// sortProblems orders problems by file, then line number.
func sortProblems(ps []guidance.Problem) {
	key := func(o guidance.Origin) (string, int) {
		file, line, _ := strings.Cut(string(o), ":")
		n, _ := strconv.Atoi(line)
		return file, n
	}
	slices.SortStableFunc(ps, func(a, b guidance.Problem) int {
		fa, la := key(a.Origin)
		fb, lb := key(b.Origin)
		if c := strings.Compare(fa, fb); c != 0 {
			return c
		}
		return la - lb
	})
}

type loader struct {
	rules    *guidance.Rules
	problems []guidance.Problem
	name     string
	lines    map[string]int // YAML path (".questions.3.when") → line
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// friendly names for the DTO types in the YAML decoder's messages.
var typeNames = strings.NewReplacer(
	"field ", "unknown key ", " not found in ", " in ",
	"type ruleset.fileDTO", "a rules file", "type ruleset.metaDTO", "meta", "type ruleset.pinDTO", "a PIN",
	"type ruleset.questionDTO", "a question", "type ruleset.optionDTO", "an option", "type ruleset.factDTO", "a fact",
	"type ruleset.factPartDTO", "a fact's values", "type ruleset.condDTO", "a condition (eq, in, all, any, not, pred)",
	"type ruleset.documentDTO", "a document", "type ruleset.routeDTO", "a route", "type ruleset.routePinsDTO", "a route's pins (from, only)",
	"type ruleset.stepDTO", "a step", "type ruleset.visitDTO", "a visit", "type ruleset.visitDocDTO", "a visit's document",
	"type ruleset.uncertainDTO", "an uncertain entry", "type ruleset.blockDTO", "a blocked entry", "type ruleset.noteDTO", "a note",
	"type ruleset.storeDTO", "a store", "type ruleset.counterDTO", "a counter", "type ruleset.idColumnDTO", "an ID column", "type ruleset.linkDTO", "a link",
	"type ruleset.calendarDTO", "the calendar", "type ruleset.holidayDTO", "a holiday", "type ruleset.temporaryDTO", "a temporary-counter date",
	"type ruleset.storeMachinesDTO", "store_machines (opens, closes, window_hours)", "type ruleset.yearEndDTO", "year_end (from, to)",
)

func (l *loader) file(name string, data []byte) {
	l.name, l.lines = name, map[string]int{}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.yamlError(err)
		return
	}
	if len(root.Content) > 0 {
		walkLines(root.Content[0], "", l.lines)
	}
	var f fileDTO
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return // an empty file
		}
		l.yamlError(err)
		return
	}
	l.convert(&f)
}

// yamlError reports each of the decoder's messages at its own line.
func (l *loader) yamlError(err error) {
	found := false
	for _, m := range yamlLine.FindAllStringSubmatch(err.Error(), -1) {
		found = true
		l.problems = append(l.problems, guidance.Problem{
			Origin:  guidance.Origin(l.name + ":" + m[1]),
			Message: typeNames.Replace(m[2]),
		})
	}
	if !found {
		l.problems = append(l.problems, guidance.Problemf(guidance.Origin(l.name), "%s", typeNames.Replace(err.Error())))
	}
}

// walkLines records the line of every mapping key and sequence item by path.
func walkLines(n *yaml.Node, p string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := p + "." + n.Content[i].Value
			lines[k] = n.Content[i].Line
			walkLines(n.Content[i+1], k, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			k := p + "." + strconv.Itoa(i)
			lines[k] = c.Line
			walkLines(c, k, lines)
		}
	}
}

// at names the file:line of a YAML path, falling back to the nearest parent.
func (l *loader) at(parts ...any) guidance.Origin {
	var b strings.Builder
	for _, x := range parts {
		fmt.Fprintf(&b, ".%v", x)
	}
	for p := b.String(); p != ""; p = p[:strings.LastIndex(p, ".")] {
		if line, ok := l.lines[p]; ok {
			return guidance.Origin(fmt.Sprintf("%s:%d", l.name, line))
		}
	}
	return guidance.Origin(l.name)
}
