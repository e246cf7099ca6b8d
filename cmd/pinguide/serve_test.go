package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `pinguide serve` in the test; stop ends it like SIGTERM does
// and returns its exit code.
func startServe(t *testing.T, args ...string) (base string, logs *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	addrc := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0", "--rate-limit", "0", "--metrics-addr", ""}, args...), logs, func(a string) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited with %d: %s", code, logs.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	var once sync.Once
	code := 0
	stop = func() int {
		once.Do(func() { cancel(); code = <-done })
		return code
	}
	t.Cleanup(func() { stop() })
	return base, logs, stop
}

// copyRules copies the rules to a temporary directory.
func copyRules(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../../rules/*.yaml")
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
	}
	return dir
}

// TestShutdownDrainsRequestsInFlight starts a request, stops the server while
// the request's body is still arriving, and sees the request answered.
func TestShutdownDrainsRequestsInFlight(t *testing.T) {
	base, _, stop := startServe(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	body := `{"situation":"forgot","pin":"sign","applicant":"self","residence":"takaoka","smartphone":"no","knows_juki":"yes"}`
	_, err = io.WriteString(conn, "POST /api/v1/guidance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "+
		itoa(len(body))+"\r\n\r\n"+body[:10])
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond) // the server is reading the body

	stopped := make(chan int, 1)
	go func() { stopped <- stop() }()
	time.Sleep(200 * time.Millisecond) // shutdown has begun: no new connections
	_, err = http.Get(base + "/healthz")
	assert.Error(t, err, "a new connection is refused while draining")

	_, err = io.WriteString(conn, body[10:])
	require.NoError(t, err)
	reply, err := io.ReadAll(conn)
	require.NoError(t, err)
	assert.Contains(t, string(reply), "HTTP/1.1 200 OK")
	assert.Contains(t, string(reply), `"status":"complete"`)
	assert.Equal(t, 0, <-stopped)
}

// TestReloadKeepsTheLastGoodRules: SIGHUP reloads; a broken edit is refused
// with its file:line in the log, and no request fails meanwhile; a good edit
// takes effect.
func TestReloadKeepsTheLastGoodRules(t *testing.T) {
	dir := copyRules(t)
	base, logs, _ := startServe(t, "--rules", dir)
	version := func() string {
		res, err := http.Get(base + "/healthz")
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	before := version()

	var failed, sent atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				res, err := http.Get(base + "/api/v1/guidance?situation=forgot&pin=juki&shared=no&applicant=self&residence=takaoka&holder_id=a")
				sent.Add(1)
				if err != nil || res.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				if res != nil {
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			}
		}()
	}

	blocked := filepath.Join(dir, "blocked.yaml")
	data, err := os.ReadFile(blocked)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(blocked, bytes.Replace(data, []byte("residence: elsewhere"), []byte("residense: elsewhere"), 1), 0o644))
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGHUP))
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), "reload refused") }, 10*time.Second, 50*time.Millisecond)
	assert.Regexp(t, `blocked\.yaml:\d+: 質問または事実（fact）「residense」が見つかりません。.* / unknown question or fact \\"residense\\"`, logs.String())
	assert.Equal(t, before, version(), "the last good rules keep serving")

	// a good edit: a store's date moves, so the rules' version changes
	stores := filepath.Join(dir, "stores.yaml")
	data, err = os.ReadFile(stores)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(blocked, bytes.Replace(mustRead(t, blocked), []byte("residense: elsewhere"), []byte("residence: elsewhere"), 1), 0o644))
	require.NoError(t, os.WriteFile(stores, bytes.Replace(data, []byte(`as_of: "2024-09-04"`), []byte(`as_of: "2024-09-05"`), 1), 0o644))
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGHUP))
	require.Eventually(t, func() bool { return version() != before }, 10*time.Second, 50*time.Millisecond)

	cancel()
	wg.Wait()
	assert.Zero(t, failed.Load(), "of %d requests", sent.Load())
	assert.Greater(t, sent.Load(), int64(10))
}

func TestWatchReloadsOnChange(t *testing.T) {
	dir := copyRules(t)
	base, logs, _ := startServe(t, "--rules", dir, "--watch")
	stores := filepath.Join(dir, "stores.yaml")
	require.NoError(t, os.WriteFile(stores, bytes.Replace(mustRead(t, stores), []byte(`as_of: "2024-09-04"`), []byte(`as_of: "2024-09-06"`), 1), 0o644))
	require.Eventually(t, func() bool { return strings.Contains(logs.String(), `"why":"files changed"`) }, 10*time.Second, 100*time.Millisecond)
	res, err := http.Get(base + "/readyz")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestServeMaxAge: --max-age and PINGUIDE_MAX_AGE set the Cache-Control of
// pages; a value under a second is refused.
func TestServeMaxAge(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"default", nil, "", "public, max-age=300"},
		{"flag", []string{"--max-age", "10m"}, "", "public, max-age=600"},
		{"environment, seconds", nil, "120", "public, max-age=120"},
		{"environment, duration", nil, "2m", "public, max-age=120"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PINGUIDE_MAX_AGE", tt.env)
			base, _, _ := startServe(t, tt.args...)
			res, err := http.Get(base + "/help/which-pin")
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, tt.want, res.Header.Get("Cache-Control"))
		})
	}
	var errb bytes.Buffer
	assert.Equal(t, 2, run([]string{"serve", "--addr", "127.0.0.1:0", "--max-age", "0s"}, os.Stdout, &errb))
	assert.Contains(t, errb.String(), "--max-age must be at least 1s")
}
