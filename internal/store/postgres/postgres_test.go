package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/postgres"
	"github.com/summit-digest/summit-digest/internal/store/postgres/pgtest"
	"github.com/summit-digest/summit-digest/internal/store/storetest"
)

// testURL returns the PostgreSQL server of the tests, or skips.
func testURL(tb testing.TB) string { return pgtest.URL(tb) }

// newSchema returns a URL of a schema of this test's own, dropped after it.
func newSchema(tb testing.TB) string { return pgtest.Schema(tb, "storetest_") }

func mustOpen(tb testing.TB, u string, now func() time.Time) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), u, postgres.Options{Now: now, MaxConns: 4})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	testURL(t)
	storetest.Run(t, func(tb testing.TB) storetest.DB {
		u := newSchema(tb)
		return storetest.DB{
			Open: func(tb testing.TB, now func() time.Time) store.Store { return mustOpen(tb, u, now) },
			FailInserts: func(tb testing.TB, table string) {
				mustExec(tb, u, `
				CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'could not extend file: No space left on device (test)'; END $$;
				CREATE TRIGGER fail_`+table+` BEFORE INSERT ON `+table+` FOR EACH ROW EXECUTE FUNCTION fail_insert()`)
			},
		}
	})
}

// mustExec runs sql on the database at u, outside any store.
func mustExec(tb testing.TB, u, sql string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatal(err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	// Port 1 on the loopback: nothing listens, the refusal is immediate.
	_, err := postgres.Open(context.Background(), "postgres://summit:s3cret@127.0.0.1:1/summit?connect_timeout=2", postgres.Options{})
	if err == nil {
		t.Fatal("Open(unreachable) = nil error")
	}
	msg := err.Error()
	t.Logf("Open: %v", err)
	if !strings.Contains(msg, "summit@127.0.0.1:1/summit") || !strings.Contains(msg, "cannot reach") {
		t.Errorf("Open(unreachable) error = %q; want it to name the database and say it cannot be reached", msg)
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("Open(unreachable) error = %q; shows the password", msg)
	}
}

func TestOpenBadURL(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://summit:s3cret@127.0.0.1:notaport/summit", postgres.Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open(bad URL) error = %v; want an error without the password", err)
	}
}

func TestNewerSchemaAndConcurrentMigrations(t *testing.T) {
	u := newSchema(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(context.Background(), u, postgres.Options{MaxConns: 2})
			if err != nil {
				t.Errorf("concurrent Open: %v", err)
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	mustExec(t, u, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`)
	_, err := postgres.Open(context.Background(), u, postgres.Options{})
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("Open(newer schema) error = %v; want ErrNewerSchema", err)
	}
}
