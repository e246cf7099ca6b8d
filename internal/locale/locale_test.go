package locale_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

func load(t *testing.T) *locale.Catalog {
	t.Helper()
	c, err := locale.Load(locales.FS)
	require.NoError(t, err)
	return c
}

// pageTexts are the page.* ids the templates and handlers name, found in their
// source, so a text no page uses cannot hide in a locale file.
func pageTexts(t *testing.T) []string {
	var ids []string
	for _, glob := range []string{"../../web/ui/*.templ", "../../internal/server/*.go"} {
		files, err := filepath.Glob(glob)
		require.NoError(t, err)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, m := range pageID.FindAllStringSubmatch(string(data), -1) {
				ids = append(ids, m[1])
			}
		}
	}
	slices.Sort(ids)
	require.NotEmpty(t, ids)
	return slices.Compact(ids)
}

var pageID = regexp.MustCompile(`"(page\.[a-z0-9_.]+)"`)

// textPages are the side pages whose sections are numbered message ids.
var textPages = []string{"page.help_pin.", "page.a11y.", "page.privacy."}

// TestEveryLanguageHasEveryText: each text the rules and the pages use exists
// in every language, and no language has texts nothing uses.
func TestEveryLanguageHasEveryText(t *testing.T) {
	c := load(t)
	r, problems := ruleset.Load(rules.FS)
	require.Empty(t, problems)
	required, optional := server.Messages(r)
	required = append(required, pageTexts(t)...)
	for _, id := range c.IDs(locale.Default) {
		for _, prefix := range textPages {
			if strings.HasPrefix(id, prefix) {
				required = append(required, id)
			}
		}
	}
	slices.Sort(required)
	for _, lang := range c.Langs() {
		t.Run(lang, func(t *testing.T) {
			for _, id := range required {
				assert.True(t, c.Has(lang, id), "%s.yaml lacks %q", lang, id)
			}
			for _, id := range c.IDs(lang) {
				assert.True(t, slices.Contains(required, id) || slices.Contains(optional, id), "%s.yaml has %q, which nothing uses", lang, id)
			}
			// A hint in a translation needs its Japanese source.
			for _, id := range c.IDs(lang) {
				assert.True(t, c.Has(locale.Default, id), "%s.yaml has %q, which ja.yaml lacks", lang, id)
			}
		})
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// TestPlaceholdersMatch: a translation uses exactly the source's placeholders.
func TestPlaceholdersMatch(t *testing.T) {
	texts := map[string]map[string]string{}
	for _, lang := range load(t).Langs() {
		data, err := locales.FS.ReadFile(lang + ".yaml")
		require.NoError(t, err)
		m := map[string]string{}
		require.NoError(t, yaml.Unmarshal(data, &m))
		texts[lang] = m
	}
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for lang, m := range texts {
		for id, text := range m {
			if src, ok := texts[locale.Default][id]; ok {
				assert.Equal(t, names(src), names(text), "%s %s", lang, id)
			}
		}
	}
}

var (
	furigana = regexp.MustCompile(`\{([^{}|]+)\|([^{}|]+)\}`)
	kanji    = regexp.MustCompile(`\p{Han}+`)
	kana     = regexp.MustCompile(`^[\p{Hiragana}\p{Katakana}ー]+$`)
)

// TestEasyJapaneseHasFuriganaOnEveryKanji: a reader of やさしい日本語 can read
// every kanji, also in the names of documents (id_example.*) that come from
// the rules: each one is inside {漢字|かな}, and the reading is kana.
func TestEasyJapaneseHasFuriganaOnEveryKanji(t *testing.T) {
	data, err := locales.FS.ReadFile("ja-x-easy.yaml")
	require.NoError(t, err)
	texts := map[string]string{}
	require.NoError(t, yaml.Unmarshal(data, &texts))
	require.NotEmpty(t, texts)
	for id, text := range texts {
		for _, m := range furigana.FindAllStringSubmatch(text, -1) {
			assert.Regexp(t, kana, m[2], "%s: the reading of %s", id, m[1])
		}
		assert.Empty(t, kanji.FindAllString(furigana.ReplaceAllString(text, ""), -1), "%s: kanji without furigana", id)
	}
}

func TestMissingTextFallsBackWithoutPanic(t *testing.T) {
	c := load(t)
	assert.Equal(t, "no.such.message", c.T("en", "no.such.message", nil))
	assert.Equal(t, "no.such.message", c.T("xx", "no.such.message", nil))
	assert.Equal(t, "どの暗証番号ですか？", c.T("xx", "question.pin", nil), "an unknown language reads Japanese")
	assert.Contains(t, c.T("en", "error.unknown_param", nil), "There is no question")
}

func TestNegotiate(t *testing.T) {
	c := load(t)
	for header, want := range map[string]string{
		"":                         "ja",
		"en":                       "en",
		"en-US,en;q=0.9":           "en",
		"ja-JP":                    "ja",
		"fr-FR, en;q=0.5":          "en",
		"ko":                       "ja",
		"!!!":                      "ja",
		"zh-CN;q=0.9, ja;q=0.8, *": "zh-Hans",
	} {
		assert.Equal(t, want, c.Negotiate(header), header)
	}
}

// TestMatch: a lang parameter names one of our languages, in any letter case
// or a regional form; any other language is no match (the API answers 400, a
// page falls back), rather than silently Japanese.
func TestMatch(t *testing.T) {
	c := load(t)
	for _, tt := range []struct{ lang, want string }{
		{"ja", "ja"}, {"ja-JP", "ja"}, {"ja-x-easy", "ja-x-easy"}, {"JA-X-EASY", "ja-x-easy"},
		{"en", "en"}, {"EN", "en"}, {"en-US", "en"}, {"en-GB", "en"},
		{"vi", "vi"}, {"vi-VN", "vi"}, {"zh-Hans", "zh-Hans"}, {"zh-hans", "zh-Hans"}, {"zh-CN", "zh-Hans"},
		{"pt-BR", "pt-BR"}, {"pt", "pt-BR"}, {"tl", "tl"}, {"fil", "tl"},
		{"de", ""}, {"fr", ""}, {"ko", ""}, {"zh-TW", ""}, {"ne", ""}, {"my", ""}, {"bn", ""}, {"ur", ""}, {"cy", ""}, {"zh-Hant", ""}, {"xx", ""}, {"<script>", ""}, {"", ""},
	} {
		assert.Equal(t, tt.want, c.Match(tt.lang), tt.lang)
	}
}

// TestEasyJapaneseIsReallySelected: go-i18n's matcher ignores -x- subtags, so
// ja-x-easy is mapped to a tag of its own; check that its texts, not plain
// Japanese ones, come back, and that Accept-Language "ja" still gets plain ja.
func TestEasyJapaneseIsReallySelected(t *testing.T) {
	c := load(t)
	require.True(t, c.Supported("ja-x-easy"))
	easy, plain := c.T("ja-x-easy", "question.situation", nil), c.T("ja", "question.situation", nil)
	assert.NotEqual(t, plain, easy)
	assert.Contains(t, easy, "|", "easy Japanese carries furigana")
	assert.True(t, c.Has("ja-x-easy", "question.situation"))
	assert.Equal(t, "ja", c.Negotiate("ja-JP,ja;q=0.9"))
	assert.Equal(t, []string{"ja", "ja-x-easy", "en", "vi", "zh-Hans", "pt-BR", "tl"}, c.Langs())
}
