package main

import (
	"io"
	"log/slog"
	"os"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/server"
)

// newLogger builds the process's logger on w (standard error: standard
// output is for what commands print): JSON for machines, text for people,
// at cfg's level. "auto" picks text only when w is a terminal, so a
// container or systemd gets JSON without being told. Records logged with a
// request's context carry its request id.
func newLogger(w io.Writer, cfg *config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.Level()}
	var h slog.Handler
	switch cfg.LogFormat {
	case "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		if isTerminal(w) {
			h = slog.NewTextHandler(w, opts)
		} else {
			h = slog.NewJSONHandler(w, opts)
		}
	}
	return slog.New(server.NewLogHandler(h))
}

// isTerminal reports whether w is a character device such as a terminal;
// a pipe, a file or a buffer is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
