package slackapp

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// Slack's documented example of a signed request.
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = "1531420618"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

// TestSignatureSlackExample checks the test signing helper against Slack's
// own vector, so that the signed fixtures of every other test are right.
// slack-go's verifier refuses the vector itself as too old.
func TestSignatureSlackExample(t *testing.T) {
	got := slacktest.Signature(exampleSecret, exampleTimestamp, []byte(exampleBody))
	if got != exampleSignature {
		t.Errorf("Signature(example) = %s; want %s", got, exampleSignature)
	}
}

// syncBuffer is a log sink safe for the handler's goroutines.
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

func TestVerifySlack(t *testing.T) {
	const secret = "s3cr3t-signing-value"
	now := time.Now()
	body := []byte("command=%2Fsummit&text=help")
	tests := []struct {
		name       string
		secret     string // the app's; "" means none configured
		at         time.Time
		sign       bool
		tamper     bool
		badHeader  string
		body       []byte
		wantStatus int
		wantReason string
	}{
		{name: "signed now", secret: secret, at: now, sign: true, body: body, wantStatus: http.StatusOK},
		{name: "signed four minutes ago", secret: secret, at: now.Add(-4 * time.Minute), sign: true, body: body, wantStatus: http.StatusOK},
		{name: "signed six minutes ago", secret: secret, at: now.Add(-6 * time.Minute), sign: true, body: body, wantStatus: http.StatusUnauthorized, wantReason: "timestamp"},
		{name: "signed six minutes ahead", secret: secret, at: now.Add(6 * time.Minute), sign: true, body: body, wantStatus: http.StatusUnauthorized, wantReason: "timestamp"},
		{name: "unsigned", secret: secret, at: now, body: body, wantStatus: http.StatusUnauthorized, wantReason: "headers missing"},
		{name: "body changed after signing", secret: secret, at: now, sign: true, tamper: true, body: body, wantStatus: http.StatusUnauthorized, wantReason: "mismatch"},
		{name: "signature not hex", secret: secret, at: now, sign: true, badHeader: "v0=zz", body: body, wantStatus: http.StatusUnauthorized, wantReason: "malformed"},
		{name: "no secret configured", secret: "", at: now, sign: true, body: body, wantStatus: http.StatusUnauthorized, wantReason: "no signing secret"},
		{name: "body too large", secret: secret, at: now, sign: true, body: bytes.Repeat([]byte("x"), 2048), wantStatus: http.StatusRequestEntityTooLarge, wantReason: "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &syncBuffer{}
			a := New(Deps{SigningSecret: tt.secret, MaxBodyBytes: 1024, Logger: slog.New(slog.NewTextHandler(logs, nil))})
			var gotBody []byte
			h := a.withRequestID(a.verifySlack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotBody, _ = io.ReadAll(r.Body)
			})))
			r := httptest.NewRequest(http.MethodPost, "/slack/commands", bytes.NewReader(tt.body))
			if tt.sign {
				slacktest.Sign(r, secret, tt.at, tt.body)
			}
			if tt.tamper {
				r.Body = io.NopCloser(strings.NewReader("command=%2Fsummit&text=forget+all"))
			}
			if tt.badHeader != "" {
				r.Header.Set("X-Slack-Signature", tt.badHeader)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Fatalf("status = %d; want %d (logs: %s)", w.Code, tt.wantStatus, logs)
			}
			if tt.wantStatus == http.StatusOK && !bytes.Equal(gotBody, tt.body) {
				t.Errorf("handler read body %q; want %q", gotBody, tt.body)
			}
			if tt.wantReason != "" && !strings.Contains(logs.String(), tt.wantReason) {
				t.Errorf("log %q does not give the reason %q", logs, tt.wantReason)
			}
			sig := strings.TrimPrefix(r.Header.Get("X-Slack-Signature"), "v0=")
			if strings.Contains(logs.String(), secret) || sig != "" && strings.Contains(logs.String(), sig) {
				t.Errorf("log leaks the secret or the signature: %s", logs)
			}
			if w.Header().Get(requestIDHeader) == "" {
				t.Errorf("response has no %s", requestIDHeader)
			}
		})
	}
}

// TestVerifySlackKeepsServerRequestID checks that an id set by the server
// in front is the one the app logs under.
func TestVerifySlackKeepsServerRequestID(t *testing.T) {
	logs := &syncBuffer{}
	a := New(Deps{SigningSecret: "x", Logger: slog.New(slog.NewTextHandler(logs, nil))})
	h := a.withRequestID(a.verifySlack(http.NotFoundHandler()))
	r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader("{}"))
	w := httptest.NewRecorder()
	w.Header().Set(requestIDHeader, "from-server-42")
	h.ServeHTTP(w, r)
	if !strings.Contains(logs.String(), "request_id=from-server-42") {
		t.Errorf("log does not carry the server's request id: %s", logs)
	}
	if got := w.Header().Get(requestIDHeader); got != "from-server-42" {
		t.Errorf("X-Request-Id = %q; want from-server-42", got)
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"":                       false,
		"abc-123_x.y":            true,
		"a b":                    false,
		"x\nlevel=ERROR":         false,
		strings.Repeat("a", 128): true,
		strings.Repeat("a", 129): false,
		strconv.Itoa(1234567890): true,
	} {
		if got := validRequestID(id); got != want {
			t.Errorf("validRequestID(%q) = %v; want %v", id, got, want)
		}
	}
}
