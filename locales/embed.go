// Package locales embeds the message files, one per language (ID.yaml), so the
// binary runs without them on disk.
package locales

import "embed"

// FS holds the message files.
//
//go:embed *.yaml
var FS embed.FS
