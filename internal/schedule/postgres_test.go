package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/postgres"
)

// postgresSchema creates a schema of its own on the server named by
// SUMMIT_TEST_POSTGRES_URL, dropped when the test ends, and returns a URL
// whose search_path names it. It skips when the variable is unset.
func postgresSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("SUMMIT_TEST_POSTGRES_URL")
	if base == "" {
		tb.Skip("SUMMIT_TEST_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "scheduletest_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("connect to drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse SUMMIT_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgres(tb testing.TB, u string, now func() time.Time) store.Store {
	tb.Helper()
	st, err := postgres.Open(context.Background(), u, postgres.Options{Now: now, MaxConns: 4})
	if err != nil {
		tb.Fatalf("postgres.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestTwoSchedulersPostEachItemOncePostgres is the replicas' case: two
// processes, each with its own pool, over one PostgreSQL database.
func TestTwoSchedulersPostEachItemOncePostgres(t *testing.T) {
	u := postgresSchema(t)
	clk := newClock(t0)
	stA := openPostgres(t, u, clk.Now)
	stB := openPostgres(t, u, clk.Now)
	runTwoSchedulers(t, clk, stA, stB)
}
