package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// utc parses an RFC 3339 instant for test tables.
func utc(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("time.Parse(%q): %v", s, err)
	}
	return t
}

// fires lists every fire time in (from, to], as RFC 3339 in UTC.
func fires(tb testing.TB, s *Spec, from, to time.Time) []string {
	tb.Helper()
	var out []string
	for t := s.Next(from); !t.IsZero() && !t.After(to); t = s.Next(t) {
		if len(out) > 10000 {
			tb.Fatalf("%s: more than 10000 fires between %v and %v", s, from, to)
		}
		out = append(out, t.UTC().Format(time.RFC3339))
	}
	return out
}

func TestSpecNextDST(t *testing.T) {
	tests := []struct {
		name     string
		expr, tz string
		from, to string
		want     []string
	}{
		{
			// 02:30 does not exist on 2026-03-29 in Paris: it fires once, at 03:00 CEST.
			name: "paris spring gap fires once at the next valid minute",
			expr: "30 2 * * *", tz: "Europe/Paris",
			from: "2026-03-27T12:00:00Z", to: "2026-03-30T12:00:00Z",
			want: []string{"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		},
		{
			// 02:30 happens twice on 2026-10-25 in Paris: it fires at the first (CEST) only.
			name: "paris autumn repeat fires once",
			expr: "30 2 * * *", tz: "Europe/Paris",
			from: "2026-10-23T12:00:00Z", to: "2026-10-26T12:00:00Z",
			want: []string{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		},
		{
			name: "paris autumn repeat from inside the second pass does not fire again",
			expr: "30 2 * * *", tz: "Europe/Paris",
			from: "2026-10-25T01:10:00Z", to: "2026-10-26T12:00:00Z",
			want: []string{"2026-10-26T01:30:00Z"},
		},
		{
			name: "paris autumn repeat between the two passes does not fire again",
			expr: "30 2 * * *", tz: "Europe/Paris",
			from: "2026-10-25T00:45:00Z", to: "2026-10-26T00:00:00Z",
			want: nil,
		},
		{
			name: "several slots in the spring gap fire once together",
			expr: "*/15 2 * * *", tz: "Europe/Paris",
			from: "2026-03-28T23:00:00Z", to: "2026-03-30T01:00:00Z",
			want: []string{"2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z", "2026-03-30T00:15:00Z", "2026-03-30T00:30:00Z", "2026-03-30T00:45:00Z"},
		},
		{
			name: "a gap slot and the slot at its end fire once",
			expr: "0 2,3 * * *", tz: "Europe/Paris",
			from: "2026-03-28T23:00:00Z", to: "2026-03-29T12:00:00Z",
			want: []string{"2026-03-29T01:00:00Z"},
		},
		{
			name: "hourly across the autumn repeat fires each wall-clock hour once",
			expr: "0 * * * *", tz: "Europe/Paris",
			from: "2026-10-24T23:30:00Z", to: "2026-10-25T03:00:00Z",
			want: []string{"2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"},
		},
		{
			name: "new york spring gap",
			expr: "30 2 * * *", tz: "America/New_York",
			from: "2026-03-07T12:00:00Z", to: "2026-03-08T23:00:00Z",
			want: []string{"2026-03-08T07:00:00Z"},
		},
		{
			name: "new york autumn repeat",
			expr: "30 1 * * *", tz: "America/New_York",
			from: "2026-10-31T12:00:00Z", to: "2026-11-01T23:00:00Z",
			want: []string{"2026-11-01T05:30:00Z"},
		},
		{
			// Lord Howe Island moves its clocks by thirty minutes.
			name: "lord howe half-hour spring gap",
			expr: "15 2 * * *", tz: "Australia/Lord_Howe",
			from: "2026-10-03T00:00:00Z", to: "2026-10-04T00:00:00Z",
			want: []string{"2026-10-03T15:30:00Z"},
		},
		{
			name: "lord howe half-hour autumn repeat",
			expr: "45 1 * * *", tz: "Australia/Lord_Howe",
			from: "2026-04-04T00:00:00Z", to: "2026-04-05T00:00:00Z",
			want: []string{"2026-04-04T14:45:00Z"},
		},
		{
			name: "zone without DST",
			expr: "0 8 * * *", tz: "Asia/Kolkata",
			from: "2026-03-28T00:00:00Z", to: "2026-03-30T00:00:00Z",
			want: []string{"2026-03-28T02:30:00Z", "2026-03-29T02:30:00Z"},
		},
		{
			name: "daily descriptor in the zone",
			expr: "@daily", tz: "Europe/Paris",
			from: "2026-03-28T00:00:00Z", to: "2026-03-30T00:00:00Z",
			want: []string{"2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"},
		},
		{
			name: "day of month or day of week",
			expr: "0 9 1 * 1", tz: "UTC",
			from: "2026-05-29T00:00:00Z", to: "2026-06-09T00:00:00Z",
			want: []string{"2026-06-01T09:00:00Z", "2026-06-08T09:00:00Z"},
		},
		{
			name: "weekdays only",
			expr: "0 8 * * 1-5", tz: "UTC",
			from: "2026-06-05T09:00:00Z", to: "2026-06-09T00:00:00Z",
			want: []string{"2026-06-08T08:00:00Z"},
		},
		{
			name: "29 february waits for the leap year",
			expr: "0 0 29 2 *", tz: "UTC",
			from: "2026-03-01T00:00:00Z", to: "2029-01-01T00:00:00Z",
			want: []string{"2028-02-29T00:00:00Z"},
		},
		{
			name: "every aligns to the epoch, not to the start",
			expr: "@every 30m", tz: "Europe/Paris",
			from: "2026-06-01T10:07:13Z", to: "2026-06-01T11:00:00Z",
			want: []string{"2026-06-01T10:30:00Z", "2026-06-01T11:00:00Z"},
		},
		{
			name: "every ignores DST",
			expr: "@every 1h", tz: "Europe/Paris",
			from: "2026-10-24T23:30:00Z", to: "2026-10-25T02:00:00Z",
			want: []string{"2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"},
		},
		{
			// 10:00:00 is Unix 1780308000, 2 past a multiple of 7.
			name: "every with an interval that does not divide a minute",
			expr: "@every 7s", tz: "UTC",
			from: "2026-06-01T10:00:00Z", to: "2026-06-01T10:00:14Z",
			want: []string{"2026-06-01T10:00:05Z", "2026-06-01T10:00:12Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.expr, tt.tz)
			if err != nil {
				t.Fatalf("Parse(%q, %q): %v", tt.expr, tt.tz, err)
			}
			got := fires(t, s, utc(t, tt.from), utc(t, tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fires of %q in %s from %s to %s (-want +got):\n%s", tt.expr, tt.tz, tt.from, tt.to, diff)
			}
		})
	}
}

// TestSpecNextAgreesWithCronAwayFromDST checks that outside offset changes
// the DST-aware walk gives the same answers as plain wall-clock arithmetic.
func TestSpecNextAgreesWithCronAwayFromDST(t *testing.T) {
	exprs := []string{"0 8 * * *", "*/5 * * * *", "30 17 * * 1-5", "0 0 1 */2 *", "@hourly", "@weekly", "@monthly"}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, expr := range exprs {
		s, err := Parse(expr, "Europe/Paris")
		if err != nil {
			t.Fatalf("Parse(%q): %v", expr, err)
		}
		from := time.Date(2026, 5, 3, 10, 17, 42, 0, paris)
		want := wallClockNext(t, expr, from, paris)
		if got := s.Next(from); !got.Equal(want) {
			t.Errorf("Parse(%q).Next(%v) = %v; want %v", expr, from, got, want)
		}
	}
}

// wallClockNext finds the next match by brute force over wall-clock minutes,
// valid on days without an offset change.
func wallClockNext(tb testing.TB, expr string, from time.Time, loc *time.Location) time.Time {
	tb.Helper()
	s, err := Parse(expr, loc.String())
	if err != nil {
		tb.Fatal(err)
	}
	c := from.Truncate(time.Minute).Add(time.Minute)
	for range 60 * 24 * 62 {
		if s.dayMatches(civilOf(c)) && s.cron.Hour&(1<<uint(c.Hour())) != 0 && s.cron.Minute&(1<<uint(c.Minute())) != 0 {
			return c
		}
		c = c.Add(time.Minute)
	}
	tb.Fatalf("no match for %q within 62 days of %v", expr, from)
	return time.Time{}
}

func TestSpecNextN(t *testing.T) {
	s, err := Parse("0 8 * * *", "Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	from := utc(t, "2026-03-28T07:00:00Z") // 08:00 CET: the slot itself is not "next"
	var got []string
	for _, n := range s.NextN(from, 3) {
		got = append(got, n.Format(time.RFC3339))
	}
	want := []string{"2026-03-29T08:00:00+02:00", "2026-03-30T08:00:00+02:00", "2026-03-31T08:00:00+02:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NextN(%v, 3) (-want +got):\n%s", from, diff)
	}
}

func TestSpecPrev(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		at       string
		window   time.Duration
		want     string // "" for none
		wantNone bool
	}{
		{name: "daily slot two hours ago", expr: "0 8 * * *", at: "2026-06-01T10:00:00Z", window: 6 * time.Hour, want: "2026-06-01T08:00:00Z"},
		{name: "daily slot older than the window", expr: "0 8 * * *", at: "2026-06-01T15:00:00Z", window: 6 * time.Hour, wantNone: true},
		{name: "slot exactly now", expr: "0 8 * * *", at: "2026-06-01T08:00:00Z", window: 6 * time.Hour, want: "2026-06-01T08:00:00Z"},
		{name: "only the latest of many slots", expr: "*/10 * * * *", at: "2026-06-01T10:25:00Z", window: 6 * time.Hour, want: "2026-06-01T10:20:00Z"},
		{name: "every, latest slot", expr: "@every 30m", at: "2026-06-01T10:25:00Z", window: time.Hour, want: "2026-06-01T10:00:00Z"},
		{name: "every, window too short", expr: "@every 6h", at: "2026-06-01T10:25:00Z", window: time.Hour, wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.expr, "UTC")
			if err != nil {
				t.Fatal(err)
			}
			got, ok := s.Prev(utc(t, tt.at), tt.window)
			if tt.wantNone {
				if ok {
					t.Errorf("Prev(%s, %s) = %v; want none", tt.at, tt.window, got)
				}
				return
			}
			if !ok || !got.Equal(utc(t, tt.want)) {
				t.Errorf("Prev(%s, %s) = %v, %v; want %s", tt.at, tt.window, got, ok, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, expr, tz string
		slack          bool
		wantMsg        string // a fragment of the error
	}{
		{name: "empty", expr: "  ", wantMsg: "empty"},
		{name: "six fields", expr: "0 0 8 * * *", wantMsg: "five-field"},
		{name: "out of range", expr: "61 8 * * *", wantMsg: "five-field"},
		{name: "unknown descriptor", expr: "@fortnightly", wantMsg: "five-field"},
		{name: "bad zone", expr: "@daily", tz: "Mars/Olympus_Mons", wantMsg: "unknown time zone"},
		{name: "local zone", expr: "@daily", tz: "Local", wantMsg: "unknown time zone"},
		{name: "tz prefix", expr: "CRON_TZ=UTC 0 8 * * *", wantMsg: "TZ= prefix"},
		{name: "bare tz prefix", expr: "TZ=UTC", wantMsg: "TZ= prefix"},
		{name: "never fires", expr: "0 0 30 2 *", wantMsg: "never fires"},
		{name: "every not a duration", expr: "@every soon", wantMsg: "not a duration"},
		{name: "every under a second", expr: "@every 500ms", wantMsg: "whole number of seconds"},
		{name: "every fraction of a second", expr: "@every 1500ms", wantMsg: "whole number of seconds"},
		{name: "slack refuses seconds", expr: "@every 30s", slack: true, wantMsg: "under 1m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := Parse
			if tt.slack {
				parse = ParseForSlack
			}
			s, err := parse(tt.expr, tt.tz)
			if err == nil {
				t.Fatalf("Parse(%q, %q) = %v; want an error", tt.expr, tt.tz, s)
			}
			var se *SpecError
			if !errors.As(err, &se) {
				t.Errorf("Parse(%q, %q) error %T is not a *SpecError", tt.expr, tt.tz, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Parse(%q, %q) error = %q; want it to mention %q", tt.expr, tt.tz, err, tt.wantMsg)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		expr, tz string
		slack    bool
		want     string
	}{
		{expr: "0  8 * *   *", tz: "Europe/Paris", want: "0 8 * * *"},
		{expr: "@every 2s", want: "@every 2s"},
		{expr: "@every 1m", slack: true, want: "@every 1m"},
		{expr: "* * * * *", slack: true, want: "* * * * *"},
		{expr: "0 8 * * mon-fri", tz: "America/New_York", slack: true, want: "0 8 * * mon-fri"},
		{expr: "@weekly", tz: "UTC", slack: true, want: "@weekly"},
	}
	for _, tt := range tests {
		parse := Parse
		if tt.slack {
			parse = ParseForSlack
		}
		s, err := parse(tt.expr, tt.tz)
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tt.expr, tt.tz, err)
			continue
		}
		if s.String() != tt.want {
			t.Errorf("Parse(%q, %q).String() = %q; want %q", tt.expr, tt.tz, s, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0 8 * * *", "@every 30m", "@daily", "TZ=", "*/0 * * * *", "1-0 * * * *", "0 0 31 2 *"} {
		f.Add(s)
	}
	from := time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := Parse(expr, "Europe/Paris")
		if err != nil {
			return
		}
		// Whatever parses must move strictly forward.
		prev := from
		for _, n := range s.NextN(from, 5) {
			if !n.After(prev) {
				t.Fatalf("Parse(%q).NextN: %v does not follow %v", expr, n, prev)
			}
			prev = n
		}
	})
}

// BenchmarkSpecNext measures Next, which cron calls after every run and
// /summit schedule calls three times per listed schedule. A rare spec
// (29 February) walks the most days.
func BenchmarkSpecNext(b *testing.B) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, expr := range []string{"0 8 * * *", "*/5 * * * *", "0 0 29 2 *", "@every 6h"} {
		s, err := Parse(expr, "Europe/Paris")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(expr, func(b *testing.B) {
			for b.Loop() {
				s.Next(from)
			}
		})
	}
}

// TestSpecPrevAcrossDST pins the slot a run claims around Paris's DST
// changes for a 02:30 digest. fire and catch-up both name the slot with
// Prev, and the store allows one claim per slot, so every run of one
// day, whenever in the day it happens, must name the same instant.
func TestSpecPrevAcrossDST(t *testing.T) {
	s, err := Parse("30 2 * * *", "Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, at, want string
	}{
		{"spring: cron fires at the gap's end, 03:00 CEST", "2026-03-29T01:00:01Z", "2026-03-29T01:00:00Z"},
		{"spring: a restart later that morning", "2026-03-29T05:00:00Z", "2026-03-29T01:00:00Z"},
		{"autumn: cron fires at the first 02:30, CEST", "2026-10-25T00:30:01Z", "2026-10-25T00:30:00Z"},
		{"autumn: the second 02:30, CET", "2026-10-25T01:30:01Z", "2026-10-25T00:30:00Z"},
		{"autumn: a restart in the repeated hour", "2026-10-25T01:45:00Z", "2026-10-25T00:30:00Z"},
		{"autumn: a restart later that morning", "2026-10-25T06:00:00Z", "2026-10-25T00:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Prev(utc(t, tt.at), DefaultCatchUp)
			if !ok || !got.Equal(utc(t, tt.want)) {
				t.Errorf("Prev(%s, %s) = %v, %v; want %s", tt.at, DefaultCatchUp, got.UTC(), ok, tt.want)
			}
		})
	}
}
