// Package postgres implements store.Store on PostgreSQL (pgx), for
// deployments that run several replicas over one database. It works in the
// first schema of the connection's search_path and needs no extension.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configures Open.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxConns caps the pool; 0 keeps pgx's default (max(4, CPUs)).
	MaxConns int32
	// CommonWords: see sqlstore.Options; 0 means the default.
	CommonWords int
}

// Store is a store.Store in a PostgreSQL database.
type Store struct {
	*sqlstore.Core
	pool *pgxpool.Pool
	name string
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.FeedStates = (*Store)(nil)
)

// Open connects to the database at url (postgres://…), checks that it
// answers, and applies the migrations it lacks under an advisory lock.
func Open(ctx context.Context, url string, o Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx masks the password in its parse errors.
		return nil, fmt.Errorf("open postgres: bad database URL: %w", err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	cc := cfg.ConnConfig
	name := fmt.Sprintf("postgres %s@%s:%d/%s", cc.User, cc.Host, cc.Port, cc.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: cannot reach the database: %w", name, err)
	}
	s := &Store{pool: pool, name: name}
	s.Core = sqlstore.New(sqlstore.Options{Dialect: dialect, Begin: s.begin, Now: o.Now, Name: name, CommonWords: o.CommonWords})
	ms, err := sqlstore.LoadMigrations(migrations, "migrations")
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := s.Migrate(ctx, ms); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %w", err) // Migrate's errors name the database
	}
	return s, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

func (s *Store) begin(ctx context.Context, _ bool) (sqlstore.Tx, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return pgTx{tx}, nil
}

// pgTx adapts pgx.Tx to sqlstore.Tx.
type pgTx struct{ tx pgx.Tx }

func (t pgTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t pgTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (t pgTx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return pgRow{t.tx.QueryRow(ctx, q, args...)}
}

func (t pgTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

type pgRows struct{ pgx.Rows }

func (r pgRows) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}

type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// rebind turns "?" placeholders into "$1", "$2"…; the core's statements
// hold no "?" in literals.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// lockKey makes advisory-lock keys per schema, so that two deployments
// sharing a database in different schemas do not wait on each other.
func lockKey(what string) string {
	return `SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || '.summit-digest.` + what + `'))`
}

var dialect = sqlstore.Dialect{
	Rebind:            rebind,
	LockMigrate:       lockKey("migrate"),
	LockIngest:        lockKey("write"),
	MatchCount:        `SELECT COUNT(*) FROM (SELECT 1 FROM quotes WHERE tsv @@ to_tsquery('simple', $1) LIMIT $2) AS w`,
	PhraseQueryRecent: strings.Replace(phraseQuery, "ORDER BY score DESC LIMIT $7", "ORDER BY q.id DESC LIMIT $7", 1),
	PhraseQuery:       phraseQuery,
	MatchAll:          func(words []string) string { return tsQuery(words, " & ") },
	MatchAny:          func(words []string) string { return tsQuery(words, " | ") },
	IsUnique: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
}

// phraseQuery ranks the best full-text matches (ts_rank) after an exact
// phrase, one row per item.
const phraseQuery = `WITH c AS MATERIALIZED (
			SELECT q.id, ts_rank(q.tsv, to_tsquery('simple', $1)) AS score FROM quotes q
			WHERE q.tsv @@ to_tsquery('simple', $1) ORDER BY score DESC LIMIT $7),
		m AS (
			SELECT q.id, q.item_key, CASE WHEN strpos(q.folded, $2) > 0 THEN 1 ELSE 0 END AS exact, c.score
			FROM c JOIN quotes q ON q.id = c.id JOIN articles a ON a.id = q.article_id
			WHERE $3 = '' OR a.summit = $4),
		best AS (SELECT MIN(id) AS id, MAX(exact * 1000000 + score)::float8 AS rank FROM m GROUP BY item_key)
		SELECT ` + sqlstore.HitColumns + `, best.rank
		FROM best JOIN quotes q ON q.id = best.id JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
		ORDER BY best.rank DESC, q.sort_at DESC, q.id DESC LIMIT $5 OFFSET $6`

// tsQuery quotes each folded word (letters and digits only) as a tsquery
// lexeme and joins them with op.
func tsQuery(words []string, op string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, op)
}
