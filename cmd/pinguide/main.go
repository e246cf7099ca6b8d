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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/guidance"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

const usage = `usage:
  pinguide serve [--addr 127.0.0.1:8080] [--rules DIR] [--locales DIR] [--watch]
                 [--frame-ancestors ORIGINS] [--report-url URL] [--public-url URL]
                 [--trusted-proxies CIDRS] [--rate-limit N] [--hsts] [--metrics-addr ADDR]
  pinguide rules check [DIR] [--locales DIR]
  pinguide rules paths [DIR] [--as-of YYYY-MM-DD]
  pinguide rules graph [DIR] [--format dot|mermaid] [--as-of YYYY-MM-DD]
  pinguide rules diff OLD NEW [--as-of YYYY-MM-DD]   (directories or git revisions)
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
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return serve(ctx, args[1:], stderr, nil)
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

// period is one stretch of time with the engine of the rules then in force.
type period struct {
	ruleset.Period
	eng *engine.Engine
}

// loaded is everything serve and the rules commands need.
type loaded struct {
	all     *guidance.Rules
	periods []period
	cat     *locale.Catalog
}

// at is the engine in force on date (YYYY-MM-DD).
func (l *loaded) at(date string) *engine.Engine {
	for _, p := range l.periods {
		if p.Contains(date) {
			return p.eng
		}
	}
	return l.periods[len(l.periods)-1].eng
}

// handler serves every period's rules, each request with those in force on
// its date.
func (l *loaded) handler(log *slog.Logger, opts server.Options) *server.Dated {
	d := &server.Dated{AllowPreview: opts.AllowPreview, Now: opts.Now}
	for _, p := range l.periods {
		d.Periods = append(d.Periods, server.DatedHandler{
			From: p.From, To: p.To, Handler: server.New(p.eng, l.cat, log, opts).Handler(),
		})
	}
	return d
}

// load reads, validates and walks the rules (each period of dated rules on its
// own), and checks that every language has every text they need. It returns the
// problems as file:line messages.
func load(rulesDir, localesDir string) (*loaded, []guidance.Problem) {
	all, problems := ruleset.Load(dirOr(rulesDir, rules.FS))
	if len(problems) > 0 {
		return nil, problems
	}
	l := &loaded{all: all}
	seen := map[string]bool{}
	for _, p := range ruleset.Periods(all) {
		eng, ps := engine.New(p.Rules)
		for _, pr := range ps {
			if !seen[pr.String()] {
				seen[pr.String()] = true
				problems = append(problems, pr)
			}
		}
		l.periods = append(l.periods, period{Period: p, eng: eng})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cat, err := locale.Load(dirOr(localesDir, locales.FS))
	if err != nil {
		return nil, []guidance.Problem{guidance.Problemf2("locales",
			"画面の文章のファイル（locales/）を読めません: %v",
			"%v", err)}
	}
	l.cat = cat
	var required []string
	for _, p := range l.periods {
		req, _ := server.Messages(p.eng.Rules())
		required = append(required, req...)
	}
	for _, id := range cat.IDs(locale.Default) {
		if strings.HasPrefix(id, "page.") { // the pages' own texts, as the source language has them
			required = append(required, id)
		}
	}
	slices.Sort(required)
	required = slices.Compact(required)
	for _, lang := range cat.Langs() {
		for _, id := range required {
			if !cat.Has(lang, id) {
				problems = append(problems, guidance.Problemf2(guidance.Origin("locales/"+lang+".yaml"),
					"文章「%[1]s」がありません。このファイルに %[1]s: を追加してください（翻訳がまだなら英語で構いません）",
					"missing text %[1]q; add %[1]s: to this file (in English until a translation arrives)", id))
			}
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return l, nil
}

// today is the date in Japan.
func today() string { return time.Now().In(calendar.Tokyo).Format(time.DateOnly) }

// printProblems lists the problems, one a line as "file:line: 日本語 / English",
// and their count.
func printProblems(w io.Writer, problems []guidance.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
	fmt.Fprintf(w, "問題が %d 件あります / %d problem(s)\n", len(problems), len(problems))
}

// envOr is the value of environment variable name, or def: every serve flag can
// also be set as PINGUIDE_FLAG_NAME (e.g. PINGUIDE_RATE_LIMIT), for systemd.
func envOr(flagName, def string) string {
	if v, ok := os.LookupEnv("PINGUIDE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))); ok {
		return v
	}
	return def
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// serve runs the server until ctx ends, then drains in-flight requests.
// ready, if set, is told the address once the server listens.
func serve(ctx context.Context, args []string, stderr io.Writer, ready func(addr string)) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	defAddr := "127.0.0.1:8080"
	if port := os.Getenv("PORT"); port != "" {
		defAddr = ":" + port
	}
	def := server.DefaultOptions
	addr := fl.String("addr", envOr("addr", defAddr), "listen address (PORT in the environment sets :PORT)")
	rulesDir := fl.String("rules", envOr("rules", ""), "rules directory (default: the embedded rules)")
	localesDir := fl.String("locales", envOr("locales", ""), "locales directory (default: the embedded texts)")
	ancestors := fl.String("frame-ancestors", envOr("frame-ancestors", strings.Join(def.FrameAncestors, ",")), "origins allowed to embed /embed/ in an iframe, comma-separated")
	reportURL := fl.String("report-url", envOr("report-url", def.ReportURL), "where residents report a wrong answer")
	publicURL := fl.String("public-url", envOr("public-url", def.PublicURL), "the wizard's public address, for the counter's QR code")
	proxies := fl.String("trusted-proxies", envOr("trusted-proxies", ""), "CIDR prefixes of reverse proxies whose X-Forwarded-For is trusted, comma-separated (e.g. 127.0.0.1/32)")
	rateLimit := fl.Int("rate-limit", atoiOr(envOr("rate-limit", ""), 600), "requests per minute per client; 0 switches the limit off")
	maxAge := fl.Duration("max-age", durationOr(envOr("max-age", ""), server.DefaultMaxAge), "how long browsers and caches in front may keep a page or API response (e.g. 300s, 10m); shorter where it changes sooner")
	hsts := fl.Bool("hsts", envOr("hsts", "") == "true", "send Strict-Transport-Security (when TLS ends at a proxy in front)")
	rulesView := fl.Bool("rules-view", envOr("rules-view", "true") == "true", "serve /rules, the fact-checker's view of the rules (--rules-view=false switches it off)")
	preview := fl.Bool("allow-preview", envOr("allow-preview", "") == "true", "let ?as_of=YYYY-MM-DD preview the rules in force on another date (for fact-checking)")
	watch := fl.Bool("watch", envOr("watch", "") == "true", "reload rules and locales when their files change (SIGHUP always does)")
	metricsAddr := fl.String("metrics-addr", envOr("metrics-addr", "127.0.0.1:9090"), "where /metrics (Prometheus) listens, never the public address; empty switches it off")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *maxAge < time.Second {
		fmt.Fprintln(stderr, "pinguide: --max-age must be at least 1s")
		return 2
	}
	logs := newLogWriter(stderr, 200*time.Millisecond)
	defer logs.Close()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	opts := server.Options{
		RequestLog:     logs, // the same stream as the rest of the log
		FrameAncestors: splitList(*ancestors),
		ReportURL:      *reportURL,
		PublicURL:      *publicURL,
		TrustedProxies: splitList(*proxies),
		Limiter:        server.NewLimiter(*rateLimit),
		HSTS:           *hsts,
		MaxAge:         *maxAge,
		AllowPreview:   *preview,
		RulesView:      *rulesView,
	}
	if *metricsAddr != "" {
		opts.Metrics = server.NewMetrics()
	}
	// build loads rules and texts into a new handler; nil and the problems if
	// they are not valid.
	build := func() (http.Handler, string, []guidance.Problem) {
		l, problems := load(*rulesDir, *localesDir)
		if len(problems) > 0 {
			return nil, "", problems
		}
		o := opts
		o.Warnings = freshness(l.all, time.Now())
		for _, w := range o.Warnings {
			log.Warn("rules freshness", "warning", w)
		}
		return l.handler(log, o), l.all.Meta.Version, nil
	}
	h, version, problems := build()
	if len(problems) > 0 {
		fmt.Fprintln(stderr, "pinguide: the rules are not valid; not serving:")
		printProblems(stderr, problems)
		return 1
	}
	var handler server.Swappable
	handler.Store(h)
	settle()
	tuneGC()
	reload := func(why string) {
		h, v, problems := build()
		if len(problems) > 0 {
			for _, p := range problems {
				log.Error("reload refused; the last good rules keep serving", "why", why, "problem", p.String())
			}
			return
		}
		handler.Store(h)
		settle()
		log.Info("reloaded", "why", why, "rules", v)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           &handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "pinguide: %v\n", err)
		return 1
	}
	if opts.Metrics != nil {
		stopMetrics := serveMetrics(*metricsAddr, opts.Metrics, log)
		defer stopMetrics()
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var changes <-chan struct{}
	if *watch {
		changes = watchDirs(ctx, []string{*rulesDir, *localesDir}, 2*time.Second)
	}
	log.Info("serving", "addr", ln.Addr().String(), "rules", version)
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	for {
		select {
		case err := <-errc:
			fmt.Fprintf(stderr, "pinguide: %v\n", err)
			return 1
		case <-hup:
			reload("SIGHUP")
			continue
		case <-changes:
			reload("files changed")
			continue
		case <-ctx.Done():
		}
		break
	}
	log.Info("shutting down: draining requests in flight")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "pinguide: shutdown: %v\n", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// durationOr parses a duration ("300s", "5m"), or a number of seconds.
func durationOr(s string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(s); err == nil {
		return d
	}
	if n, err := strconv.Atoi(s); err == nil {
		return time.Duration(n) * time.Second
	}
	return def
}

func rulesCommand(sub string, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("rules "+sub, flag.ContinueOnError)
	fl.SetOutput(stderr)
	localesDir := fl.String("locales", "", "locales directory (default: the embedded texts)")
	format := fl.String("format", "dot", "graph format: dot or mermaid")
	asOf := fl.String("as-of", "", "the date whose rules are used, YYYY-MM-DD (default: today in Japan)")
	// Directories (or, for diff, revisions) may come before or after the flags.
	var positional []string
	for len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		positional, args = append(positional, args[0]), args[1:]
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	positional = append(positional, fl.Args()...)
	var dir string
	if len(positional) > 0 {
		dir = positional[0]
	}
	date := *asOf
	if date == "" {
		date = today()
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		fmt.Fprintf(stderr, "--as-of %q: write YYYY-MM-DD\n", date)
		return 2
	}
	if sub == "diff" {
		return rulesDiff(positional, date, stdout, stderr)
	}
	l, problems := load(dir, *localesDir)
	switch sub {
	case "check":
		if len(problems) > 0 {
			printProblems(stdout, problems)
			return 1
		}
		r := l.all
		for _, w := range freshness(r, time.Now()) {
			fmt.Fprintln(stdout, "warning:", w)
		}
		n := 0
		l.at(date).Paths(func(engine.Path) { n++ })
		fmt.Fprintf(stdout, "ok: %d PINs, %d questions, %d routes, %d documents, %d notes; %d answer paths on %s; %d period(s) of dated rules; texts in %v\n",
			len(r.Pins), len(r.Questions), len(r.Routes), len(r.Documents), len(r.Notes), n, date, len(l.periods), l.cat.Langs())
		return 0
	case "paths", "graph":
		if l == nil {
			printProblems(stderr, problems)
			return 1
		}
		eng := l.at(date)
		if sub == "paths" {
			eng.Paths(func(p engine.Path) { fmt.Fprintln(stdout, p) })
			return 0
		}
		label := func(id string) string {
			if id == engine.ResultNode {
				return ""
			}
			return l.cat.T(locale.Default, "question."+id, nil)
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

// serveMetrics serves /metrics on its own address. A failure to listen is
// logged, not fatal: the wizard matters more than its counters.
func serveMetrics(addr string, m *server.Metrics, log *slog.Logger) (stop func()) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("metrics not served", "addr", addr, "error", err.Error())
		return func() {}
	}
	log.Info("metrics", "addr", ln.Addr().String())
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }
}
