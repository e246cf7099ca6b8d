package main

import "runtime/debug"

// settle returns to the system what loading the rules left behind (walking
// every answer path makes some 100 MB of short-lived garbage), so an idle
// server is small. Go's default collector settings are kept for serving: with
// GOGC at 100, 200 and 400 the throughput of `make bench-load` was the same
// within its noise, and only the memory grew (28, 33 and 40 MiB under load).
func settle() { debug.FreeOSMemory() }
