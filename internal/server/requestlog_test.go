package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestLogLine: the hand-built line is one valid JSON object with the
// same fields and values as the slog line it stands in for, whatever the
// strings hold.
func TestRequestLogLine(t *testing.T) {
	at := time.Date(2026, 11, 25, 8, 30, 1, 123456000, time.UTC)
	for _, route := range []string{"/api/v1/guidance", "unmatched", "a \"quoted\" \\ route\n\twith\x01controls", "日本語"} {
		var fast, slow bytes.Buffer
		(&Server{opts: Options{RequestLog: &fast}}).logRequest(at, "GET", route, 200, 1234*time.Microsecond, "abc-1")
		(&Server{log: slog.New(slog.NewJSONHandler(&slow, nil))}).logRequest(at, "GET", route, 200, 1234*time.Microsecond, "abc-1")
		require.True(t, strings.HasSuffix(fast.String(), "}\n"))
		assert.Equal(t, 1, strings.Count(fast.String(), "\n"), "one line")
		var f, s map[string]any
		require.NoError(t, json.Unmarshal(fast.Bytes(), &f), fast.String())
		require.NoError(t, json.Unmarshal(slow.Bytes(), &s), slow.String())
		assert.Equal(t, route, f["route"])
		assert.Equal(t, "2026-11-25T08:30:01.123456Z", f["time"])
		delete(f, "time")
		delete(s, "time")
		assert.Equal(t, s, f)
	}
}

func BenchmarkRequestLogLine(b *testing.B) {
	s := &Server{opts: Options{RequestLog: &bytes.Buffer{}}}
	at := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		s.opts.RequestLog.(*bytes.Buffer).Reset()
		s.logRequest(at, "GET", "/api/v1/guidance", 200, time.Millisecond, "abc-1")
	}
}
