// Command baseline is the yardstick for scripts/bench-load.sh: it serves the
// files of one directory two ways, so pinguide's own cost can be told apart
// from what any Go HTTP server costs on this machine.
//
//   - mem: a bare net/http handler writing the files' bytes, read once into
//     memory: the fastest a Go server can answer these pages.
//   - files: Go's http.FileServer over the same directory: what a static
//     site's server does (open, stat, sendfile) for every request.
//
// Usage:
//
//	go run ./scripts/baseline -dir DIR [-mem 127.0.0.1:0] [-files 127.0.0.1:0]
//
// Once both listen it prints "mem ADDR" and "files ADDR", one a line, and it
// serves until SIGINT or SIGTERM. It is a benchmark tool, not part of pinguide.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", "", "directory whose files are served (required)")
	memAddr := flag.String("mem", "127.0.0.1:0", "listen address of the in-memory handler")
	filesAddr := flag.String("files", "127.0.0.1:0", "listen address of http.FileServer")
	flag.Parse()
	if err := run(*dir, *memAddr, *filesAddr); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

func run(dir, memAddr, filesAddr string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	// os.Root keeps every read inside dir.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()

	// The bytes, read once: the in-memory handler only looks them up.
	pages := map[string][]byte{}
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := fs.ReadFile(root.FS(), e.Name())
		if err != nil {
			return err
		}
		pages["/"+e.Name()] = b
	}
	mem := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		// The headers pinguide's answer needs at the least: a type, and a
		// length (so a page over 2 KiB is not sent chunked).
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
	files := http.FileServerFS(root.FS())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 2)
	var servers []*http.Server
	for _, s := range []struct {
		name, addr string
		h          http.Handler
	}{{"mem", memAddr, mem}, {"files", filesAddr, files}} {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			return err
		}
		// The same timeouts pinguide's server has, so neither side is
		// favoured by a missing limit.
		srv := &http.Server{
			Handler:           s.h,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      15 * time.Second,
			IdleTimeout:       60 * time.Second,
			MaxHeaderBytes:    32 << 10,
		}
		servers = append(servers, srv)
		go func() { errc <- srv.Serve(ln) }()
		fmt.Printf("%s %s\n", s.name, ln.Addr())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	for _, srv := range servers {
		_ = srv.Close()
	}
	return nil
}
