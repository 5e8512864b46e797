package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// makeReadOnly makes the file at path unwritable, also for root (who
// ignores permission bits) by making it immutable where the file system
// allows; it skips the test where it cannot.
func makeReadOnly(tb testing.TB, path string) {
	tb.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0o444); err != nil {
			tb.Fatal(err)
		}
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		tb.Skipf("cannot make %s read-only as root (chattr: %v %s)", path, err, out)
	}
	tb.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

func TestOpenFaults(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// setup prepares the file at path and returns the path to open.
		setup func(t *testing.T, path string) string
		want  string
		is    error
	}{
		{
			name: "corrupt file",
			setup: func(t *testing.T, path string) string {
				if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 512)), 0o644); err != nil {
					t.Fatal(err)
				}
				return path
			},
			want: "not a valid SQLite database",
		},
		{
			name: "missing folder",
			setup: func(t *testing.T, path string) string {
				return filepath.Join(filepath.Dir(path), "no", "such", "folder", "summit.db")
			},
			want: "cannot open the file",
		},
		{
			name: "read-only file",
			setup: func(t *testing.T, path string) string {
				// A database made by an older program that lacks our tables,
				// so opening it must write.
				db, err := sql.Open("sqlite", "file:"+path)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(`CREATE TABLE other (x INTEGER)`); err != nil {
					t.Fatal(err)
				}
				db.Close()
				makeReadOnly(t, path)
				return path
			},
			want: "read-only",
		},
		{
			name: "newer schema",
			setup: func(t *testing.T, path string) string {
				s, err := sqlite.Open(ctx, path, sqlite.Options{})
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				db, err := sql.Open("sqlite", "file:"+path)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
					t.Fatal(err)
				}
				return path
			},
			want: "newer than this program",
			is:   store.ErrNewerSchema,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t, filepath.Join(t.TempDir(), "summit.db"))
			s, err := sqlite.Open(ctx, path, sqlite.Options{})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) = nil error; want one saying %q", path, tt.want)
			}
			msg := err.Error()
			t.Logf("Open: %v", err)
			if !strings.Contains(msg, path) || !strings.Contains(msg, tt.want) {
				t.Errorf("Open(%s) error = %q; want it to name the file and say %q", path, msg, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Open(%s) error = %v; want errors.Is %v", path, err, tt.is)
			}
		})
	}
}

// TestConcurrentOpen opens one new file from several goroutines at once:
// every Open succeeds and the migrations are applied once.
func TestConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summit.db")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
			if err != nil {
				t.Errorf("concurrent Open: %v", err)
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var files int
	entries, _ := os.ReadDir("migrations")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			files++
		}
	}
	if n != files {
		t.Errorf("schema_migrations has %d rows after concurrent opens; want %d (each migration once)", n, files)
	}
}

// TestWAL checks that the file really runs in WAL mode after Open.
func TestWAL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summit.db")
	mustOpen(t, path, nil)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}
