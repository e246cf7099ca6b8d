package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLogWriterKeepsEveryLine: many goroutines log at once, more than the
// buffer holds; after Close every line is out, whole and exactly once.
func TestLogWriterKeepsEveryLine(t *testing.T) {
	var out syncBuffer
	l := newLogWriter(&out, time.Hour) // only size and Close flush here
	const writers, lines = 8, 5000
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				line := fmt.Sprintf("{\"writer\":%d,\"line\":%d,\"pad\":%q}\n", g, i, strings.Repeat("x", i%200))
				n, err := l.Write([]byte(line))
				require.NoError(t, err)
				require.Equal(t, len(line), n)
			}
		}()
	}
	wg.Wait()
	require.NoError(t, l.Close())
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		require.True(t, strings.HasPrefix(line, `{"writer":`) && strings.HasSuffix(line, `"}`), "a torn line: %q", line)
		key := line[:strings.Index(line, `,"pad"`)]
		assert.False(t, seen[key], "twice: %s", key)
		seen[key] = true
	}
	assert.Len(t, seen, writers*lines)
}

// TestLogWriterFlushesOnTime: a quiet server's lines still come out.
func TestLogWriterFlushesOnTime(t *testing.T) {
	var out syncBuffer
	l := newLogWriter(&out, 10*time.Millisecond)
	defer l.Close()
	_, _ = l.Write([]byte("one line\n"))
	assert.Eventually(t, func() bool { return out.String() == "one line\n" }, 2*time.Second, 5*time.Millisecond)
}
