package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// generation tells whether the database changed, through one connection of
// its own that only reads PRAGMA data_version: SQLite changes that value
// whenever another connection commits, this process's writer or another
// process on the same file alike, so a cache keyed by it stays right across
// processes. The values of different connections are unrelated, hence the
// one connection, and why a new one (after a failure) starts a new count.
type generation struct {
	db    *sql.DB
	mu    sync.Mutex
	conn  *sql.Conn
	stmt  *sql.Stmt
	last  uint64 // data_version as conn last read it
	count uint64 // what Generation returns: bumped on every change seen
}

// Generation returns a number that changes whenever anything has been
// committed to the database since it last returned. It is unsupported, and
// returns an error, for a database in memory.
func (s *Store) Generation(ctx context.Context) (uint64, error) {
	g := &s.gen
	if g.db == nil {
		return 0, fmt.Errorf("sqlite %s: no change counter for a database in memory", s.path)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn == nil {
		c, err := g.db.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("sqlite %s: data version: %w", s.path, describe(err))
		}
		st, err := c.PrepareContext(ctx, `PRAGMA data_version`)
		if err != nil {
			c.Close()
			return 0, fmt.Errorf("sqlite %s: data version: %w", s.path, describe(err))
		}
		g.conn, g.stmt = c, st
		g.count++
	}
	var v uint64
	if err := g.stmt.QueryRowContext(ctx).Scan(&v); err != nil {
		// A connection that failed once is not trusted with the count.
		g.closeLocked() //nolint:errcheck // dropped for the error returned
		return 0, fmt.Errorf("sqlite %s: data version: %w", s.path, describe(err))
	}
	if v != g.last {
		g.last = v
		g.count++
	}
	return g.count, nil
}

func (g *generation) close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closeLocked()
}

func (g *generation) closeLocked() error {
	if g.conn == nil {
		return nil
	}
	err := g.stmt.Close()
	if cerr := g.conn.Close(); err == nil {
		err = cerr
	}
	g.conn, g.stmt = nil, nil
	return err
}
