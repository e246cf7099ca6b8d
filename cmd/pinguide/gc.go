package main

import (
	"os"
	"runtime/debug"
)

// settle returns to the system what loading the rules left behind (walking
// every answer path makes some 100 MB of short-lived garbage), so an idle
// server is small.
func settle() { debug.FreeOSMemory() }

// Garbage collection for serving. The live heap is small (rules and texts
// about 4 MB, the response cache at most 16 MiB) and each request leaves some
// 4 KB of garbage, so with Go's default (GOGC=100) a rush collects 25 times a
// second. Letting the heap grow to five times the live data collects a fifth
// as often: in interleaved wrk runs at 64 connections that gave 7-15 % more
// requests/s and a p99 of 14 ms instead of 16-20 ms. The soft memory limit
// (64 MiB of Go memory) bounds the heap when the live data is large: with the
// response cache full (16 MiB of pages) and two rule periods loaded the live
// heap nears 40 MiB, and a tighter limit would make the collector run almost
// constantly. make bench-load peaks at about 43 MiB resident. Set once the
// rules are loaded (loading makes much garbage of its own); GOGC and
// GOMEMLIMIT in the environment win, as Go documents them.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 64 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
