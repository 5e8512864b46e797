// Package sqlite implements store.Store on an embedded SQLite file
// (modernc.org/sqlite, no cgo): the default store, for one process serving
// one workspace.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configures Open.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BusyTimeout is how long a writer waits for another; 0 means 5 s.
	BusyTimeout time.Duration
	// CommonWords: see sqlstore.Options; 0 means the default.
	CommonWords int
	// NoSearchCache turns off the cache of search answers (see
	// sqlstore.Options.Generation), to measure the searches themselves.
	NoSearchCache bool
}

// readConns is how many searches run at once: two per core of the machine
// this is sized for, so that one waiting on the disk does not idle a core.
const readConns = 4

// Store is a store.Store in one SQLite file. Writes go through one
// connection whose transactions begin IMMEDIATE, so a transaction that reads
// before it writes never fails with SQLITE_BUSY halfway; reads use a pool of
// their own and see the last committed state (WAL).
type Store struct {
	*sqlstore.Core
	path   string
	writer *sql.DB
	reader *sql.DB
	reads  *readers // nil for Memory, whose one connection is the writer's
	gen    generation
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.FeedStates = (*Store)(nil)
)

// Memory is the path of a database held in memory, for tests: one
// connection serves reads and writes, and WAL does not apply.
const Memory = ":memory:"

// Open opens (creating it when missing) the SQLite database at path,
// checks that it runs in WAL mode, and applies the migrations it lacks.
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	s := &Store{path: path}
	dsn := func(extra string) string {
		v := url.Values{}
		v.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
		v.Add("_pragma", "journal_mode(wal)")
		v.Add("_pragma", "foreign_keys(1)")
		v.Add("_pragma", "synchronous(normal)")
		// A 32 MB page cache per connection and memory-mapped reads keep
		// searches off the read() path; SQLite's 2 MB default holds too
		// little of a large quotes table and its indexes.
		v.Add("_pragma", "cache_size(-32768)")
		v.Add("_pragma", "mmap_size(268435456)")
		if path == Memory {
			return path + "?" + v.Encode() + extra
		}
		return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode() + extra
	}
	var err error
	if s.writer, err = sql.Open("sqlite", dsn("&_txlock=immediate")); err != nil {
		return nil, s.fail(err)
	}
	// One writer: SQLite allows one at a time anyway, and queueing in Go
	// is cheaper and fairer than spinning on the busy timeout.
	s.writer.SetMaxOpenConns(1)
	if path == Memory {
		// Every connection to ":memory:" is a database of its own: the one
		// writer connection must serve the reads too, and must never close.
		s.writer.SetMaxIdleConns(1)
		s.writer.SetConnMaxLifetime(0)
		s.writer.SetConnMaxIdleTime(0)
		s.reader = s.writer
	} else {
		if s.reader, err = sql.Open("sqlite", dsn("&_pragma=query_only(1)")); err != nil {
			s.writer.Close()
			return nil, s.fail(err)
		}
		// The read connections, and one more that watches for writes.
		s.reader.SetMaxOpenConns(readConns + 1)
		s.reads = newReaders(s.reader, readConns)
		s.gen.db = s.reader
	}
	name := "sqlite " + path
	co := sqlstore.Options{
		Dialect: dialect,
		Begin:   s.begin,
		Now:     o.Now,
		Name:    name,

		CommonWords: o.CommonWords,
	}
	if s.gen.db != nil && !o.NoSearchCache {
		co.Generation = s.Generation
	}
	s.Core = sqlstore.New(co)
	if err := s.init(ctx, o.BusyTimeout); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %w", err)
	}
	return s, nil
}

func (s *Store) init(ctx context.Context, busy time.Duration) error {
	name := "sqlite " + s.path
	mode, err := s.journalMode(ctx, busy)
	if err != nil {
		return fmt.Errorf("%s: %w", name, describe(err))
	}
	if !strings.EqualFold(mode, "wal") && s.path != Memory {
		return fmt.Errorf("%s: journal mode is %q, not WAL (is the file on a file system without shared memory?)", name, mode)
	}
	ms, err := sqlstore.LoadMigrations(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return s.Migrate(ctx, ms)
}

// walRetry is the pause before trying again to switch a new file to WAL.
const walRetry = 10 * time.Millisecond

// journalMode opens the writer's connection, which switches the file to
// WAL (the DSN asks for it), and returns the journal mode it reports.
//
// Every opener of a new file makes that switch. It reads the file's header
// and then takes the write lock to rewrite it; when processes open a new
// file together, the one that read first cannot wait for the write lock
// (SQLite refuses to wait while it holds a read lock, which could
// deadlock) and fails with SQLITE_BUSY at once, whatever the busy timeout.
// Trying again is safe and quick: by then the file is in WAL, and the
// switch has nothing left to write. Only SQLITE_BUSY is retried, within
// the busy timeout.
func (s *Store) journalMode(ctx context.Context, busy time.Duration) (string, error) {
	deadline := time.Now().Add(busy)
	for {
		var mode string
		err := s.writer.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return mode, err
		}
		select {
		case <-ctx.Done():
			return "", err
		case <-time.After(walRetry):
		}
	}
}

