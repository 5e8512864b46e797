package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/summit-digest/summit-digest/internal/metrics"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// logLines decodes the JSON log lines written to b.
func (b *syncBuffer) logLines(tb testing.TB) []map[string]any {
	tb.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			tb.Fatalf("log line %q is not JSON: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// findLog returns the first log line whose msg is msg.
func findLog(lines []map[string]any, msg string) map[string]any {
	for _, l := range lines {
		if l["msg"] == msg {
			return l
		}
	}
	return nil
}

// newTestServer returns a server with opts, logging JSON at debug level
// into the returned buffer, and its handler served by httptest.
func newTestServer(tb testing.TB, opts Options) (*Server, *httptest.Server, *syncBuffer) {
	tb.Helper()
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	tb.Cleanup(ts.Close)
	return s, ts, logs
}

func get(tb testing.TB, url string) (int, http.Header, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestHealthz(t *testing.T) {
	// Failing readiness must not fail liveness: a restart would not fix a
	// down database.
	_, ts, _ := newTestServer(t, Options{Checks: []Check{{Name: "store", Func: func(context.Context) error { return errors.New("down") }}}})
	code, h, body := get(t, ts.URL+"/healthz")
	if code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Errorf("GET /healthz = %d %s; want 200 {\"status\":\"ok\"}", code, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET /healthz Content-Type = %q; want application/json", ct)
	}
	resp, err := http.Post(ts.URL+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d; want 405", resp.StatusCode)
	}
}

func TestReadyz(t *testing.T) {
	ok := func(context.Context) error { return nil }
	fail := func(context.Context) error { return errors.New("dial tcp 10.0.0.7:5432: connection refused") }
	hang := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	tests := []struct {
		name     string
		checks   []Check
		wantCode int
		want     readyzResponse
	}{
		{
			name:     "no checks",
			wantCode: http.StatusOK,
			want:     readyzResponse{Status: "ok"},
		},
		{
			name:     "all pass",
			checks:   []Check{{"store", ok}, {"slack", ok}},
			wantCode: http.StatusOK,
			want:     readyzResponse{Status: "ok", Checks: map[string]string{"store": "ok", "slack": "ok"}},
		},
		{
			name:     "store down",
			checks:   []Check{{"store", fail}, {"slack", ok}},
			wantCode: http.StatusServiceUnavailable,
			want:     readyzResponse{Status: "not ready", Checks: map[string]string{"store": "failed", "slack": "ok"}},
		},
		{
			name:     "check hangs past its timeout",
			checks:   []Check{{"store", ok}, {"slack", hang}},
			wantCode: http.StatusServiceUnavailable,
			want:     readyzResponse{Status: "not ready", Checks: map[string]string{"store": "ok", "slack": "failed"}},
		},
		{
			name:     "check panics",
			checks:   []Check{{"store", func(context.Context) error { panic("nil store") }}},
			wantCode: http.StatusServiceUnavailable,
			want:     readyzResponse{Status: "not ready", Checks: map[string]string{"store": "failed"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts, logs := newTestServer(t, Options{Checks: tt.checks, CheckTimeout: 50 * time.Millisecond})
			code, _, body := get(t, ts.URL+"/readyz")
			var got readyzResponse
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("GET /readyz body %q: %v", body, err)
			}
			if code != tt.wantCode {
				t.Errorf("GET /readyz = %d; want %d", code, tt.wantCode)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("GET /readyz body mismatch (-want +got):\n%s", diff)
			}
			// The reason is in the log, never in the public answer.
			if strings.Contains(body, "10.0.0.7") {
				t.Errorf("GET /readyz body %q shows the check's error", body)
			}
			if tt.wantCode != http.StatusOK && findLog(logs.logLines(t), "readiness check failing") == nil {
				t.Errorf("no \"readiness check failing\" log line; logs:\n%s", logs)
			}
		})
	}
}

func TestReadyzLogsTransitionsOnly(t *testing.T) {
	var mu sync.Mutex
	var err error = errors.New("down")
	check := func(context.Context) error { mu.Lock(); defer mu.Unlock(); return err }
	_, ts, logs := newTestServer(t, Options{Checks: []Check{{"store", check}}})
	for range 3 {
		get(t, ts.URL+"/readyz")
	}
	mu.Lock()
	err = nil
	mu.Unlock()
	for range 2 {
		if code, _, _ := get(t, ts.URL+"/readyz"); code != http.StatusOK {
			t.Errorf("GET /readyz after recovery = %d; want 200", code)
		}
	}
	var got []string
	for _, l := range logs.logLines(t) {
		if msg := l["msg"].(string); strings.HasPrefix(msg, "readiness") {
			got = append(got, msg)
		}
	}
	want := []string{"readiness check failing", "readiness check passing again"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readiness log lines mismatch (-want +got):\n%s", diff)
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		m.ObserveCommand("who-said", metrics.OutcomeOK, time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	_, ts, _ := newTestServer(t, Options{Handler: app, Gatherer: reg, Metrics: m})

	for range 2 {
		resp, err := http.Post(ts.URL+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("text=help"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	get(t, ts.URL+"/no/such/path")
	get(t, ts.URL+"/healthz")

	code, h, body := get(t, ts.URL+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d; want 200", code)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET /metrics Content-Type = %q; want the text exposition format", ct)
	}
	for _, want := range []string{
		`summit_commands_total{command="who-said",outcome="ok"} 2`,
		`summit_http_requests_total{code="200",method="POST",route="POST /slack/commands"} 2`,
		`summit_http_requests_total{code="404",method="GET",route="other"} 1`,
		`summit_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		"# TYPE summit_command_duration_seconds histogram",
		"# TYPE summit_digests_total counter",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "go_goroutines") {
		t.Error("GET /metrics shows go_goroutines from a registry it was not given: the global registry leaked in")
	}
}

func TestNoMetricsRouteWithoutGatherer(t *testing.T) {
	_, ts, _ := newTestServer(t, Options{})
	if code, _, _ := get(t, ts.URL+"/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics without a Gatherer = %d; want 404", code)
	}
}

func TestPanicRecovered(t *testing.T) {
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/events", func(w http.ResponseWriter, r *http.Request) {
		panic("index out of range in the event handler")
	})
	app.HandleFunc("GET /partial", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "half a resp")
		panic("after writing")
	})
	_, ts, logs := newTestServer(t, Options{Handler: app})

	req, _ := http.NewRequest("POST", ts.URL+"/slack/events", strings.NewReader("{}"))
	req.Header.Set(HeaderRequestID, "req-panic-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /slack/events: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("POST /slack/events (panics) = %d %q; want 500", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "index out of range") {
		t.Errorf("the 500's body %q shows the panic", body)
	}
	line := findLog(logs.logLines(t), "panic in http handler")
	if line == nil {
		t.Fatalf("no \"panic in http handler\" log line; logs:\n%s", logs)
	}
	if line["request_id"] != "req-panic-1" || line["error"] != "index out of range in the event handler" || line["level"] != "ERROR" {
		t.Errorf("panic log line = %v; want level ERROR, request_id req-panic-1 and the panic value", line)
	}
	if st, _ := line["stack"].(string); !strings.Contains(st, "server_test.go") {
		t.Errorf("panic log line's stack does not reach the handler: %q", st)
	}

	// After the status is sent, the client must see a broken response,
	// not a short success.
	if resp, err := http.Get(ts.URL + "/partial"); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Error("GET /partial (panics after writing) read a complete response; want the connection cut")
		}
	}
	if findLog(logs.logLines(t), "http request aborted") == nil {
		t.Errorf("no \"http request aborted\" log line; logs:\n%s", logs)
	}

	// The server still serves.
	if code, _, _ := get(t, ts.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz after a panic = %d; want 200", code)
	}
}

func TestRequestID(t *testing.T) {
	app := http.NewServeMux()
	var seen string
	var logger *slog.Logger
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		seen = RequestID(r.Context())
		logger.InfoContext(r.Context(), "handled command")
	})
	s, ts, logs := newTestServer(t, Options{Handler: app})
	// The application logs through a handler wrapped the same way.
	logger = slog.New(NewLogHandler(NewLogHandler(s.opts.Logger.Handler())))

	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"kept", "3f2c1a9e-7b2d-4c1e-9a0b-1234567890ab", true},
		{"generated when absent", "", false},
		{"replaced when it could forge log lines", `abc" level=ERROR msg="forged`, false},
		{"replaced when too long", strings.Repeat("a", 129), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/slack/commands", nil)
			if tt.sent != "" {
				req.Header[HeaderRequestID] = []string{tt.sent}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get(HeaderRequestID)
			if got != seen {
				t.Errorf("response X-Request-Id %q != id in the handler's context %q", got, seen)
			}
			if tt.keep && got != tt.sent {
				t.Errorf("X-Request-Id = %q; want the one sent, %q", got, tt.sent)
			}
			if !tt.keep && (got == tt.sent || len(got) != 32) {
				t.Errorf("X-Request-Id = %q; want a new 32-hex-digit id", got)
			}
		})
	}
	// Both the application's line and the request log carry the id, once.
	lines := logs.logLines(t)
	n := 0
	for _, l := range lines {
		if l["request_id"] == seen {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d log lines carry the last request id %s; want 2 (application and request log)\n%s", n, seen, logs)
	}
	if strings.Count(logs.String(), `"request_id"`) != 2*len(tests) {
		t.Errorf("request_id appears %d times in the logs; want %d, once per line\n%s", strings.Count(logs.String(), `"request_id"`), 2*len(tests), logs)
	}
}

func TestBodyLimit(t *testing.T) {
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				http.Error(w, "too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, ts, _ := newTestServer(t, Options{Handler: app, MaxBodyBytes: 16})
	tests := []struct {
		name    string
		body    io.Reader
		wantCod int
	}{
		{"under the limit", strings.NewReader("text=help"), http.StatusNoContent},
		{"declared too large", strings.NewReader(strings.Repeat("x", 17)), http.StatusRequestEntityTooLarge},
		// A body without Content-Length is caught while it is read.
		{"chunked too large", io.MultiReader(strings.NewReader(strings.Repeat("x", 10)), strings.NewReader(strings.Repeat("y", 10))), http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(ts.URL+"/slack/commands", "text/plain", tt.body)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantCod {
				t.Errorf("POST /slack/commands = %d; want %d", resp.StatusCode, tt.wantCod)
			}
		})
	}
}

func TestTimeoutsApplied(t *testing.T) {
	s := New(Options{Addr: "127.0.0.1:0", ReadHeaderTimeout: time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 3 * time.Second, IdleTimeout: 4 * time.Second})
	got := []time.Duration{s.http.ReadHeaderTimeout, s.http.ReadTimeout, s.http.WriteTimeout, s.http.IdleTimeout}
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second}, got); diff != "" {
		t.Errorf("http.Server timeouts mismatch (-want +got):\n%s", diff)
	}
	d := New(Options{Addr: "127.0.0.1:0"})
	got = []time.Duration{d.http.ReadHeaderTimeout, d.http.ReadTimeout, d.http.WriteTimeout, d.http.IdleTimeout}
	want := []time.Duration{DefaultReadHeaderTimeout, DefaultReadTimeout, DefaultWriteTimeout, DefaultIdleTimeout}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default http.Server timeouts mismatch (-want +got):\n%s", diff)
	}
}

func TestSlowHeadersCutOff(t *testing.T) {
	s := New(Options{Addr: "127.0.0.1:0", ReadHeaderTimeout: 100 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	conn, err := (&net.Dialer{}).Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Half a request, then nothing: a slowloris client.
	io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	if err != nil {
		t.Fatalf("read from a connection the server should close: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("server closed a stalled connection after %v; want about ReadHeaderTimeout", took)
	}
}

func newRecorder(tb testing.TB, s *Server, method, target string) *httptest.ResponseRecorder {
	tb.Helper()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestFlusherThroughMiddleware(t *testing.T) {
	app := http.NewServeMux()
	app.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "no flusher", http.StatusInternalServerError)
			return
		}
		io.WriteString(w, "part")
		f.Flush()
	})
	_, ts, _ := newTestServer(t, Options{Handler: app})
	if code, _, body := get(t, ts.URL+"/stream"); code != http.StatusOK || body != "part" {
		t.Errorf("GET /stream = %d %q; want 200 \"part\" (the middleware hides http.Flusher)", code, body)
	}
}

func TestRequestLogLevels(t *testing.T) {
	app := http.NewServeMux()
	app.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, r *http.Request) {})
	app.HandleFunc("POST /slack/events", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "store down", http.StatusInternalServerError)
	})
	down := func(context.Context) error { return errors.New("down") }
	tests := []struct {
		method, path string
		wantStatus   float64
		wantLevel    string
	}{
		{"POST", "/slack/commands", 200, "INFO"},
		{"POST", "/slack/events", 500, "ERROR"},
		{"GET", "/nope", 404, "INFO"},
		// Probes come every few seconds; a failing one is a state, logged
		// when it changes, not at every probe.
		{"GET", "/healthz", 200, "DEBUG"},
		{"GET", "/readyz", 503, "DEBUG"},
	}
	for _, tt := range tests {
		_, ts, logs := newTestServer(t, Options{Handler: app, Checks: []Check{{"store", down}}})
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		line := findLog(logs.logLines(t), "http request")
		if line == nil {
			t.Errorf("%s %s: no request log line; logs:\n%s", tt.method, tt.path, logs)
			continue
		}
		if line["status"] != tt.wantStatus || line["level"] != tt.wantLevel || line["path"] != tt.path {
			t.Errorf("%s %s logged %v; want status %v at %s", tt.method, tt.path, line, tt.wantStatus, tt.wantLevel)
		}
	}
}
