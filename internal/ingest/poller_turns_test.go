package ingest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// TestPollerTakesTurnsWithManyNewItems checks that a feed with more new
// items than one poll fetches does not hold up the other feeds: it gets
// maxItemsPerPoll, the next feed its turn, and the rest come at its next
// turn, which is at once, from a full fetch of the feed (a 304 would hide
// them).
func TestPollerTakesTurnsWithManyNewItems(t *testing.T) {
	clock := newFakeClock()
	busy := newSite(t, clock)
	quiet := newSite(t, clock)
	n := maxItemsPerPoll + 5
	var items, want []string
	busy.set(func(s *site) {
		for i := range n {
			title := fmt.Sprintf("Story %02d", i)
			s.pages[fmt.Sprintf("/s%d", i)] = htmlPage(title, "A story about the summit.")
			// Feeds list the newest first.
			items = slices.Insert(items, 0, fmt.Sprintf("/s%d|%s|", i, title))
			want = append(want, title)
		}
		s.feed = rss(items...)
	})
	quiet.set(func(s *site) {
		s.pages["/q"] = htmlPage("Quiet story", "A story about the summit.")
		s.feed = rss("/q|Quiet story|")
	})
	var c collector
	feeds := []Feed{{URL: busy.srv + "/feed"}, {URL: quiet.srv + "/feed"}}
	p := newTestPoller(t, clock, feeds, c.sink, PollerOptions{})
	ctx := context.Background()

	p.PollDue(ctx)
	wantFirst := append(slices.Clone(want[:maxItemsPerPoll]), "Quiet story")
	if got := c.take(); !slices.Equal(got, wantFirst) {
		t.Fatalf("first round ingested %q; want the %d oldest of the busy feed, then the quiet feed's", got, maxItemsPerPoll)
	}
	st := p.Status()
	if st[0].Ingested != maxItemsPerPoll || !st[0].NextPoll.Equal(st[0].LastPoll) {
		t.Errorf("busy feed status = %+v; want %d ingested and its next poll at once", st[0], maxItemsPerPoll)
	}
	if st[1].NextPoll.Sub(st[1].LastPoll) != 10*time.Minute {
		t.Errorf("quiet feed status = %+v; want its next poll an interval away", st[1])
	}
	busy.takeHits()
	quiet.takeHits()

	p.PollDue(ctx)
	if got := c.take(); !slices.Equal(got, want[maxItemsPerPoll:]) {
		t.Errorf("second round ingested %q; want %q", got, want[maxItemsPerPoll:])
	}
	if got := busy.takeHits(); len(got) == 0 || got[0] != "/feed" {
		t.Errorf("second round requested %q from the busy feed; want the feed fetched whole first", got)
	}
	if got := quiet.takeHits(); len(got) != 0 {
		t.Errorf("second round requested %q from the quiet feed, which was not due", got)
	}
	if st := p.Status()[0]; st.NextPoll.Sub(st.LastPoll) != 10*time.Minute {
		t.Errorf("busy feed status after its last items = %+v; want its next poll an interval away", st)
	}

	// Everything handled: the validators are kept now, and answered 304.
	clock.Advance(10 * time.Minute)
	p.PollDue(ctx)
	if got := busy.takeHits(); !slices.Equal(got, []string{"/feed 304"}) {
		t.Errorf("third round requested %q; want one 304", got)
	}
}

