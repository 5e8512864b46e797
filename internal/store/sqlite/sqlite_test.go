package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
	"github.com/summit-digest/summit-digest/internal/store/storetest"
)

// mustOpen opens a store on path and closes it when the test ends.
func mustOpen(tb testing.TB, path string, now func() time.Time) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Now: now})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func newDB(tb testing.TB) storetest.DB {
	path := filepath.Join(tb.TempDir(), "summit.db")
	return storetest.DB{
		Open: func(tb testing.TB, now func() time.Time) store.Store { return mustOpen(tb, path, now) },
		FailInserts: func(tb testing.TB, table string) {
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				tb.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table +
				` BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END`); err != nil {
				tb.Fatal(err)
			}
		},
	}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, newDB)
}

func TestMemory(t *testing.T) {
	s := mustOpen(t, sqlite.Memory, nil)
	if err := s.SaveSummit(context.Background(), store.Summit{Slug: "x", Title: "X"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Summits(context.Background())
	if err != nil || len(got) != 1 {
		t.Errorf("Summits() on a memory store = %v, %v; want the one saved", got, err)
	}
}
