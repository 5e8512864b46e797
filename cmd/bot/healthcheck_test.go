package main

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer healthy.Close()
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer sick.Close()
	// An address where nothing listens: a listener opened, then closed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()

	tests := []struct {
		name    string
		args    []string
		vars    map[string]string
		wantErr string // "" for success
	}{
		{name: "healthy by URL", args: []string{"--url", healthy.URL + "/healthz"}},
		{name: "healthy from LISTEN_ADDR", vars: map[string]string{"LISTEN_ADDR": healthy.Listener.Addr().String()}},
		{
			name:    "not 200",
			args:    []string{"--url", sick.URL + "/healthz"},
			wantErr: "healthcheck: GET " + sick.URL + "/healthz answered 503 Service Unavailable",
		},
		{
			name:    "nothing listening",
			vars:    map[string]string{"LISTEN_ADDR": dead},
			wantErr: "healthcheck: the bot does not answer: ",
		},
		{
			name:    "bad listen address",
			vars:    map[string]string{"LISTEN_ADDR": "8080"},
			wantErr: `healthcheck: listen address "8080" is not host:port`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"healthcheck", "--timeout", "5s"}, tt.args...)
			stdout, _, err := runBot(t, tt.vars, args...)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("bot %s = %v; want nil", strings.Join(args, " "), err)
				}
			} else if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("bot %s = %v; want an error starting %q", strings.Join(args, " "), err, tt.wantErr)
			}
			if errors.Is(err, errUsage) {
				t.Errorf("bot %s = usage error %v; want a plain failure (exit 1)", strings.Join(args, " "), err)
			}
			if stdout != "" {
				t.Errorf("bot %s printed %q on stdout; want nothing", strings.Join(args, " "), stdout)
			}
		})
	}
}

func TestHealthzURL(t *testing.T) {
	tests := []struct{ listen, want string }{
		{":8080", "http://127.0.0.1:8080/healthz"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/healthz"},
		{"[::]:9000", "http://[::1]:9000/healthz"},
		{"127.0.0.1:8080", "http://127.0.0.1:8080/healthz"},
		{"[::1]:8080", "http://[::1]:8080/healthz"},
		{"bot.internal:80", "http://bot.internal:80/healthz"},
	}
	for _, tt := range tests {
		got, err := healthzURL(tt.listen)
		if err != nil || got != tt.want {
			t.Errorf("healthzURL(%q) = %q, %v; want %q", tt.listen, got, err, tt.want)
		}
	}
}
