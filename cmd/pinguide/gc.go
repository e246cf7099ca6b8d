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
// second. GOGC=200 collects half as often; in interleaved wrk runs a larger
// heap (GOGC=400) gave 7-15 % more requests/s than the default, but in
// make bench-load it peaked at 58 MiB resident where 200 peaks at 45 MiB with
// throughput within the noise. The soft memory limit (64 MiB of Go memory)
// bounds the heap when the live data is large (a full response cache and two
// rule periods come near 40 MiB) without making the collector run almost
// constantly, as a 32 MiB limit did. Set once the rules are loaded (loading
// makes much garbage of its own); GOGC and GOMEMLIMIT in the environment win,
// as Go documents them.
const (
	serveGCPercent   = 200
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
