package server

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/go-chi/chi/v5"

	"github.com/takaoka-city/pinguide/internal/guidance"
)

// Responses are a pure function of the URL (answers live in it), the language
// header and the time, so a GET can be answered from memory until its content
// next changes: the cache below keeps each rendered response with its gzip and
// brotli forms, gives it a deterministic ETag, and answers If-None-Match with
// 304. Nothing personal is in a response, so keeping them is harmless.

// cached is one finished response.
type cached struct {
	key      string
	status   int
	header   http.Header // the handler's own headers (Content-Type, Vary, …)
	body     []byte
	route    string // the route pattern, for the log and metrics on a hit
	compress bool   // worth compressing (size, type)
	gzOnce   sync.Once
	brOnce   sync.Once
	gz, br   []byte // compressed forms, made once, when first asked for
	etag     string // of body
	// Header values made once, so that serving a hit allocates none: each is
	// shared, read only, by every response from this entry.
	etagHdr              []string
	lenHdr, gzLen, brLen []string       // Content-Length of body, gz, br
	countDown            bool           // Cache-Control counts down to expires
	expires              time.Time      // when Cache-Control says it goes stale
	outcome              string         // the outcome it showed, replayed into the metrics on a hit
	owner                *responseCache // the cache holding it, told when it grows
	held                 int            // bytes counted by owner (under its lock)
}

// responseCache is an LRU of finished responses bounded by their bytes (a
// result page with its compressed forms is some 25 KB, the counter's 60 KB),
// so a rush over many different answers cannot grow the process without end.
type responseCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int // of the entries held, compressed forms included
	order    *list.List
	items    map[string]*list.Element
}

// cacheBytes bounds the response cache: with the rules and texts the process
// stays well under 50 MB.
const cacheBytes = 16 << 20

// entryOverhead is a rough count of an entry's bytes besides its bodies (its
// header map, header values, list element and fields).
const entryOverhead = 1024

func newResponseCache(maxBytes int) *responseCache {
	return &responseCache{maxBytes: maxBytes, order: list.New(), items: map[string]*list.Element{}}
}

func (c *responseCache) get(key string, now time.Time) *cached {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	e := el.Value.(*cached)
	if !now.Before(e.expires) {
		c.remove(el)
		return nil
	}
	c.order.MoveToFront(el)
	return e
}

func (c *responseCache) put(e *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[e.key]; ok {
		c.remove(el)
	}
	e.owner = c
	e.held = len(e.key) + len(e.body) + entryOverhead
	c.bytes += e.held
	c.items[e.key] = c.order.PushFront(e)
	c.evict()
}

// grew counts n more bytes of e (a compressed form made after it was put), if
// e is still held.
func (c *responseCache) grew(e *cached, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[e.key]; !ok || el.Value.(*cached) != e {
		return
	}
	e.held += n
	c.bytes += n
	c.evict()
}

// evict drops the least recently used entries until the bytes fit (c.mu held).
func (c *responseCache) evict() {
	for c.bytes > c.maxBytes && c.order.Len() > 0 {
		c.remove(c.order.Back())
	}
}

func (c *responseCache) remove(el *list.Element) {
	e := el.Value.(*cached)
	c.order.Remove(el)
	delete(c.items, e.key)
	c.bytes -= e.held
}

// minCompress is the size under which compressing costs more than it saves.
const minCompress = 512

// recorder buffers a handler's response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// finish serves GET and HEAD from the cache, or renders, keeps and serves them;
// other methods pass through.
func (s *Server) finish(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.Path + "?" + r.URL.RawQuery + "\x00" + r.Header.Get("Accept-Language")
		now := s.now()
		rctx := chi.RouteContext(r.Context())
		e := s.cache.get(key, now)
		if e != nil && rctx != nil {
			// For the log and metrics; chi's pooled slice is reused, not replaced.
			rctx.RoutePatterns = append(rctx.RoutePatterns[:0], e.route)
		}
		st := stateFrom(r.Context())
		if e == nil {
			rec := &recorder{header: http.Header{}}
			// A HEAD is rendered as a GET, so the entry has a body for the GETs after it.
			inner := *r
			inner.Method = http.MethodGet
			next.ServeHTTP(rec, &inner)
			e = s.finished(key, rec, now)
			if st != nil {
				e.outcome = st.outcome
			}
			if rctx != nil {
				e.route = rctx.RoutePattern()
			}
			if e.status == http.StatusOK && !e.expires.After(now) {
				e.expires = now // not cacheable
			}
			if e.status == http.StatusOK && e.expires.After(now) {
				s.cache.put(e)
			}
		}
		if st != nil {
			st.outcome = e.outcome
		}
		s.write(w, r, e, now)
	})
}

