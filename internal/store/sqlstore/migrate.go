package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/summit-digest/summit-digest/internal/store"
)

// Migration is one file of a store's schema history.
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

// LoadMigrations reads dir of fsys: files named NNNN_name.sql, in version order.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].Name, ms[i].Name)
		}
	}
	return ms, nil
}

// Migrate applies the migrations that schema_migrations does not list, one
// transaction per file, each under the Dialect's LockMigrate so that
// processes starting together apply each once. It refuses,
// with store.ErrNewerSchema, a database that lists a version it does not know.
func (c *Core) Migrate(ctx context.Context, ms []Migration) error {
	lock := c.d.LockMigrate
	latest := int64(0)
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	apply := func(m *Migration) error {
		return c.inTx(ctx, true, func(tx *qtx) error {
			if lock != "" {
				if _, err := tx.exec(ctx, lock); err != nil {
					return c.wrap("lock for migration", err)
				}
			}
			if _, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
				return c.wrap("create schema_migrations", err)
			}
			var have int64
			if err := tx.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
				return c.wrap("read schema version", err)
			}
			if have > latest {
				return fmt.Errorf("%s: schema version %d was written by a newer version of the bot (this one knows up to %d); run the newer version: %w",
					c.name, have, latest, store.ErrNewerSchema)
			}
			if m == nil {
				return nil
			}
			var one int
			err := tx.row(ctx, `SELECT 1 FROM schema_migrations WHERE version = ?`, m.Version).Scan(&one)
			if err == nil {
				return nil
			}
			if !isNoRows(err) {
				return c.wrap("read schema version", err)
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return c.wrap("migration "+m.Name, err)
			}
			_, err = tx.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.Version, m.Name, nanos(c.now()))
			return c.wrap("record migration "+m.Name, err)
		})
	}
	// The first pass only checks the version, so that a newer database is
	// refused before anything is written to it.
	if err := apply(nil); err != nil {
		return err
	}
	for i := range ms {
		if err := apply(&ms[i]); err != nil {
			return err
		}
	}
	return nil
}
