package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/postgres"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// openStore opens the store that cfg.Database names: "sqlite:PATH" or
// "postgres://…" (DATABASE_URL overrides the config file; the default is
// sqlite:summit.db). The caller closes it.
func openStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	dsn := cfg.Database
	if dsn == "" {
		dsn = config.DefaultDatabase
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if path == "" {
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
	cfg, err := loadConfig(e, path, false)
	if err != nil {
		return err
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

// configFlagUsage documents the --config flag of the store commands.
const configFlagUsage = "path of the YAML config (default $SUMMIT_CONFIG, else " + config.DefaultPath + " when it exists)"
