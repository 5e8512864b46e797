// Package sqlstore is the logic that the SQLite and PostgreSQL stores share:
// idempotent ingestion, speaker resolution, search and exactly-once claims,
// written once against a small transaction interface and a Dialect holding
// the few statements that differ (full-text search, locking). Keeping the
// claim and ingest logic in one place is what lets the conformance suite
// vouch for both stores at once; each store still owns its schema,
// migrations, connection handling and error translation.
package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

// Rows is the part of a result set the core reads.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// Row is one row of a result; Scan returns ErrNoRows when there is none.
type Row interface {
	Scan(dest ...any) error
}

// ErrNoRows is what a Row's Scan returns when the query found nothing;
// adapters translate their driver's own value into it.
var ErrNoRows = errors.New("no rows")

func isNoRows(err error) bool { return errors.Is(err, ErrNoRows) }

// Tx is a transaction in the placeholder style of the Dialect.
type Tx interface {
	Exec(ctx context.Context, query string, args ...any) (rowsAffected int64, err error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Dialect holds what differs between the databases.
type Dialect struct {
	// Rebind turns the core's "?" placeholders into the database's own; nil
	// keeps them.
	Rebind func(string) string
	// LockMigrate, when set, runs first in each migration's transaction.
	LockMigrate string
	// LockIngest, when set, runs first in every writing transaction that
	// resolves speakers or claims, so that writers from several processes
	// take turns (SQLite needs none: its writers already do).
	LockIngest string
	// PhraseQuery returns the quotes matching a full-text query, one row per
	// ItemKey, best first. Its arguments are, in order: the full-text query
	// made by MatchAll or MatchAny, the folded phrase (to rank an exact
	// phrase first), the summit ("" for all) twice, limit, offset, and how
	// many of the best full-text matches to rank further. Its columns are
	// those of HitColumns followed by the rank, higher better.
	PhraseQuery string
	// PhraseQueryRecent is PhraseQuery for a search of common words only:
	// its candidates are the newest matches, not the best ranked, so that
	// it reads no more than it returns.
	PhraseQueryRecent string
	// MatchCount has two arguments, a full-text query and a cap, and
	// returns how many quotes match, counting no further than the cap.
	MatchCount string
	// WordCounts, when set, takes the folded words as one JSON array of
	// strings and returns each word with the number of quotes it stands
	// in, kept up to date at ingest; nil counts each word with MatchCount.
	WordCounts string
	// MatchAll and MatchAny build the full-text query of folded words:
	// every word, and any word.
	MatchAll, MatchAny func(words []string) string
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(error) bool
}

// Options configures a Core.
type Options struct {
	Dialect Dialect
	// Begin starts a transaction; write is true for those that write, which
	// SQLite sends to its one writer connection.
	Begin func(ctx context.Context, write bool) (Tx, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Name names the database in errors ("sqlite summit.db"), without secrets.
	Name string
	// CommonWords is how many quotes a word must stand in to be common and
	// left out of phrase searches that have rarer words; 0 means
	// DefaultCommonWords.
	CommonWords int
	// Generation, when set, returns a number that changes whenever the
	// database does, whoever wrote: searches are then answered from a
	// cache while it stays the same. Nil turns the cache off.
	Generation func(ctx context.Context) (uint64, error)
}

// DefaultCommonWords is where a word becomes common: past it, matching on
// the word costs more than it narrows the search.
const DefaultCommonWords = 2000

// Core implements store.Store except Close, over Options.
type Core struct {
	d        Dialect
	begin    func(ctx context.Context, write bool) (Tx, error)
	now      func() time.Time
	name     string
	common   int
	speakers speakerCache

	generation func(ctx context.Context) (uint64, error)
	answers    answers
	wordCache  wordCounts
}

// New returns a Core.
func New(o Options) *Core {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Dialect.Rebind == nil {
		o.Dialect.Rebind = func(s string) string { return s }
	}
	if o.CommonWords <= 0 {
		o.CommonWords = DefaultCommonWords
	}
	return &Core{d: o.Dialect, begin: o.Begin, now: o.Now, name: o.Name, common: o.CommonWords, generation: o.Generation}
}

// inTx runs fn in a transaction, committing when it returns nil.
func (c *Core) inTx(ctx context.Context, write bool, fn func(tx *qtx) error) error {
	t, err := c.begin(ctx, write)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", c.name, err)
	}
	defer t.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	q := &qtx{Tx: t, rebind: c.d.Rebind}
	if err := fn(q); err != nil {
		return err
	}
	if err := t.Commit(ctx); err != nil {
		return fmt.Errorf("%s: commit: %w", c.name, err)
	}
	return nil
}

// qtx rebinds placeholders on the way through.
type qtx struct {
	Tx
	rebind func(string) string
}

func (q *qtx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	return q.Exec(ctx, q.rebind(query), args...)
}

func (q *qtx) query(ctx context.Context, query string, args ...any) (Rows, error) {
	return q.Query(ctx, q.rebind(query), args...)
}

func (q *qtx) row(ctx context.Context, query string, args ...any) Row {
	return q.QueryRow(ctx, q.rebind(query), args...)
}

// wrap adds the database's name and what was being done to err.
func (c *Core) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %s: %w", c.name, what, err)
}

// notFound is store.ErrNotFound with the thing not found.
func notFound(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), store.ErrNotFound)
}

// nanos and fromNanos store times as Unix nanoseconds in both databases, so
// that one query text serves both and slot equality is exact.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
