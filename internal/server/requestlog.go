package server

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// The request log: one JSON line per request with time, level, msg "request",
// method, route pattern, status, duration_us and request_id — never the
// query, a body or an address. It is written for every request, so it is
// built by hand into a pooled buffer: through slog's JSON handler the line
// cost about as much as the rest of a cached answer, and in wrk runs the p99
// at 64 connections was 20 ms with it and 13 ms without. Without a writer
// (Options.RequestLog) the same line goes through the slog logger.

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// logRequest writes the request's line.
func (s *Server) logRequest(at time.Time, method, route string, status int, took time.Duration, id string) {
	if s.opts.RequestLog == nil {
		s.log.LogAttrs(context.Background(), slog.LevelInfo, "request",
			slog.String("method", method), slog.String("route", route), slog.Int("status", status),
			slog.Int64("duration_us", took.Microseconds()), slog.String("request_id", id))
		return
	}
	bp := lineBufs.Get().(*[]byte)
	b := append((*bp)[:0], `{"time":"`...)
	b = at.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","method":`...)
	b = appendJSONString(b, method)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, route)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"duration_us":`...)
	b = strconv.AppendInt(b, took.Microseconds(), 10)
	b = append(b, `,"request_id":`...)
	b = appendJSONString(b, id)
	b = append(b, "}\n"...)
	_, _ = s.opts.RequestLog.Write(b)
	*bp = b
	lineBufs.Put(bp)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped (the values are tokens, but a log line must stay
// one valid line whatever comes).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
