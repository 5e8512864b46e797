package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// HeaderRequestID carries a request's id in and out: a proxy's id is kept,
// so that its logs and ours can be joined.
const HeaderRequestID = "X-Request-Id"

// maxRequestIDLen bounds an incoming id: it goes into every log line of
// the request.
const maxRequestIDLen = 128

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithRequestID returns ctx carrying id, for work that continues a request
// after its handler returns (a slash command's slow reply).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// requestID gives every request an id, from X-Request-Id when the caller
// sent a sane one, else a new random one, and puts it in the context and
// in the response's X-Request-Id.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		next.ServeHTTP(w, r.WithContext(WithRequestID(r.Context(), id)))
	})
}

// validRequestID accepts the ids proxies send (UUIDs, hex, base64url) and
// refuses anything that could forge log lines or bloat them.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '+', c == '/', c == '=':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	// crypto/rand.Read never fails (Go 1.24+); it panics rather than
	// return short.
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter remembers the status code written and whether anything
// was, for the request log and for panic recovery.
type statusWriter struct {
	http.ResponseWriter
	code    int
	written bool
	// aborted is set when the handler panicked after writing, and the
	// connection is dropped.
	aborted bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.written {
		w.code = code
		w.written = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.code = http.StatusOK
		w.written = true
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is buffered, for handlers that assert http.Flusher
// rather than use http.ResponseController.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if !w.written {
			w.code, w.written = http.StatusOK, true
		}
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection (Flush,
// deadlines) through the wrapper.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs each request once it is served, with its status and
// duration (the request id comes from the context), and counts it in the
// metrics. Probes and scrapes are logged at debug level: they come every
// few seconds and say nothing. The query string is never logged: it may
// carry a token.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		// Deferred, so that a request aborted by a panic is logged too.
		defer func() {
			took := time.Since(start)
			code := sw.code
			if !sw.written {
				code = http.StatusOK
			}
			route := r.Pattern
			if route == "" || route == "/" {
				route = s.appRoute(r)
			}
			msg, level := "http request", slog.LevelInfo
			switch {
			case sw.aborted:
				msg, level = "http request aborted", slog.LevelError
			case route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics":
				// A 503 from /readyz is a state, logged when it changes.
				level = slog.LevelDebug
			case code >= 500:
				level = slog.LevelError
			}
			if s.opts.Metrics != nil {
				s.opts.Metrics.ObserveHTTP(route, r.Method, code, took)
			}
			s.log.LogAttrs(r.Context(), level, msg,
				slog.String(logKeyMethod, r.Method),
				slog.String(logKeyPath, r.URL.Path),
				slog.Int(logKeyStatus, code),
				slog.Duration(logKeyDuration, took),
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// appRoute names the route of a request the application's handler
// served, for the metrics' route label: the application mux's pattern
// when it is a plain *http.ServeMux, else "app"; "other" for paths nobody
// serves, so that the label stays bounded whatever paths scanners try.
func (s *Server) appRoute(r *http.Request) string {
	switch h := s.opts.Handler.(type) {
	case nil:
		return "other"
	case *http.ServeMux:
		if _, pattern := h.Handler(r); pattern != "" {
			return pattern
		}
		return "other"
	default:
		return "app"
	}
}

// recoverPanics turns a panic in a handler into a 500 and an error log
// line with the stack, instead of a dropped connection and a stack on
// standard error with no request id.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			// http.ErrAbortHandler is how a handler asks to drop the
			// connection silently; honour it as net/http would.
			sw, _ := w.(*statusWriter)
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				if sw != nil {
					sw.aborted = true
				}
				panic(v)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic in http handler",
				slog.String(logKeyMethod, r.Method),
				slog.String(logKeyPath, r.URL.Path),
				slog.String(logKeyError, fmt.Sprint(v)),
				slog.String(logKeyStack, string(debug.Stack())),
			)
			if sw != nil && sw.written {
				// Too late for a status: cut the response short so the
				// client sees a failure, not a truncated success.
				sw.aborted = true
				panic(http.ErrAbortHandler)
			}
			http.Error(w, "internal server error", http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies at MaxBodyBytes. A body declared too big
// is refused before the handler runs; one that grows too big fails the
// handler's read with *http.MaxBytesError.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.opts.MaxBodyBytes {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}
