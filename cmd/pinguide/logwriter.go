package main

import (
	"io"
	"sync"
	"time"
)

// logWriter buffers log lines and writes them out in the background: at least
// every interval, and as soon as flushAt bytes are waiting. A request only
// appends its line under a short lock; the write system call happens outside
// it, so a slow log reader never holds up requests (unless maxBuffered bytes
// pile up, then the writer that finds them waits for the write). Close
// flushes.
type logWriter struct {
	out io.Writer

	mu  sync.Mutex // guards buf
	buf []byte

	outMu sync.Mutex // one write to out at a time; guards spare
	spare []byte     // the buffer last written, reused

	kick chan struct{}
	stop chan struct{}
	done chan struct{}
}

const (
	flushAt     = 32 << 10
	maxBuffered = 1 << 20
)

func newLogWriter(w io.Writer, interval time.Duration) *logWriter {
	l := &logWriter{
		out: w, buf: make([]byte, 0, 2*flushAt), spare: make([]byte, 0, 2*flushAt),
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go func() {
		defer close(l.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-l.kick:
			case <-l.stop:
				l.flush()
				return
			}
			l.flush()
		}
	}()
	return l
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.buf = append(l.buf, p...)
	n := len(l.buf)
	l.mu.Unlock()
	switch {
	case n >= maxBuffered:
		l.flush()
	case n >= flushAt:
		select {
		case l.kick <- struct{}{}:
		default: // a flush is already due
		}
	}
	return len(p), nil
}

// flush writes out what is buffered, swapping buffers so that writers can go
// on appending during the write.
func (l *logWriter) flush() {
	l.outMu.Lock()
	defer l.outMu.Unlock()
	l.mu.Lock()
	b := l.buf
	l.buf = l.spare[:0]
	l.mu.Unlock()
	if len(b) > 0 {
		_, _ = l.out.Write(b)
	}
	l.spare = b
}

// Close flushes what is buffered and stops the timer.
func (l *logWriter) Close() error {
	close(l.stop)
	<-l.done
	return nil
}
