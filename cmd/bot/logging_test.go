package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/server"
)

func TestNewLogger(t *testing.T) {
	tests := []struct {
		name, format, level string
		wantJSON            bool
		wantLines           int // of one debug, one info and one warn record
	}{
		{name: "auto off a terminal is JSON", format: "auto", level: "info", wantJSON: true, wantLines: 2},
		{name: "json", format: "json", level: "debug", wantJSON: true, wantLines: 3},
		{name: "text", format: "text", level: "warn", wantJSON: false, wantLines: 1},
		{name: "level any case", format: "json", level: "DEBUG", wantJSON: true, wantLines: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			cfg := config.Default()
			cfg.LogFormat, cfg.LogLevel = tt.format, tt.level
			log := newLogger(&buf, &cfg)
			ctx := server.WithRequestID(context.Background(), "req-42")
			log.DebugContext(ctx, "debug")
			log.InfoContext(ctx, "info", "token", config.Secret("xoxb-SeCrEt"))
			log.WarnContext(ctx, "warn")

			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(lines) != tt.wantLines {
				t.Fatalf("%d log lines at level %s; want %d:\n%s", len(lines), tt.level, tt.wantLines, buf.String())
			}
			for _, l := range lines {
				isJSON := json.Valid([]byte(l))
				if isJSON != tt.wantJSON {
					t.Errorf("log line %q: JSON = %v; want %v", l, isJSON, tt.wantJSON)
				}
				if !strings.Contains(l, "req-42") {
					t.Errorf("log line %q lacks the context's request id", l)
				}
			}
			if strings.Contains(buf.String(), "SeCrEt") {
				t.Errorf("logs show a secret:\n%s", buf.String())
			}
		})
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("isTerminal(regular file) = true; want false")
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("isTerminal(*bytes.Buffer) = true; want false")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !isTerminal(tty) {
			t.Error("isTerminal(/dev/tty) = false; want true")
		}
	}
}
