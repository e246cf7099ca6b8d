package server

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResponseCacheBoundedByBytes: the cache holds at most its bytes, counting
// compressed forms made after an entry went in, and drops the least recently
// used entries first; an expired entry leaves and gives its bytes back.
func TestResponseCacheBoundedByBytes(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	entry := func(key string, size int) *cached {
		rec := &recorder{header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Cache-Control": {"public, max-age=60"}}}
		rec.body.Write(bytes.Repeat([]byte(key+" "), size/(len(key)+1)))
		return (&Server{}).finished(key, rec, now)
	}
	c := newResponseCache(10 * (1000 + entryOverhead + 2))
	for i := range 10 {
		c.put(entry(fmt.Sprintf("k%d", i), 1000))
	}
	require.LessOrEqual(t, c.bytes, c.maxBytes)
	require.NotNil(t, c.get("k0", now), "all ten fit")
	// k0 was just used: a new entry pushes out k1, the least recently used.
	c.put(entry("k10", 1000))
	assert.LessOrEqual(t, c.bytes, c.maxBytes)
	assert.Nil(t, c.get("k1", now))
	assert.NotNil(t, c.get("k0", now))
	// A compressed form made later counts too and can push others out.
	e := c.get("k10", now)
	n := c.order.Len()
	gz := e.gzipped()
	assert.Equal(t, len("k10")+len(e.body)+entryOverhead+len(gz), e.held)
	assert.LessOrEqual(t, c.bytes, c.maxBytes)
	assert.Equal(t, n-1, c.order.Len(), "the full cache made room")
	held := 0
	for el := c.order.Front(); el != nil; el = el.Next() {
		held += el.Value.(*cached).held
	}
	assert.Equal(t, held, c.bytes, "the count is the sum of what is held")
	// Expired: gone, and its bytes with it.
	later := now.Add(time.Minute)
	n = c.order.Len()
	assert.Nil(t, c.get("k0", later))
	assert.Equal(t, n-1, c.order.Len())
	// One entry bigger than the whole cache is not kept.
	c.put(entry("huge", 20*c.maxBytes))
	assert.Nil(t, c.get("huge", now))
	assert.LessOrEqual(t, c.bytes, c.maxBytes)
	assert.Equal(t, 0, c.order.Len())
	assert.Equal(t, 0, c.bytes)
}

// TestImmutableResponsesAreKept: a static file's "public, max-age=31536000,
// immutable" makes a cache entry kept for the year (it was read as no max-age,
// so every request compressed the stylesheet again).
func TestImmutableResponsesAreKept(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for cc, want := range map[string]time.Duration{
		"public, max-age=31536000, immutable": 365 * 24 * time.Hour,
		"public, max-age=60":                  time.Minute,
		"no-store":                            0,
	} {
		rec := &recorder{header: http.Header{"Content-Type": {"text/css"}, "Cache-Control": {cc}}}
		rec.body.WriteString("body { margin: 0 }")
		e := (&Server{}).finished("/static/app.css", rec, now)
		assert.Equal(t, want, e.expires.Sub(now), cc)
	}
}
