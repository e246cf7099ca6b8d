// Package locale holds the translated texts (go-i18n) and chooses a language for
// a request. Public language ids (URL, API, <html lang>) may carry private-use
// subtags such as ja-x-easy, which go-i18n's matcher ignores, so each public id is
// mapped to a tag of its own for the library.
package locale

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Default is the source language, used when nothing else matches.
const Default = "ja"

// preferredOrder is the order languages are offered in.
var preferredOrder = []string{Default, "ja-x-easy", "en", "vi", "zh-Hans", "pt-BR", "tl"}

// Catalog is every language's messages.
type Catalog struct {
	bundle     *i18n.Bundle
	langs      []string // public ids, Default first
	tags       []language.Tag
	matcher    language.Matcher
	localizers map[string]*i18n.Localizer
	ids        map[string][]string // language → message ids
	plain      sync.Map            // lang+"\x00"+id → text, for messages without data
}

// internalTag maps a public id to the tag go-i18n sees.
func internalTag(id string) (language.Tag, error) {
	if base, ok := strings.CutSuffix(id, "-x-easy"); ok {
		// やさしい日本語: a private-use region (QM) keeps it apart from ja, and
		// Accept-Language "ja" still matches plain ja first.
		return language.Parse(base + "-QM")
	}
	return language.Parse(id)
}

// Load reads every ID.yaml file of fsys, Default among them.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	defTag, _ := internalTag(Default)
	c := &Catalog{
		bundle:     i18n.NewBundle(defTag),
		localizers: map[string]*i18n.Localizer{},
		ids:        map[string][]string{},
	}
	for _, name := range names {
		id := strings.TrimSuffix(path.Base(name), ".yaml")
		tag, err := internalTag(id)
		if err != nil {
			return nil, fmt.Errorf("%s: the file name must be a language id: %w", name, err)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		msgs, err := i18n.ParseMessageBytes(data, yaml.Unmarshal)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := c.bundle.AddMessages(tag, msgs...); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, m := range msgs {
			c.ids[id] = append(c.ids[id], m.ID)
		}
		slices.Sort(c.ids[id])
		c.langs = append(c.langs, id)
	}
	if !slices.Contains(c.langs, Default) {
		return nil, fmt.Errorf("no %s.yaml: the source language is required", Default)
	}
	// The switcher's order: Japanese, its easy form, then by Takaoka's foreign
	// residents' languages; any other language after them.
	rank := func(id string) int {
		if i := slices.Index(preferredOrder, id); i >= 0 {
			return i
		}
		return len(preferredOrder)
	}
	slices.SortStableFunc(c.langs, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, id := range c.langs {
		tag, _ := internalTag(id)
		c.tags = append(c.tags, tag)
		c.localizers[id] = i18n.NewLocalizer(c.bundle, tag.String(), defTag.String())
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// Langs lists the public language ids, Default first.
func (c *Catalog) Langs() []string { return c.langs }

// Supported reports whether id is one of the catalog's languages.
func (c *Catalog) Supported(id string) bool { return slices.Contains(c.langs, id) }

// Negotiate picks the language for an Accept-Language header, Default when none
// matches.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	if acceptLanguage == "" {
		return Default
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Default
	}
	_, i, conf := c.matcher.Match(prefs...)
	if conf == language.No {
		return Default
	}
	return c.langs[i]
}

// Match picks the supported language for a lang parameter: the same one in
// other letters or a regional form of it (EN, en-US, zh-CN, pt), or "" when
// none is close enough to be what the reader asked for (de, zh-TW) or it is no
// language tag at all.
func (c *Catalog) Match(lang string) string {
	for _, id := range c.langs {
		if strings.EqualFold(id, lang) {
			return id
		}
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	_, i, conf := c.matcher.Match(tag)
	// High confidence also covers CLDR's fallbacks (Nepali or Burmese to
	// English): only the same language in another form counts.
	asked, _ := tag.Base()
	got, _ := c.tags[i].Base()
	if conf < language.High || asked != got {
		return ""
	}
	return c.langs[i]
}

// T returns message id in lang, filling in data. A message missing in lang falls
// back to Default, and one missing everywhere shows its id: a missing text must
// never break a page.
func (c *Catalog) T(lang, id string, data map[string]any) string {
	if data == nil { // the same text every time: look it up once
		key := lang + "\x00" + id
		if s, ok := c.plain.Load(key); ok {
			return s.(string)
		}
		s := c.localize(lang, id, nil)
		c.plain.Store(key, s)
		return s
	}
	return c.localize(lang, id, data)
}

func (c *Catalog) localize(lang, id string, data map[string]any) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[Default]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil && s == "" {
		return id
	}
	return s
}

// Has reports whether lang itself has message id (no fallback).
func (c *Catalog) Has(lang, id string) bool {
	_, ok := slices.BinarySearch(c.ids[lang], id)
	return ok
}

// IDs lists the message ids of lang, sorted.
func (c *Catalog) IDs(lang string) []string { return c.ids[lang] }
