package slackapp

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/slack-go/slack"
)

// requestIDHeader carries a request id Slack does not send but a proxy may.
const requestIDHeader = "X-Request-Id"

type ctxKey int

const requestLogKey ctxKey = iota

// logger returns the request-scoped logger (with its request id), or the app's.
func (a *App) logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(requestLogKey).(*slog.Logger); ok {
		return l
	}
	return a.log
}

// withRequestID gives every request a request id, in the logger its
// handlers use and in the response, so one Slack request can be followed
// through the log.
func (a *App) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// internal/server has given the request an id when it runs in
		// front; keep that one, so that both log lines agree. The app's
		// logger carries it, so the app logs without the request's context
		// (the server's log handler would add the id a second time).
		id := w.Header().Get(requestIDHeader)
		if id == "" {
			id = r.Header.Get(requestIDHeader)
		}
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		l := a.log.With(slog.String(logKeyRequestID, id), slog.String(logKeyRoute, r.URL.Path))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestLogKey, l)))
	})
}

// validRequestID accepts the ids proxies send and refuses what could
// forge or bloat log lines.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// verifySlack lets through only requests that Slack signed with the app's
// signing secret within the last five minutes (slack.NewSecretsVerifier
// checks both), reading at most MaxBodyBytes of body. Everything else gets
// 401 and one log line that names the reason, never the secret, the
// signature or the body.
func (a *App) verifySlack(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log := a.logger(r.Context())
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.deps.MaxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				log.Warn("request refused", slog.String(logKeyReason, "body too large"), slog.String(logKeyRemote, r.RemoteAddr))
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			log.Warn("request refused", slog.String(logKeyReason, "body unreadable"), slog.String(logKeyRemote, r.RemoteAddr))
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if reason := a.checkSignature(r.Header, body); reason != "" {
			log.Warn("request refused", slog.String(logKeyReason, reason), slog.String(logKeyRemote, r.RemoteAddr))
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// checkSignature returns "" when body is signed correctly, else the reason.
func (a *App) checkSignature(h http.Header, body []byte) string {
	if a.deps.SigningSecret == "" {
		return "no signing secret configured"
	}
	sv, err := slack.NewSecretsVerifier(h, a.deps.SigningSecret)
	switch {
	case errors.Is(err, slack.ErrMissingHeaders):
		return "signature headers missing"
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return "timestamp more than 5 minutes from now"
	case err != nil:
		return "malformed signature headers"
	}
	if _, err := sv.Write(body); err != nil {
		return "signature not computable"
	}
	if err := sv.Ensure(); err != nil {
		return "signature mismatch"
	}
	return ""
}

// recoverPanics turns a panic in a handler into a 500 and a log line, so
// one bad request does not take the process down.
func (a *App) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				a.logger(r.Context()).Error("panic in handler", slog.Any(logKeyPanic, p))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
