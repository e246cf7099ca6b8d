package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection for serving. The live heap is small (rules and texts
// about 4 MB, the response cache at most 16 MiB), and each request leaves a
// few KB of garbage; with Go's default (GOGC=100) a rush then collects dozens
// of times a second, which costs throughput and tail latency. Letting the heap
// grow to five times the live data, capped by a soft memory limit, collects a
// fifth as often and keeps the process well under 50 MB. GOGC and GOMEMLIMIT
// in the environment win, as Go documents them.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 40 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