// syncBuffer is a log destination that tests read while pollers write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPollerRecoversFromAPanic checks that an item whose reading panics
// (a parser tripped by a hostile page, a bug further down) costs that item
// only: the others land, the feed stays healthy, and the panic is logged
// with its stack.
func TestPollerRecoversFromAPanic(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		for _, p := range []string{"One", "Two", "Three"} {
			s.pages["/"+strings.ToLower(p)] = htmlPage(p, "A story about the summit.")
		}
		s.feed = rss("/three|Three|", "/two|Two|", "/one|One|")
	})
	var c collector
	sink := func(ctx context.Context, a digest.Article) error {
		if a.Title == "Two" {
			var words []string
			_ = words[len(a.Title)] // a real runtime panic: index out of range
		}
		return c.sink(ctx, a)
	}
	var logs syncBuffer
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, sink,
		PollerOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	p.PollDue(context.Background())

	if got, want := c.take(), []string{"One", "Three"}; !slices.Equal(got, want) {
		t.Errorf("ingested %q; want %q", got, want)
	}
	st := p.Status()[0]
	wantErr := s.srv + "/two?utm_source=rss: reading it failed unexpectedly"
	if st.LastError != "" || st.ItemErrors != 1 || st.LastItemError != wantErr {
		t.Errorf("status = %+v; want the feed fine and one item error %q", st, wantErr)
	}
	if out := logs.String(); !strings.Contains(out, "recovered from a panic") || !strings.Contains(out, "index out of range") ||
		!strings.Contains(out, "poller_turns_test.go") {
		t.Errorf("log does not show the panic with its stack:\n%s", out)
	}
}

// TestPollerForgetsIdleHosts checks that the hosts the feeds' articles
// came from are forgotten once not fetched from for a day, so that a
// poller's memory does not grow with every host it ever met.
func TestPollerForgetsIdleHosts(t *testing.T) {
	clock := newFakeClock()
	feedSite := newSite(t, clock)
	other := newSite(t, clock)
	other.set(func(s *site) { s.pages["/elsewhere"] = htmlPage("Elsewhere", "A story about the summit.") })
	feedSite.set(func(s *site) {
		s.feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>` +
			`<item><title>Elsewhere</title><link>` + other.srv + `/elsewhere</link></item></channel></rss>`
	})
	var c collector
	p := newTestPoller(t, clock, []Feed{{URL: feedSite.srv + "/feed"}}, c.sink, PollerOptions{})
	ctx := context.Background()
	p.PollDue(ctx)
	if got := c.take(); !slices.Equal(got, []string{"Elsewhere"}) {
		t.Fatalf("ingested %q; want the article from the other host", got)
	}
	if len(p.hosts) != 2 {
		t.Fatalf("the poller knows %d hosts; want 2", len(p.hosts))
	}
	for range 3 {
		clock.Advance(12 * time.Hour)
		p.PollDue(ctx)
	}
	otherKey := "http://" + strings.TrimPrefix(other.srv, "http://")
	if _, ok := p.hosts[otherKey]; ok || len(p.hosts) != 1 {
		t.Errorf("after a day and a half the poller still knows %d hosts (%s among them: %v); want only the feed's", len(p.hosts), otherKey, ok)
	}
}

// TestPollerEndlessFeeds checks that a feed that never ends, fast or slow,
// fails on the size cap or the fetch timeout, and that the feeds after it
// are still polled.
func TestPollerEndlessFeeds(t *testing.T) {
	clock := newFakeClock()
	good := newSite(t, clock)
	good.set(func(s *site) {
		s.pages["/g"] = htmlPage("Good one", "A story about the summit.")
		s.feed = rss("/g|Good one|")
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /flood", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
		chunk := []byte(strings.Repeat("more ", 1024))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("GET /drip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		for r.Context().Err() == nil {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			waitOrDone(r, 20*time.Millisecond)
		}
	})
	bad := newTestServer(t, mux)
	opts := testOptions()
	opts.MaxBytes = 256 << 10
	opts.FetchTimeout = 300 * time.Millisecond
	var c collector
	feeds := []Feed{{URL: bad.URL + "/flood"}, {URL: bad.URL + "/drip"}, {URL: good.srv + "/feed"}}
	p := NewPoller(NewReader(opts), feeds, c.sink, PollerOptions{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	p.PollDue(context.Background())

	st := p.Status()
	if want := bad.URL + "/flood: the feed is larger than the 256 KB limit"; st[0].LastError != want {
		t.Errorf("endless feed: LastError = %q; want %q", st[0].LastError, want)
	}
	if want := bad.URL + "/drip: the server did not send the feed within 300ms"; st[1].LastError != want {
		t.Errorf("dripping feed: LastError = %q; want %q", st[1].LastError, want)
	}
	if got := c.take(); !slices.Equal(got, []string{"Good one"}) {
		t.Errorf("ingested %q; want the good feed's item after the endless ones", got)
	}
}
