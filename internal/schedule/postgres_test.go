package schedule

import (
	"context"
	"github.com/summit-digest/summit-digest/internal/store/postgres/pgtest"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/postgres"
)

// postgresSchema returns a URL of a schema of this test's own on the
// server named by SUMMIT_TEST_POSTGRES_URL, dropped after it; it skips when
// the variable is unset.
func postgresSchema(tb testing.TB) string { return pgtest.Schema(tb, "scheduletest_") }

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
