package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRuby(t *testing.T) {
	for _, tt := range []struct{ in, html, plain string }{
		{"{市役所|しやくしょ}に{行|い}きます", "<ruby>市役所<rt>しやくしょ</rt></ruby>に<ruby>行<rt>い</rt></ruby>きます", "市役所に行きます"},
		{"no ruby", "no ruby", "no ruby"},
		{"<b>&", "&lt;b&gt;&amp;", "<b>&"},
		{"{<i>|x}", "<ruby>&lt;i&gt;<rt>x</rt></ruby>", "<i>"},
		{"braces { alone } stay", "braces { alone } stay", "braces { alone } stay"},
		{"{|empty} {base|}", "{|empty} {base|}", "{|empty} {base|}"},
		{"{a{b|c}", "{a<ruby>b<rt>c</rt></ruby>", "{ab"},
		{"a | b {", "a | b {", "a | b {"},
	} {
		assert.Equal(t, tt.html, RubyHTML(tt.in), tt.in)
		assert.Equal(t, tt.plain, Plain(tt.in), tt.in)
	}
}

func TestShowOfficial(t *testing.T) {
	for _, tt := range []struct {
		official, label string
		want            bool
	}{
		{"本庁舎1階 市民課", "Takaoka City Hall, main building 1F, Citizens Division", true},
		{"本庁舎1階 市民課", "高岡市役所 本庁舎1階 市民課", false},
		{"市民課", "{市民課|しみんか}", false},
		{"本庁舎1階 市民課", "{高岡市役所|たかおかしやくしょ}の{本庁舎|ほんちょうしゃ} 1{階|かい}　{市民課|しみんか}", false},
		{"", "anything", false},
	} {
		assert.Equal(t, tt.want, showOfficial(tt.official, tt.label), tt.label)
	}
}
