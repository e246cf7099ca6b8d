// Package rules embeds the rule files, so the binary runs without them on disk.
package rules

import "embed"

// FS holds the rule files (*.yaml) and their JSON Schema.
//
//go:embed *.yaml schema.json
var FS embed.FS
