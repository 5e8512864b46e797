package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/postgres"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// openedStore is what both stores provide: the store, and the feed
// poller's memory beside it.
type openedStore interface {
	store.Store
	store.FeedStates
}

// openStore opens the store that cfg.Database names: "sqlite:PATH" or
// "postgres://…" (DATABASE_URL overrides the config file; the default is
// sqlite:summit.db). The caller closes it.
func openStore(ctx context.Context, cfg config.Config) (openedStore, error) {
	dsn := cfg.Database
	if dsn == "" {
		dsn = config.DefaultDatabase
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path, ok := sqlitePath(dsn)
		if !ok {
			return nil, fmt.Errorf("database %q names no file: want sqlite:PATH", dsn)
		}
		return sqlite.Open(ctx, path, sqlite.Options{})
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn, postgres.Options{MaxConns: int32(min(max(cfg.DatabasePoolSize, 0), 1<<15))})
	}
	// Only the scheme is shown: the rest may hold a password.
	scheme, _, _ := strings.Cut(dsn, ":")
	return nil, fmt.Errorf("database URL of unknown kind %q: want sqlite:PATH or postgres://…", scheme+":")
}

// withStore loads the configuration at path, opens the store and runs fn,
// closing the store after.
func withStore(ctx context.Context, e *env, path string, fn func(cfg config.Config, st store.Store) error) error {
	return useStore(ctx, e, path, true, fn)
}

// withExistingStore is withStore for the commands that only read or remove:
// a SQLite file that is not there yet is reported rather than created, so
// that who-said run in the wrong folder, or with DATABASE_URL unset, says
// where it looked instead of leaving an empty database behind.
func withExistingStore(ctx context.Context, e *env, path string, fn func(cfg config.Config, st store.Store) error) error {
	return useStore(ctx, e, path, false, fn)
}

func useStore(ctx context.Context, e *env, path string, create bool, fn func(cfg config.Config, st store.Store) error) error {
	cfg, err := loadConfig(e, path, false)
	if err != nil {
		return err
	}
	if !create {
		if file, ok := sqlitePath(cfg.Database); ok && file != sqlite.Memory {
			if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("there is no store at %s yet: add articles with 'bot ingest SOURCE', or set DATABASE_URL to the store (sqlite:PATH or postgres://…)", file)
			}
		}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	err = fn(cfg, st)
	if cerr := st.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// sqlitePath is the file a SQLite database URL names, as openStore reads it.
func sqlitePath(dsn string) (string, bool) {
	if dsn == "" {
		dsn = config.DefaultDatabase
	}
	rest, ok := strings.CutPrefix(dsn, "sqlite:")
	if !ok {
		return "", false
	}
	path := strings.TrimPrefix(rest, "//")
	return path, path != ""
}

// configFlagUsage documents the --config flag of the store commands.
const configFlagUsage = "path of the YAML config (default $SUMMIT_CONFIG, else " + config.DefaultPath + " when it exists)"
