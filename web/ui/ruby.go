package ui

import (
	"context"
	"html"
	"io"
	"strings"

	"github.com/a-h/templ"
)

// Texts may carry furigana as {漢字|かんじ} (やさしい日本語 does, on every kanji):
// pages show it as <ruby>, attributes and the API as the plain base text.

// segments splits s into plain text and {base|reading} pairs; a brace that does
// not open a well-formed pair is plain text.
func segments(s string, plain func(string), ruby func(base, reading string)) {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			plain(s)
			return
		}
		end := strings.IndexByte(s[i:], '}')
		bar := strings.IndexByte(s[i:], '|')
		if end < 0 || bar < 0 || bar > end || bar == 1 || bar == end-1 || strings.ContainsRune(s[i+1:i+end], '{') {
			plain(s[:i+1])
			s = s[i+1:]
			continue
		}
		plain(s[:i])
		ruby(s[i+1:i+bar], s[i+bar+1:i+end])
		s = s[i+end+1:]
	}
}

// Plain drops the furigana: {漢字|かんじ} → 漢字.
func Plain(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	var b strings.Builder
	segments(s, func(p string) { b.WriteString(p) }, func(base, _ string) { b.WriteString(base) })
	return b.String()
}

// RubyHTML escapes s and renders its furigana as <ruby>base<rt>reading</rt></ruby>.
func RubyHTML(s string) string {
	var b strings.Builder
	segments(s,
		func(p string) { b.WriteString(html.EscapeString(p)) },
		func(base, reading string) {
			b.WriteString("<ruby>" + html.EscapeString(base) + "<rt>" + html.EscapeString(reading) + "</rt></ruby>")
		})
	return b.String()
}

// txt renders a text with its furigana; everything else is escaped.
func txt(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, RubyHTML(s))
		return err
	})
}

// tr renders the fixed text id with its furigana.
func tr(id string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, RubyHTML(T(ctx, id)))
		return err
	})
}

// trf is tr with template data.
func trf(id string, data map[string]any) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, RubyHTML(Tf(ctx, id, data)))
		return err
	})
}
