package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestStoreCommands runs ingest, who-said, digest and forget through run()
// against a temp SQLite file, as a person would in a terminal.
func TestStoreCommands(t *testing.T) {
	dir := t.TempDir()
	live1, err := os.ReadFile("testdata/store/summit-live-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	live2, err := os.ReadFile("testdata/store/summit-live-2.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A live blog served over HTTP: the second ingest sees it grown.
	var grown atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if grown.Load() {
			w.Write(live2)
			return
		}
		w.Write(live1)
	}))
	defer srv.Close()
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte(`summits:
  - slug: geneva-2026
    title: "Geneva ceasefire talks"
    keywords: [ceasefire]
fetch:
  allow_hosts: ["127.0.0.1"]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"DATABASE_URL":  "sqlite:" + filepath.Join(dir, "summit.db"),
		"SUMMIT_CONFIG": cfgPath,
	}
	liveURL := srv.URL + "/live"

	steps := []struct {
		name    string
		args    []string
		before  func()
		wantErr bool
		// want are substrings of standard output (of the error when wantErr),
		// each on a line of its own when lines is set.
		want       []string
		notWant    []string
		wantStderr []string
		lines      int
	}{
		{name: "ingest a live blog", args: []string{"ingest", liveURL},
			want: []string{"stored ", "Leaders meet in Geneva for talks on a ceasefire: 2 quotes", "1 article stored, 0 replaced, 0 skipped"}},
		{name: "ingest it again", args: []string{"ingest", liveURL},
			want: []string{"skipped ", "already stored", "0 articles stored, 0 replaced, 1 skipped"}},
		{name: "ingest a copy from a file", args: []string{"ingest", "testdata/store/summit-live-1.txt"},
			want: []string{"skipped "}},
		{name: "ingest the grown live blog", args: []string{"ingest", liveURL}, before: func() { grown.Store(true) },
			want: []string{"replaced ", "3 quotes", "0 articles stored, 1 replaced"}},
		{name: "ingest another outlet", args: []string{"ingest", "testdata/store/other-outlet.txt"},
			want: []string{"stored ", "2 quotes", "0 new speakers"}},
		{name: "who-said by surname, accents ignored", args: []string{"who-said", "sikorski"},
			want: []string{"Radosław Sikorski, Polish Foreign Minister", "“Nobody should expect a miracle today”", "11:05"}, notWant: []string{",”"}, lines: 1},
		{name: "who-said by full name, newest first", args: []string{"who-said", "Alexander", "Stubb"},
			want: []string{"The monitoring mission must be in place within a month", "We are here to stop the shelling"}, lines: 2},
		{name: "who-said with a flag after the name", args: []string{"who-said", "Stubb", "--limit", "1"},
			want: []string{"Alexander Stubb"}, lines: 1},
		{name: "who-said with a slip", args: []string{"who-said", "Stub"}, lines: 2,
			want: []string{"Alexander Stubb"}},
		{name: "who-said a phrase", args: []string{"who-said", `"stop the shelling"`}, lines: 1,
			want: []string{"Alexander Stubb", "We are here to stop the shelling"}},
		{name: "who-said a curly phrase", args: []string{"who-said", "“a miracle”"}, lines: 1,
			want: []string{"Radosław Sikorski"}},
		{name: "who-said a name that is a word of a quote", args: []string{"who-said", "shelling"}, lines: 1,
			want: []string{"Alexander Stubb"}},
		{name: "who-said nobody", args: []string{"who-said", "Sikorskiyy"}, wantErr: true,
			want: []string{`no speaker is called "Sikorskiyy"`, "did you mean Radosław Sikorski?"}},
		{name: "who-said an unknown phrase", args: []string{"who-said", `"xylophone"`}, wantErr: true,
			want: []string{"no stored quote contains “xylophone”"}},
		{name: "digest of the store", args: []string{"digest", "--format", "text", "--summit", "geneva-2026"},
			want: []string{"Geneva ceasefire talks", "Stubb", "Sikorski"}},
		{name: "digest of the whole store is named for no one article", args: []string{"digest", "--format", "text", "--since", "yesterday"},
			want: []string{"Summit digest\n=", "Stubb", "Sikorski"}},
		{name: "digest of nothing", args: []string{"digest", "--summit", "elsewhere"}, wantErr: true,
			want: []string{"the store holds no article in summit elsewhere: summit \"elsewhere\" is not in the configuration, which has geneva-2026"}},
		{name: "digest of nothing since", args: []string{"digest", "--summit", "geneva-2026", "--since", "2999-01-01"}, wantErr: true,
			want: []string{"in the future"}},
		{name: "digest with a bad --since", args: []string{"digest", "--since", "last week"}, wantErr: true,
			want: []string{`--since "last week"`, "yesterday", "2025-09-04 16:00"}},
		{name: "forget a file", args: []string{"forget", "testdata/store/other-outlet.txt"},
			want: []string{"forgot ", "(2 quotes)"}},
		{name: "forget it again", args: []string{"forget", "testdata/store/other-outlet.txt"}, wantErr: true,
			want: []string{`no stored article is "testdata/store/other-outlet.txt"`}},
		{name: "forget by URL", args: []string{"forget", liveURL},
			want: []string{"forgot ", "(3 quotes)"}},
		{name: "who-said after forget", args: []string{"who-said", "Stubb"}, wantErr: true,
			want: []string{"Stubb is known but has no stored quote"}},
		{name: "ingest under a slug with a slip", args: []string{"ingest", "testdata/store/other-outlet.txt", "--summit", "geneva-2062"},
			want:       []string{"stored ", "1 article stored"},
			wantStderr: []string{`bot: note: summit "geneva-2062" is not in the configuration, which has geneva-2026`}},
		{name: "ingest a minister reported, never quoted", args: []string{"ingest", "testdata/store/statements-only.txt"},
			want: []string{"stored ", "0 quotes"}},
		{name: "who-said of a slip of him names him and his statements", args: []string{"who-said", "Casis"}, wantErr: true,
			want: []string{"Ignazio Cassis is known but has no stored quote, only 2 statements in reported speech, which 'bot digest' shows"}},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		out, errOut, err := runBot(t, vars, st.args...)
		if st.wantErr {
			if err == nil {
				t.Errorf("%s: bot %s = nil error; want one\nstdout:\n%s", st.name, strings.Join(st.args, " "), out)
				continue
			}
			msg := err.Error()
			if errors.Is(err, errSilent) {
				msg = errOut
			}
			for _, w := range st.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: bot %s error = %q; want it to say %q", st.name, strings.Join(st.args, " "), msg, w)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: bot %s: %v\nstderr:\n%s", st.name, strings.Join(st.args, " "), err, errOut)
			continue
		}
		for _, w := range st.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: bot %s printed\n%s\nwant it to contain %q", st.name, strings.Join(st.args, " "), out, w)
			}
		}
		for _, w := range st.wantStderr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: bot %s printed on stderr\n%s\nwant it to contain %q", st.name, strings.Join(st.args, " "), errOut, w)
			}
		}
		for _, w := range st.notWant {
			if strings.Contains(out, w) {
				t.Errorf("%s: bot %s printed\n%s\nwant no %q", st.name, strings.Join(st.args, " "), out, w)
			}
		}
		if st.lines > 0 {
			if n := strings.Count(out, "\n"); n != st.lines {
				t.Errorf("%s: bot %s printed %d lines; want %d:\n%s", st.name, strings.Join(st.args, " "), n, st.lines, out)
			}
		}
	}
}

// TestStoreCommandFaults checks that a store that cannot be opened is
// reported with the database's name and the cause.
func TestStoreCommandFaults(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, []byte(strings.Repeat("garbage ", 1024)), 0o644); err != nil {
		t.Fatal(err)
	}
	whoSaid := []string{"who-said", "Stubb"}
	tests := []struct {
		name string
		db   string
		args []string
		want []string
	}{
		{"corrupt file", "sqlite:" + corrupt, whoSaid, []string{corrupt, "not a valid SQLite database"}},
		// Only ingest creates a store: the others say where they looked.
		{"no store yet", "sqlite:" + filepath.Join(dir, "none.db"), whoSaid, []string{"there is no store at " + filepath.Join(dir, "none.db") + " yet", "bot ingest SOURCE", "DATABASE_URL"}},
		{"no store yet to digest", "sqlite:" + filepath.Join(dir, "none.db"), []string{"digest", "--since", "1d"}, []string{"there is no store at"}},
		{"missing folder", "sqlite:" + filepath.Join(dir, "no", "such", "x.db"), []string{"ingest", "testdata/store/other-outlet.txt"}, []string{"no/such/x.db", "cannot open the file"}},
		{"unreachable postgres", "postgres://summit:s3cret@127.0.0.1:1/summit?connect_timeout=2", whoSaid, []string{"summit@127.0.0.1:1/summit", "cannot reach the database"}},
	}
	for _, tt := range tests {
		_, _, err := runBot(t, map[string]string{"DATABASE_URL": tt.db}, tt.args...)
		if err == nil {
			t.Errorf("%s: bot %s = nil error", tt.name, strings.Join(tt.args, " "))
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: bot %s error = %q; want it to say %q", tt.name, strings.Join(tt.args, " "), err, w)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
			t.Errorf("%s: bot %s created the database it did not find", tt.name, strings.Join(tt.args, " "))
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: bot %s error = %q shows the password", tt.name, strings.Join(tt.args, " "), err)
		}
	}
}
