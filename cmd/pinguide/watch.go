package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// watchDirs polls the directories' files (names, sizes, modification times)
// every interval and signals when they change. Polling needs no dependency and
// a rules directory holds a dozen files. Empty names (embedded data) are skipped.
func watchDirs(ctx context.Context, dirs []string, interval time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	snapshot := func() string {
		var s string
		for _, d := range dirs {
			if d == "" {
				continue
			}
			_ = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return nil
				}
				if info, err := os.Stat(p); err == nil {
					s += fmt.Sprintf("%s %d %d\n", p, info.ModTime().UnixNano(), info.Size())
				}
				return nil
			})
		}
		return s
	}
	last := snapshot() // before returning: a change right after start is seen
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if now := snapshot(); now != last {
					last = now
					select {
					case out <- struct{}{}:
					default:
					}
				}
			}
		}
	}()
	return out
}
