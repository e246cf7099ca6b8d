package server

import (
	"fmt"
	"html"
	"strings"

	"rsc.io/qr"
)

// qrSVG draws the QR code of text as inline SVG (no image request, no script):
// one path of unit squares, with the 4-module quiet zone the standard asks for.
// It returns "" if text is too long to encode.
func qrSVG(text, label string) string {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return ""
	}
	const quiet = 4
	n := code.Size + 2*quiet
	var path strings.Builder
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="200" height="200" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		n, n, html.EscapeString(label), n, n, path.String())
}