func isBusy(err error) bool {
	var se *sqlite3.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3lib.SQLITE_BUSY
}

// fail names the database in an error from Open.
func (s *Store) fail(err error) error {
	return fmt.Errorf("open sqlite %s: %w", s.path, describe(err))
}

// describe turns SQLite result codes people hit into plain words; the
// driver's own message is kept after them.
func describe(err error) error {
	var se *sqlite3.Error
	var d described
	if !errors.As(err, &se) || errors.As(err, &d) {
		return err
	}
	why := ""
	switch se.Code() & 0xff {
	case sqlite3lib.SQLITE_READONLY:
		why = "the database file or its folder is read-only"
	case sqlite3lib.SQLITE_NOTADB, sqlite3lib.SQLITE_CORRUPT:
		why = "the file is not a valid SQLite database (corrupt, or another kind of file)"
	case sqlite3lib.SQLITE_CANTOPEN:
		why = "cannot open the file (does its folder exist, and may this user write there?)"
	case sqlite3lib.SQLITE_FULL:
		why = "the disk is full"
	case sqlite3lib.SQLITE_BUSY:
		why = "the database stayed locked by another writer"
	default:
		return err
	}
	return described{why, err}
}

// described is a driver error with its plain-words reason in front.
type described struct {
	why string
	err error
}

func (d described) Error() string { return d.why + ": " + d.err.Error() }
func (d described) Unwrap() error { return d.err }

// Close closes both connection pools.
func (s *Store) Close() error {
	var errs []error
	if s.reads != nil {
		errs = append(errs, s.reads.close(), s.gen.close())
	}
	if s.reader != nil && s.reader != s.writer {
		errs = append(errs, s.reader.Close())
	}
	if s.writer != nil {
		errs = append(errs, s.writer.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sqlite %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) begin(ctx context.Context, write bool) (sqlstore.Tx, error) {
	if !write && s.reads != nil {
		return s.reads.begin(ctx)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, describe(err)
	}
	return sqlTx{tx}, nil
}

// sqlTx adapts *sql.Tx to sqlstore.Tx.
type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	r, err := t.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, describe(err)
	}
	return r.RowsAffected()
}

func (t sqlTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, describe(err)
	}
	return rows, nil
}

func (t sqlTx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return sqlRow{t.tx.QueryRowContext(ctx, q, args...)}
}

func (t sqlTx) Commit(context.Context) error   { return describe(t.tx.Commit()) }
func (t sqlTx) Rollback(context.Context) error { return t.tx.Rollback() }

type sqlRow struct{ r *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return describe(err)
}

// dialect is SQLite's: FTS5 for phrase search.
//
// The limits are written +? on purpose. SQLite reads a LIMIT that is a bare
// parameter as the value bound at preparation, to plan with it, and marks
// the statement to be prepared again whenever a different value is bound
// (sqlite3ExprIsInteger, sqlite3VdbeReprepareOnBind). MatchCount is run
// with two caps in turn (the common and the very common word), so every
// count re-parsed and re-planned it. A unary plus makes the limit an
// expression, computed at run time; nothing here plans by it.
var dialect = sqlstore.Dialect{
	MatchCount:        `SELECT COUNT(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT +?)`,
	PhraseQueryRecent: strings.Replace(phraseQuery, "ORDER BY rank LIMIT +?7", "ORDER BY rowid DESC LIMIT +?7", 1),
	PhraseQuery:       phraseQuery,
	WordCounts: `SELECT w.value, COALESCE((SELECT n.quotes FROM quote_words n WHERE n.word = w.value), 0)
		FROM json_each(?) w`,
	MatchAll: func(words []string) string { return ftsQuery(words, " ") },
	MatchAny: func(words []string) string { return ftsQuery(words, " OR ") },
	IsUnique: func(err error) bool {
		var se *sqlite3.Error
		return errors.As(err, &se) && (se.Code() == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY)
	},
}

// phraseQuery ranks the best full-text matches (bm25) after an exact
// phrase, one row per item.
const phraseQuery = `WITH c AS MATERIALIZED (
			SELECT rowid AS id, -bm25(quotes_fts) AS score FROM quotes_fts WHERE quotes_fts MATCH ?1 ORDER BY rank LIMIT +?7),
		m AS (
			SELECT q.id, q.item_key, (instr(q.folded, ?2) > 0) AS exact, c.score
			FROM c JOIN quotes q ON q.id = c.id JOIN articles a ON a.id = q.article_id
			WHERE ?3 = '' OR a.summit = ?4),
		best AS (SELECT MIN(id) AS id, MAX(exact * 1000000 + score) AS rank FROM m GROUP BY item_key)
		SELECT ` + sqlstore.HitColumns + `, best.rank
		FROM best JOIN quotes q ON q.id = best.id JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
		ORDER BY best.rank DESC, q.sort_at DESC, q.id DESC LIMIT ?5 OFFSET ?6`

// ftsQuery quotes each folded word (letters and digits only, so quoting is
// enough to keep FTS5 syntax out) and joins them with sep.
func ftsQuery(words []string, sep string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + w + `"`
	}
	return strings.Join(q, sep)
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }
