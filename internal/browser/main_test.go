package browser_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/locale"
	"github.com/takaoka-city/pinguide/internal/ruleset"
	"github.com/takaoka-city/pinguide/internal/server"
	"github.com/takaoka-city/pinguide/locales"
	"github.com/takaoka-city/pinguide/rules"
)

// The package shares one server and one browser; each test opens its own tab.
var (
	baseURL    string          // the real router, served by httptest
	browserCtx context.Context // the running browser, nil when there is none
	noBrowser  string          // why there is no browser to run
	browserLog syncBuffer      // Chromium's own output, shown when it fails to start
)

const (
	// requiredEnv makes a missing Chromium a failure instead of a skip (CI).
	requiredEnv = "PINGUIDE_BROWSER_REQUIRED"
	// tabTimeout bounds one test's tab; stepTimeout bounds one wait in it, so a
	// click that navigates nowhere fails fast with the step's name.
	tabTimeout  = 60 * time.Second
	stepTimeout = 15 * time.Second
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	ts, err := newServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: the server:", err)
		return 1
	}
	defer ts.Close()
	baseURL = ts.URL

	path := chromePath()
	if path == "" {
		noBrowser = "Chromium not found: no /usr/bin/chromium, nor chromium on the PATH"
		if p := os.Getenv("CHROME_PATH"); p != "" {
			noBrowser = "Chromium not found at CHROME_PATH=" + p
		}
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "pinguide-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-proxy-server", true), // every request goes to the loopback server
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(&browserLog),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// The first Do starts the browser and binds it to bctx (no timeout: a
	// timeout here would close the browser when it ends).
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("Chromium did not answer within 60s")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "browser tests: starting %s: %v\n%s", path, err, browserLog.String())
		return 1
	}
	browserCtx = bctx
	return m.Run()
}

// newServer serves the real router with the embedded rules and texts, as
// internal/server's tests do.
func newServer() (*httptest.Server, error) {
	r, problems := ruleset.Load(rules.FS)
	if len(problems) > 0 {
		return nil, fmt.Errorf("rules: %v", problems)
	}
	e, problems := engine.New(r)
	if len(problems) > 0 {
		return nil, fmt.Errorf("engine: %v", problems)
	}
	c, err := locale.Load(locales.FS)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return httptest.NewServer(server.New(e, c, log, server.DefaultOptions).Handler()), nil
}

// chromePath is $CHROME_PATH, else Debian's /usr/bin/chromium, else chromium on
// the PATH; "" when none is there.
func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// screen is how a tab looks at the pages.
type screen struct {
	width, height int64
	mobile        bool
	noScript      bool // scripts disabled, as with a browser's JavaScript switched off
}

var (
	desktop         = screen{width: 1280, height: 800}
	desktopNoScript = screen{width: 1280, height: 800, noScript: true}
	phone           = screen{width: 360, height: 740, mobile: true}
	phoneNoScript   = screen{width: 360, height: 740, mobile: true, noScript: true}
)

func (s screen) String() string {
	js := "js"
	if s.noScript {
		js = "nojs"
	}
	return fmt.Sprintf("%dpx-%s", s.width, js)
}

// tab opens a new tab of the shared browser with the screen's size and
// scripting, closed when the test ends.
func tab(t *testing.T, s screen) context.Context {
	t.Helper()
	if browserCtx == nil {
		if os.Getenv(requiredEnv) == "1" {
			t.Fatalf("%s, and %s=1", noBrowser, requiredEnv)
		}
		t.Skip(noBrowser)
	}
	tabCtx, closeTab := chromedp.NewContext(browserCtx)
	t.Cleanup(closeTab)
	// Open the tab before the timeout: the first Do binds the tab to its ctx.
	require.NoError(t, chromedp.Do(tabCtx), "opening a tab")
	ctx, cancel := context.WithTimeout(tabCtx, tabTimeout)
	t.Cleanup(cancel)
	resize(t, ctx, s.width, s.height, s.mobile)
	if s.noScript {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		require.NoError(t, err, "disabling scripts")
	}
	return ctx
}

// resize sets the tab's viewport.
func resize(t *testing.T, ctx context.Context, width, height int64, mobile bool) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile,
	})
	require.NoError(t, err, "setting the viewport to %dx%d", width, height)
}

// step runs one action with its own short timeout.
func step[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	require.NoError(t, err, what)
	return v
}

// open loads a page of the test server and returns its HTTP status.
func open(t *testing.T, ctx context.Context, path string) int64 {
	t.Helper()
	res := step(t, ctx, "opening "+path, chromedp.NavigateResponse(baseURL+path))
	require.NotNil(t, res, "opening %s: no response", path)
	return res.Status
}

// follow clicks something that loads a new page (a link, a submit button, or a
// radio that submits its form) and waits for it; it returns the page's status.
func follow(t *testing.T, ctx context.Context, sel string) int64 {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(sel)))
	require.NoError(t, err, "clicking %s and waiting for the next page", sel)
	require.NotNil(t, res, "clicking %s: no response", sel)
	return res.Status
}

// click clicks something that does not load a page.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	step(t, ctx, "clicking "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// eval evaluates a JavaScript expression in the page through DevTools (which
// works with the page's scripts disabled and is not subject to its CSP).
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return step(t, ctx, "evaluating "+js, chromedp.Evaluate[T](js))
}

// location is the page's address without the test server's origin.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	u := step(t, ctx, "reading the address", chromedp.Location())
	return strings.TrimPrefix(u, baseURL)
}

// syncBuffer is a bytes.Buffer that Chromium's output goroutine can write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor evaluates a JavaScript condition until it holds, for up to two
// seconds (what the browser does on its own after a load, such as autofocus,
// can take a frame or two).
func waitFor(t *testing.T, ctx context.Context, js string) bool {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if eval[bool](t, ctx, "!!("+js+")") {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}
