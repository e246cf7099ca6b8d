// Package web embeds the wizard's static files (one stylesheet, one small
// script); web/ui holds its templ components.
package web

import "embed"

// Static holds static/app.css and static/app.js.
//
//go:embed static
var Static embed.FS
