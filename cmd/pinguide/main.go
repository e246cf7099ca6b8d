// Command pinguide serves the PIN-reset guidance wizard and its API, and checks,
// lists and draws the rules.
//
//	pinguide serve [--addr 127.0.0.1:8080] [--rules DIR] [--locales DIR]
//	pinguide rules check [DIR] [--locales DIR]
//	pinguide rules paths [DIR]
//	pinguide rules graph [DIR] [--format dot|mermaid]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

const usage = `usage:
  pinguide serve [--addr 127.0.0.1:8080] [--rules DIR] [--locales DIR]
                 [--frame-ancestors ORIGINS] [--report-url URL] [--public-url URL]
  pinguide rules check [DIR] [--locales DIR]
  pinguide rules paths [DIR]
  pinguide rules graph [DIR] [--format dot|mermaid]
Without DIR the rules embedded in the binary are used.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "rules":
		if len(args) < 2 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		return rulesCommand(args[1], args[2:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s", args[0], usage)
	return 2
}

// dirOr returns the directory's files, or the embedded ones when dir is "".
func dirOr(dir string, embedded fs.FS) fs.FS {
	if dir == "" {
		return embedded
	}
	return os.DirFS(dir)
}

// load reads, validates and walks the rules, and checks that every language has
// every text they need. It returns the problems as file:line messages.
func load(rulesDir, localesDir string) (*engine.Engine, *locale.Catalog, []guidance.Problem) {
	r, problems := ruleset.Load(dirOr(rulesDir, rules.FS))
	if len(problems) > 0 {
		return nil, nil, problems
	}
	eng, problems := engine.New(r)
	if len(problems) > 0 {
		return nil, nil, problems
	}
	cat, err := locale.Load(dirOr(localesDir, locales.FS))
	if err != nil {
		return nil, nil, []guidance.Problem{guidance.Problemf("locales", "%v", err)}
	}
	required, _ := server.Messages(r)
	for _, id := range cat.IDs(locale.Default) {
		if strings.HasPrefix(id, "page.") { // the pages' own texts, as the source language has them
			required = append(required, id)
		}
	}
	for _, lang := range cat.Langs() {
		for _, id := range required {
			if !cat.Has(lang, id) {
				problems = append(problems, guidance.Problemf(guidance.Origin("locales/"+lang+".yaml"), "missing text %q", id))
			}
		}
	}
	return eng, cat, problems
}

func printProblems(w io.Writer, problems []guidance.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
	fmt.Fprintf(w, "%d problem(s)\n", len(problems))
}

func serve(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	defAddr := "127.0.0.1:8080"
	if port := os.Getenv("PORT"); port != "" {
		defAddr = ":" + port
	}
	addr := fl.String("addr", defAddr, "listen address (PORT in the environment sets :PORT)")
	rulesDir := fl.String("rules", "", "rules directory (default: the embedded rules)")
	localesDir := fl.String("locales", "", "locales directory (default: the embedded texts)")
	opts := server.DefaultOptions
	ancestors := fl.String("frame-ancestors", strings.Join(opts.FrameAncestors, ","), "origins allowed to embed /embed/ in an iframe, comma-separated")
	fl.StringVar(&opts.ReportURL, "report-url", opts.ReportURL, "where residents report a wrong answer")
	fl.StringVar(&opts.PublicURL, "public-url", opts.PublicURL, "the wizard's public address, for the counter's QR code")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	opts.FrameAncestors = nil
	for _, o := range strings.Split(*ancestors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			opts.FrameAncestors = append(opts.FrameAncestors, o)
		}
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	eng, cat, problems := load(*rulesDir, *localesDir)
	if len(problems) > 0 {
		fmt.Fprintln(stderr, "pinguide: the rules are not valid; not serving:")
		printProblems(stderr, problems)
		return 1
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           server.New(eng, cat, log, opts).Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "pinguide: %v\n", err)
		return 1
	}
	log.Info("serving", "addr", ln.Addr().String(), "rules", eng.Rules().Meta.Version)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "pinguide: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "pinguide: shutdown: %v\n", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func rulesCommand(sub string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("rules "+sub, flag.ContinueOnError)
	fl.SetOutput(stderr)
	localesDir := fl.String("locales", "", "locales directory (default: the embedded texts)")
	format := fl.String("format", "dot", "graph format: dot or mermaid")
	// Allow the directory before or after the flags.
	var dir string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		dir, args = args[0], args[1:]
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if dir == "" && fl.NArg() > 0 {
		dir = fl.Arg(0)
	}
	eng, cat, problems := load(dir, *localesDir)
	switch sub {
	case "check":
		if len(problems) > 0 {
			printProblems(stdout, problems)
			return 1
		}
		r := eng.Rules()
		n := 0
		eng.Paths(func(engine.Path) { n++ })
		fmt.Fprintf(stdout, "ok: %d PINs, %d questions, %d routes, %d documents, %d notes; %d answer paths; texts in %v\n",
			len(r.Pins), len(r.Questions), len(r.Routes), len(r.Documents), len(r.Notes), n, cat.Langs())
		return 0
	case "paths", "graph":
		if eng == nil {
			printProblems(stderr, problems)
			return 1
		}
		if sub == "paths" {
			eng.Paths(func(p engine.Path) { fmt.Fprintln(stdout, p) })
			return 0
		}
		label := func(id string) string {
			if id == engine.ResultNode || cat == nil {
				return ""
			}
			return cat.T(locale.Default, "question."+id, nil)
		}
		g := eng.Graph()
		switch *format {
		case "dot":
			fmt.Fprint(stdout, g.DOT(label))
		case "mermaid":
			fmt.Fprint(stdout, g.Mermaid(label))
		default:
			fmt.Fprintf(stderr, "unknown --format %q: use dot or mermaid\n", *format)
			return 2
		}
		return 0
	}
	fmt.Fprintf(stderr, "unknown rules command %q\n%s", sub, usage)
	return 2
}
