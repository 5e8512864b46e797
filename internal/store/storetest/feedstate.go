package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/summit-digest/summit-digest/internal/store"
)

// feedStates returns s's store.FeedStates; every store must keep them.
func feedStates(tb testing.TB, s store.Store) store.FeedStates {
	tb.Helper()
	fs, ok := s.(store.FeedStates)
	if !ok {
		tb.Fatalf("%T does not implement store.FeedStates", s)
	}
	return fs
}

const (
	feedA = "https://news.example/world/rss.xml"
	feedB = "https://other.example/feed.atom"
)

// testFeedStates saves, replaces and reads back feed states, from two
// handles as a restarted process would.
func testFeedStates(t *testing.T, h NewDB) {
	clk := newClock()
	open := h(t).Open
	a, b := feedStates(t, open(t, clk.Now)), feedStates(t, open(t, clk.Now))
	if _, err := a.FeedState(ctx, feedA); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("FeedState(%s) before any save: err = %v; want ErrNotFound", feedA, err)
	}
	// Times keep their instant, not their zone: the poller only compares them.
	t0 := time.Date(2025, 9, 4, 10, 9, 0, 123456789, time.UTC)
	steps := []struct {
		name string
		feed string
		save store.FeedState
	}{
		{"first poll", feedA, store.FeedState{
			ETag: `"v1"`, LastModified: "Thu, 04 Sep 2025 10:09:00 GMT",
			Seen:     map[string]time.Time{"https://news.example/paris": t0, "tag:news.example,2025:42": t0.Add(time.Minute)},
			Attempts: map[string]int{"https://news.example/broken": 2},
			NextPoll: t0.Add(15 * time.Minute),
		}},
		{"another feed", feedB, store.FeedState{ETag: `W/"b"`, Seen: map[string]time.Time{"https://other.example/1": t0}}},
		{"replaced: an item forgotten, one new, validators changed", feedA, store.FeedState{
			ETag:     `"v2"`,
			Seen:     map[string]time.Time{"https://news.example/paris": t0, "https://news.example/berlin": t0.Add(time.Hour)},
			NextPoll: t0.Add(time.Hour + 15*time.Minute),
		}},
		{"failing: backoff kept", feedB, store.FeedState{ETag: `W/"b"`, Seen: map[string]time.Time{"https://other.example/1": t0},
			Failures: 3, NextPoll: t0.Add(2 * time.Hour)}},
	}
	want := map[string]store.FeedState{}
	for _, st := range steps {
		if err := a.SaveFeedState(ctx, st.feed, st.save); err != nil {
			t.Fatalf("%s: SaveFeedState(%s): %v", st.name, st.feed, err)
		}
		want[st.feed] = st.save
		for _, feed := range []string{feedA, feedB} {
			w, ok := want[feed]
			got, err := b.FeedState(ctx, feed)
			if !ok {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: FeedState(%s) never saved: err = %v; want ErrNotFound", st.name, feed, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: FeedState(%s): %v", st.name, feed, err)
			}
			if diff := cmp.Diff(w, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s: FeedState(%s) from another handle (-want +got):\n%s", st.name, feed, diff)
			}
		}
	}
}

// testFeedStateBounds saves states past the bounds: what is read back is
// cut to them, oldest seen items first, so a feed's row cannot grow
// without end.
func testFeedStateBounds(t *testing.T, h NewDB) {
	s := feedStates(t, h(t).Open(t, nil))
	t0 := time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)
	item := func(i int) string { return fmt.Sprintf("https://news.example/item/%05d", i) }
	long := "https://news.example/" + strings.Repeat("x", store.MaxFeedKey)
	tests := []struct {
		name string
		save store.FeedState
		want store.FeedState
	}{
		{
			name: "too many seen items: the oldest dropped",
			save: func() store.FeedState {
				st := store.FeedState{ETag: `"e"`, Seen: map[string]time.Time{}}
				// Item i was first seen i minutes in; the first ten are the oldest.
				for i := range store.MaxFeedSeen + 10 {
					st.Seen[item(i)] = t0.Add(time.Duration(i) * time.Minute)
				}
				return st
			}(),
			want: func() store.FeedState {
				st := store.FeedState{ETag: `"e"`, Seen: map[string]time.Time{}}
				for i := 10; i < store.MaxFeedSeen+10; i++ {
					st.Seen[item(i)] = t0.Add(time.Duration(i) * time.Minute)
				}
				return st
			}(),
		},
		{
			name: "too many items being retried",
			save: func() store.FeedState {
				st := store.FeedState{Attempts: map[string]int{}}
				for i := range store.MaxFeedAttempts * 2 {
					st.Attempts[item(i)] = 1
				}
				return st
			}(),
			want: func() store.FeedState {
				st := store.FeedState{Attempts: map[string]int{}}
				for i := range store.MaxFeedAttempts {
					st.Attempts[item(i)] = 1
				}
				return st
			}(),
		},
		{
			name: "overlong keys and validators dropped, the rest kept",
			save: store.FeedState{ETag: long, LastModified: "Thu, 04 Sep 2025 10:09:00 GMT",
				Seen:     map[string]time.Time{long: t0, item(1): t0},
				Attempts: map[string]int{long: 1, item(2): 1}},
			want: store.FeedState{LastModified: "Thu, 04 Sep 2025 10:09:00 GMT",
				Seen: map[string]time.Time{item(1): t0}, Attempts: map[string]int{item(2): 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SaveFeedState(ctx, feedA, tt.save); err != nil {
				t.Fatalf("SaveFeedState: %v", err)
			}
			got, err := s.FeedState(ctx, feedA)
			if err != nil {
				t.Fatalf("FeedState: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FeedState after saving %d seen items, %d attempts (-want +got):\n%s", len(tt.save.Seen), len(tt.save.Attempts), diff)
			}
		})
	}
}
