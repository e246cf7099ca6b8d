package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/takaoka-city/pinguide/web"
)

// assets are the static files under fingerprinted names, so they can be cached
// for a year and still change with each release.
type assets struct {
	css, js, icon string            // paths of app.css, app.js and favicon.svg
	files         map[string][]byte // path → content
}

func loadAssets() assets {
	a := assets{files: map[string][]byte{}}
	for _, name := range []string{"app.css", "app.js", "favicon.svg"} {
		data, err := fs.ReadFile(web.Static, "static/"+name)
		if err != nil {
			continue // a missing file is a build error caught by the tests
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		p := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		a.files[p] = data
		switch ext {
		case ".css":
			a.css = p
		case ".js":
			a.js = p
		case ".svg":
			a.icon = p
		}
	}
	return a
}

// handleStatic answers GET /static/NAME.HASH.EXT.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	data, ok := s.assets.files[r.URL.Path]
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(r.URL.Path)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(data) // a HEAD's body is dropped by finish
}