// finished turns a buffered response into a cache entry: ETag, expiry, and
// the compressed forms.
func (s *Server) finished(key string, rec *recorder, now time.Time) *cached {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	body := bytes.Clone(rec.body.Bytes()) // no spare capacity kept: the cache counts what it holds
	sum := sha256.Sum256(body)
	e := &cached{key: key, status: rec.status, header: rec.header, body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	e.expires = now
	if cc := rec.header.Get("Cache-Control"); strings.HasPrefix(cc, "public") {
		if i := strings.Index(cc, "max-age="); i >= 0 {
			digits := cc[i+len("max-age="):]
			digits = digits[:len(digits)-len(strings.TrimLeft(digits, "0123456789"))] // "31536000, immutable"
			if secs, err := strconv.Atoi(digits); err == nil {
				e.expires = now.Add(time.Duration(secs) * time.Second)
			}
		}
	}
	e.compress = len(body) >= minCompress && compressible(rec.header.Get("Content-Type"))
	if e.compress {
		e.header.Add("Vary", "Accept-Encoding")
	}
	e.etagHdr = []string{e.etag}
	e.lenHdr = []string{strconv.Itoa(len(body))}
	cc := e.header.Get("Cache-Control")
	e.countDown = strings.HasPrefix(cc, "public") && !strings.Contains(cc, "immutable")
	return e
}

// gzipped is the body gzip-compressed, made on first use and kept.
func (e *cached) gzipped() []byte {
	e.gzOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(e.body)
		_ = zw.Close()
		e.gz = bytes.Clone(b.Bytes())
		e.gzLen = []string{strconv.Itoa(len(e.gz))}
		if e.owner != nil {
			e.owner.grew(e, len(e.gz))
		}
	})
	return e.gz
}

// brotlied is the body brotli-compressed, made on first use and kept.
func (e *cached) brotlied() []byte {
	e.brOnce.Do(func() {
		var b bytes.Buffer
		bw := brotli.NewWriterLevel(&b, 6)
		_, _ = bw.Write(e.body)
		_ = bw.Close()
		e.br = bytes.Clone(b.Bytes())
		e.brLen = []string{strconv.Itoa(len(e.br))}
		if e.owner != nil {
			e.owner.grew(e, len(e.br))
		}
	})
	return e.br
}

func compressible(ctype string) bool {
	for _, t := range []string{"text/", "application/json", "application/javascript", "image/svg"} {
		if strings.HasPrefix(ctype, t) {
			return true
		}
	}
	return false
}

// write sends a finished response: 304 for a matching If-None-Match, else the
// best encoding the client accepts. Cache-Control counts down to the expiry.
func (s *Server) write(w http.ResponseWriter, r *http.Request, e *cached, now time.Time) {
	// The entry's header values are shared by every request it answers: copy
	// the map's entries, and only ever replace them here, never append.
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	if e.status == http.StatusOK {
		h["Etag"] = e.etagHdr
		if left := e.expires.Sub(now); left > 0 && e.countDown {
			h["Cache-Control"] = s.maxAgeHeader(left)
		}
	}
	if e.status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), e.etag) {
		delete(h, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, length := e.body, e.lenHdr
	if e.compress {
		switch accept := r.Header.Get("Accept-Encoding"); {
		case acceptsEncoding(accept, "br"):
			body, length = e.brotlied(), e.brLen
			h["Content-Encoding"] = encodingBr
		case acceptsEncoding(accept, "gzip"):
			body, length = e.gzipped(), e.gzLen
			h["Content-Encoding"] = encodingGzip
		}
	}
	h["Content-Length"] = length
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

var (
	encodingBr   = []string{"br"}
	encodingGzip = []string{"gzip"}
)

// maxAgeTable is how many "public, max-age=n" values are made once, for n
// from 0: up to an hour, so a longer --max-age costs an allocation per hit.
const maxAgeTable = 3600

func newMaxAgeValues(maxAge time.Duration) [][]string {
	v := make([][]string, min(int(maxAge/time.Second), maxAgeTable)+1)
	for n := range v {
		v[n] = []string{"public, max-age=" + strconv.Itoa(n)}
	}
	return v
}

// maxAgeHeader is the Cache-Control value for a response that goes stale in d.
func (s *Server) maxAgeHeader(d time.Duration) []string {
	n := max(int(d/time.Second), 0)
	if n < len(s.maxAgeValues) {
		return s.maxAgeValues[n]
	}
	return []string{"public, max-age=" + strconv.Itoa(n)}
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsEncoding reports whether an Accept-Encoding header accepts enc (a
// q=0 refuses it).
func acceptsEncoding(header, enc string) bool {
	if !strings.Contains(header, enc) {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) != enc {
			continue
		}
		q := strings.TrimSpace(params)
		return !(strings.HasPrefix(q, "q=0") && strings.Trim(strings.TrimPrefix(q, "q="), "0.") == "")
	}
	return false
}

// outcomeLabel names an outcome for the metrics: its status and the kinds of
// route it offers, e.g. "complete|store,counter"; "" for a question.
func outcomeLabel(out guidance.Outcome) string {
	if out.Status == guidance.StatusIncomplete {
		return ""
	}
	kinds := make([]string, len(out.Routes))
	for i, r := range out.Routes {
		kinds[i] = r.Kind
	}
	return string(out.Status) + "|" + strings.Join(kinds, ",")
}
