package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// fakeClock is a Clock whose time moves only when the poller waits: After
// advances it by the wait and fires at once, so tests never sleep.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2031, 5, 12, 8, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// site is a test web site: a feed whose body can change, article pages,
// and a log of the requests it saw.
type site struct {
	t     testing.TB
	mu    sync.Mutex
	feed  string // the feed's body; its ETag is derived from it
	ctype string
	fail  int  // status the feed answers with, 0 for success
	noCGI bool // ignore validators (a server without conditional GET)
	pages map[string]string
	hits  []string
	robot string
	times []time.Time
	clock Clock
	srv   string
}

func newSite(tb testing.TB, clock Clock) *site {
	s := &site{t: tb, pages: map[string]string{}, ctype: "application/rss+xml", clock: clock}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.robot == "" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(s.robot))
	})
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.fail != 0 {
			http.Error(w, "down", s.fail)
			return
		}
		etag := fmt.Sprintf(`"%x"`, digest.TextHash(s.feed)[:12])
		if !s.noCGI && r.Header.Get("If-None-Match") == etag {
			s.hits[len(s.hits)-1] += " 304"
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", s.ctype)
		w.Write([]byte(strings.ReplaceAll(s.feed, "{{srv}}", s.srv)))
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		s.mu.Lock()
		body, ok := s.pages[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	})
	s.srv = newTestServer(tb, mux).URL
	return s
}

func (s *site) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits = append(s.hits, r.URL.Path)
	s.times = append(s.times, s.clock.Now())
}

func (s *site) set(f func(s *site)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// takeHits returns the requests seen since the last call.
func (s *site) takeHits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = nil
	return h
}

// htmlPage is an article page.
func htmlPage(title, body string) string {
	return fmt.Sprintf(`<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`, title, title, body)
}

// rss is an RSS 2.0 feed of items, each given as "path|title|description".
func rss(items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Ledger</title><link>{{srv}}/</link><description>News</description>`)
	for _, it := range items {
		f := strings.SplitN(it, "|", 3)
		fmt.Fprintf(&b, `<item><title>%s</title><link>{{srv}}%s?utm_source=rss</link><guid>{{srv}}%s</guid><description>%s</description><pubDate>Mon, 12 May 2031 09:00:00 +0000</pubDate></item>`, f[1], f[0], f[0], f[2])
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// collector is a Sink that keeps what it is given, optionally failing for some sources.
type collector struct {
	mu       sync.Mutex
	got      []digest.Article
	failWhen func(digest.Article) error
	notify   chan struct{}
}

func (c *collector) sink(ctx context.Context, a digest.Article) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failWhen != nil {
		if err := c.failWhen(a); err != nil {
			return err
		}
	}
	c.got = append(c.got, a)
	if c.notify != nil {
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}
	return nil
}

// take returns the titles received since the last call.
func (c *collector) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var titles []string
	for _, a := range c.got {
		titles = append(titles, a.Title)
	}
	c.got = nil
	return titles
}

func newTestPoller(tb testing.TB, clock Clock, feeds []Feed, sink Sink, opts PollerOptions) *Poller {
	tb.Helper()
	opts.Clock = clock
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Interval == 0 {
		opts.Interval = 10 * time.Minute
	}
	return NewPoller(NewReader(testOptions()), feeds, sink, opts)
}

func TestPollerFeedChangesAndConditionalGET(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/a1"] = htmlPage("Harbour deal signed", "The leaders signed the harbour deal in Northport.")
		s.pages["/a2"] = htmlPage("Cup final tonight", "The cup final kicks off at eight.")
		s.pages["/a3"] = htmlPage("Quota talks resume", "Talks on fishing quotas resumed at the summit.")
		s.pages["/a4"] = htmlPage("Weather", "Rain, then sun. The SUMMIT of the hill stays in cloud.")
		s.feed = rss("/a2|Cup final tonight|Football.", "/a1|Harbour deal signed|Leaders agree.")
	})
	var c collector
	feeds := []Feed{{URL: s.srv + "/feed", Summit: "northport-2031", Keywords: []string{"Harbour", "summit"}}}
	p := newTestPoller(t, clock, feeds, c.sink, PollerOptions{})
	ctx := context.Background()

	p.PollDue(ctx)
	if got, want := c.take(), []string{"Harbour deal signed"}; !slices.Equal(got, want) {
		t.Errorf("first poll ingested %q; want %q", got, want)
	}
	st := p.Status()[0]
	if st.Items != 2 || st.Ingested != 1 || st.Skipped != 1 || st.LastError != "" || !st.LastSuccess.Equal(clock.Now()) {
		t.Errorf("status after first poll = %+v; want 2 items, 1 ingested, 1 skipped, no error", st)
	}
	if got := s.takeHits(); !slices.Equal(got, []string{"/robots.txt", "/feed", "/a1", "/a2"}) {
		t.Errorf("first poll requested %q", got)
	}

	// Not yet due: nothing happens.
	clock.Advance(5 * time.Minute)
	p.PollDue(ctx)
	if got := s.takeHits(); len(got) != 0 {
		t.Errorf("poll before the interval requested %q", got)
	}

	// Due, unchanged: a conditional GET answered 304.
	clock.Advance(5 * time.Minute)
	p.PollDue(ctx)
	if got := s.takeHits(); !slices.Equal(got, []string{"/feed 304"}) {
		t.Errorf("unchanged poll requested %q; want one 304", got)
	}
	if got := c.take(); len(got) != 0 {
		t.Errorf("unchanged poll ingested %q", got)
	}

	// The feed changes: only the new matching item is fetched and ingested.
	s.set(func(s *site) {
		s.feed = rss("/a4|Weather|Rain.", "/a3|Quota talks resume|Fishing.", "/a2|Cup final tonight|Football.", "/a1|Harbour deal signed|Leaders agree.")
	})
	clock.Advance(10 * time.Minute)
	p.PollDue(ctx)
	if got, want := c.take(), []string{"Quota talks resume", "Weather"}; !slices.Equal(got, want) {
		t.Errorf("poll of the changed feed ingested %q; want %q", got, want)
	}
	if got := s.takeHits(); !slices.Equal(got, []string{"/feed", "/a3", "/a4"}) {
		t.Errorf("poll of the changed feed requested %q", got)
	}
	st = p.Status()[0]
	if st.Items != 4 || st.Ingested != 3 || st.Skipped != 1 {
		t.Errorf("status after the change = %+v; want 4 items, 3 ingested, 1 skipped", st)
	}
}

func TestPollerArticleFields(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/a1"] = `<html><body><p>The leaders signed the harbour deal in Northport on Monday after long talks.</p></body></html>`
		s.feed = rss("/a1|Harbour deal signed|Leaders agree.")
	})
	var c collector
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed", Summit: "northport-2031"}}, c.sink, PollerOptions{})
	p.PollDue(context.Background())
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.got) != 1 {
		t.Fatalf("ingested %d articles; want 1", len(c.got))
	}
	a := c.got[0]
	wantURL := s.srv + "/a1"
	if a.URL != wantURL || a.Source != wantURL || a.ID != digest.ArticleID(wantURL) {
		t.Errorf("article URL, Source, ID = %q, %q, %q; want the canonical %q", a.URL, a.Source, a.ID, wantURL)
	}
	if a.Summit != "northport-2031" || a.Title != "Harbour deal signed" {
		t.Errorf("article Summit, Title = %q, %q; want the feed's summit and the item's title", a.Summit, a.Title)
	}
	if want := time.Date(2031, 5, 12, 9, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("article Published = %v; want the item's %v", a.Published, want)
	}
}

func TestPollerDedupesAcrossFeeds(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/shared"] = htmlPage("Shared", "A story about the summit.")
		s.feed = rss("/shared|Shared|")
	})
	var c collector
	// One site, two feed URLs (a section feed and the main feed) that list the same story.
	feeds := []Feed{{URL: s.srv + "/feed"}, {URL: s.srv + "/feed?section=world"}}
	p := newTestPoller(t, clock, feeds, c.sink, PollerOptions{})
	p.PollDue(context.Background())
	if got := c.take(); !slices.Equal(got, []string{"Shared"}) {
		t.Errorf("ingested %q; want the shared story once", got)
	}
	if st := p.Status(); st[1].Duplicates != 1 || st[1].Ingested != 0 {
		t.Errorf("second feed status = %+v; want 1 duplicate", st[1])
	}
}

func TestPollerBrokenItems(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/b1"] = htmlPage("One", "First story about the summit.")
		s.pages["/b3"] = htmlPage("Three", "Third story about the summit.")
		s.pages["/b4"] = htmlPage("Four", "Fourth story about the summit.")
		// /b2 is missing: 404.
		s.feed = rss("/b4|Four|", "/b3|Three|", "/b2|Two|", "/b1|One|")
	})
	c := collector{failWhen: func(a digest.Article) error {
		if a.Title == "Three" {
			return errors.New("store is full")
		}
		return nil
	}}
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, c.sink, PollerOptions{})
	ctx := context.Background()
	p.PollDue(ctx)
	if got, want := c.take(), []string{"One", "Four"}; !slices.Equal(got, want) {
		t.Errorf("ingested %q; want %q (the broken items must not stop the others)", got, want)
	}
	st := p.Status()[0]
	if st.LastError != "" || st.ItemErrors != 2 || st.Ingested != 2 {
		t.Errorf("status = %+v; want the feed fine, 2 item errors, 2 ingested", st)
	}
	if !strings.Contains(st.LastItemError, "store is full") {
		t.Errorf("LastItemError = %q; want the sink's error", st.LastItemError)
	}

	// The failed items are tried again at the next polls (the feed is
	// fetched whole, not answered 304, while they wait), then given up.
	c.failWhen = nil
	s.set(func(s *site) { delete(s.pages, "/b3") })
	for range maxItemAttempts {
		clock.Advance(10 * time.Minute)
		p.PollDue(ctx)
	}
	s.takeHits()
	clock.Advance(10 * time.Minute)
	p.PollDue(ctx)
	if got := s.takeHits(); !slices.Equal(got, []string{"/feed 304"}) {
		t.Errorf("after giving up, the poll requested %q; want only a 304 feed", got)
	}
	if got := c.take(); len(got) != 0 {
		t.Errorf("ingested %q from items that keep failing", got)
	}
}

func TestPollerRobots(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.robot = "User-agent: *\nDisallow: /private/\n\nUser-agent: SummitDigest\nDisallow: /members/\n"
		s.pages["/private/p"] = htmlPage("Private", "A story about the summit.")
		s.pages["/members/m"] = htmlPage("Members", "A story about the summit.")
		s.pages["/public/q"] = htmlPage("Public", "A story about the summit.")
		s.feed = rss("/members/m|Members|", "/private/p|Private|", "/public/q|Public|")
	})
	var c collector
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, c.sink, PollerOptions{})
	p.PollDue(context.Background())
	// Our own group replaces the "*" group: /private/ is allowed to us.
	if got, want := c.take(), []string{"Public", "Private"}; !slices.Equal(got, want) {
		t.Errorf("ingested %q; want %q", got, want)
	}
	for _, h := range s.takeHits() {
		if strings.HasPrefix(h, "/members/") {
			t.Errorf("fetched %s, which robots.txt disallows", h)
		}
	}
	if st := p.Status()[0]; !strings.Contains(st.LastItemError, "robots.txt") {
		t.Errorf("LastItemError = %q; want robots.txt named", st.LastItemError)
	}

	// "Disallow: /" covers every URL of the host, the host's root with no
	// path (asked for as "/") included.
	for _, path := range []string{"/feed", "", "?format=rss"} {
		t.Run("feed itself disallowed at "+strconv.Quote(path), func(t *testing.T) {
			clock := newFakeClock()
			s := newSite(t, clock)
			s.set(func(s *site) { s.robot = "User-agent: *\nDisallow: /\n"; s.feed = rss() })
			p := newTestPoller(t, clock, []Feed{{URL: s.srv + path}}, (&collector{}).sink, PollerOptions{})
			p.PollDue(context.Background())
			st := p.Status()[0]
			if st.Failures != 1 || !strings.Contains(st.LastError, "robots.txt") {
				t.Errorf("status = %+v; want a failure naming robots.txt", st)
			}
			if got := s.takeHits(); !slices.Equal(got, []string{"/robots.txt"}) {
				t.Errorf("requested %q; want only robots.txt", got)
			}
		})
	}
}

func TestPollerRobotsUnreadable(t *testing.T) {
	clock := newFakeClock()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusServiceUnavailable)
	})
	srv := newTestServer(t, mux)
	p := newTestPoller(t, clock, []Feed{{URL: srv.URL + "/feed"}}, (&collector{}).sink, PollerOptions{})
	p.PollDue(context.Background())
	host := strings.TrimPrefix(srv.URL, "http://")
	want := srv.URL + "/feed: the robots.txt of " + host + " could not be read (the server answered 503 Service Unavailable), so nothing is fetched from the host for now"
	if st := p.Status()[0]; st.LastError != want {
		t.Errorf("LastError = %q; want %q", st.LastError, want)
	}
}

func TestPollerBlockedFeed(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	p := NewPoller(NewReader(Options{}), []Feed{{URL: s.srv + "/feed"}}, (&collector{}).sink,
		PollerOptions{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	p.PollDue(context.Background())
	st := p.Status()[0]
	if !strings.Contains(st.LastError, "the address 127.0.0.1 is a loopback address and fetching from it is not allowed") {
		t.Errorf("LastError = %q; want the blocked address named", st.LastError)
	}
	if got := s.takeHits(); len(got) != 0 {
		t.Errorf("a blocked host got requests %q", got)
	}
}

func TestPollerBacksOffFailingFeed(t *testing.T) {
	clock := newFakeClock()
	good := newSite(t, clock)
	bad := newSite(t, clock)
	good.set(func(s *site) {
		s.pages["/g1"] = htmlPage("Good one", "A story about the summit.")
		s.feed = rss("/g1|Good one|")
	})
	bad.set(func(s *site) { s.fail = http.StatusInternalServerError })
	var c collector
	feeds := []Feed{{URL: bad.srv + "/feed"}, {URL: good.srv + "/feed"}}
	p := newTestPoller(t, clock, feeds, c.sink, PollerOptions{Interval: 10 * time.Minute, MaxBackoff: 30 * time.Minute})
	ctx := context.Background()
	p.PollDue(ctx)
	if got := c.take(); !slices.Equal(got, []string{"Good one"}) {
		t.Errorf("ingested %q; want the good feed's item despite the failing feed", got)
	}
	st := p.Status()
	if st[0].Failures != 1 || !strings.Contains(st[0].LastError, "500 Internal Server Error") {
		t.Errorf("failing feed status = %+v; want 1 failure naming the 500", st[0])
	}
	if want := st[0].LastPoll.Add(20 * time.Minute); !st[0].NextPoll.Equal(want) {
		t.Errorf("failing feed NextPoll = %v; want %v (twice the interval)", st[0].NextPoll, want)
	}
	bad.takeHits()
	clock.Advance(10 * time.Minute)
	p.PollDue(ctx)
	if got := bad.takeHits(); len(got) != 0 {
		t.Errorf("the failing feed was polled again before its backoff ended: %q", got)
	}
	// The waits double up to MaxBackoff.
	for _, want := range []time.Duration{30 * time.Minute, 30 * time.Minute} {
		clock.Advance(p.Status()[0].NextPoll.Sub(clock.Now()))
		p.PollDue(ctx)
		if got := p.Status()[0].NextPoll.Sub(clock.Now()); got != want {
			t.Errorf("backoff after %d failures = %v; want %v", p.Status()[0].Failures, got, want)
		}
	}
	// Recovery resets the count.
	bad.set(func(s *site) { s.fail = 0; s.feed = rss() })
	clock.Advance(30 * time.Minute)
	p.PollDue(ctx)
	if st := p.Status()[0]; st.Failures != 0 || st.LastError != "" {
		t.Errorf("status after recovery = %+v; want no failures", st)
	}
}

func TestPollerWaitsBetweenRequestsToOneHost(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.robot = "User-agent: *\nCrawl-delay: 5\n"
		for i := range 3 {
			s.pages[fmt.Sprintf("/c%d", i)] = htmlPage(fmt.Sprintf("Story %d", i), "About the summit.")
		}
		s.feed = rss("/c2|Story 2|", "/c1|Story 1|", "/c0|Story 0|")
	})
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, (&collector{}).sink, PollerOptions{HostDelay: 2 * time.Second})
	p.PollDue(context.Background())
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.times) != 5 {
		t.Fatalf("requests = %q; want robots.txt, the feed and 3 items", s.hits)
	}
	for i := 1; i < len(s.times); i++ {
		// robots.txt's Crawl-delay (5 s) is longer than HostDelay and wins.
		if gap := s.times[i].Sub(s.times[i-1]); gap < 5*time.Second {
			t.Errorf("request %d (%s) came %v after the one before; want at least 5s", i, s.hits[i], gap)
		}
	}
}

func TestPollerFeedFormats(t *testing.T) {
	tests := []struct {
		name, ctype, body string
	}{
		{"atom", "application/atom+xml", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>urn:x</id><updated>2031-05-12T09:00:00Z</updated>` +
			`<entry><title>Atom story</title><id>urn:1</id><link href="{{srv}}/s"/><updated>2031-05-12T09:00:00Z</updated></entry></feed>`},
		{"json feed", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"Ledger","items":[{"id":"1","url":"{{srv}}/s","title":"JSON story"}]}`},
		{"rss labelled text/xml", "text/xml", rss("/s|RSS story|")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			s := newSite(t, clock)
			s.set(func(s *site) {
				s.ctype = tt.ctype
				s.feed = tt.body
				s.pages["/s"] = `<html><body><p>The summit opened in Northport with a long speech about the harbour.</p></body></html>`
			})
			var c collector
			p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, c.sink, PollerOptions{})
			p.PollDue(context.Background())
			if got := c.take(); len(got) != 1 {
				t.Errorf("ingested %q; want the feed's one item (status %+v)", got, p.Status()[0])
			}
		})
	}

	t.Run("not a feed", func(t *testing.T) {
		clock := newFakeClock()
		s := newSite(t, clock)
		s.set(func(s *site) { s.ctype = "text/html"; s.feed = "<html><body>Hello</body></html>" })
		p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, (&collector{}).sink, PollerOptions{})
		p.PollDue(context.Background())
		if st := p.Status()[0]; st.Failures != 1 || !strings.Contains(st.LastError, "not an RSS, Atom or JSON feed") {
			t.Errorf("status = %+v; want a failure saying it is not a feed", st)
		}
	})
}

// memoryState is a StateStore in memory, as a database-backed one would behave.
type memoryState struct {
	mu     sync.Mutex
	states map[string]FeedState
	saves  int
}

func (m *memoryState) LoadFeedState(_ context.Context, u string) (FeedState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return cloneState(m.states[u]), nil
}

func (m *memoryState) SaveFeedState(_ context.Context, u string, st FeedState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.states == nil {
		m.states = map[string]FeedState{}
	}
	m.states[u] = st
	m.saves++
	return nil
}

func TestPollerStateStore(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/d1"] = htmlPage("Saved", "A story about the summit.")
		s.feed = rss("/d1|Saved|")
	})
	var state memoryState
	var c collector
	feeds := []Feed{{URL: s.srv + "/feed"}}
	newTestPoller(t, clock, feeds, c.sink, PollerOptions{State: &state}).PollDue(context.Background())
	if got := c.take(); len(got) != 1 || state.saves != 1 {
		t.Fatalf("first poller ingested %q and saved %d times; want 1 and 1", got, state.saves)
	}
	if st := state.states[feeds[0].URL]; st.ETag == "" || len(st.Seen) != 1 {
		t.Errorf("saved state = %+v; want the ETag and one seen item", st)
	}
	s.takeHits()

	// A new poller (a restart) picks up where the first left off.
	s.set(func(s *site) { s.noCGI = true })
	newTestPoller(t, clock, feeds, c.sink, PollerOptions{State: &state}).PollDue(context.Background())
	if got := c.take(); len(got) != 0 {
		t.Errorf("after a restart, ingested %q again", got)
	}
	if got := s.takeHits(); slices.Contains(got, "/d1") {
		t.Errorf("after a restart, fetched a seen item again: %q", got)
	}
}

// TestPollerStateKeepsBackoff restarts a poller while its feed fails: the
// new one waits out the saved backoff before it asks the feed again, and
// doubles it from there rather than starting over.
func TestPollerStateKeepsBackoff(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) { s.fail = http.StatusServiceUnavailable })
	var state memoryState
	feeds := []Feed{{URL: s.srv + "/feed"}}
	opts := PollerOptions{State: &state, Interval: 10 * time.Minute}
	newTestPoller(t, clock, feeds, (&collector{}).sink, opts).PollDue(context.Background())
	saved := state.states[feeds[0].URL]
	if saved.Failures != 1 || !saved.NextPoll.Equal(clock.Now().Add(20*time.Minute)) {
		t.Fatalf("saved state after a failed poll = %+v; want 1 failure, next poll in 20m", saved)
	}
	s.takeHits()

	clock.Advance(5 * time.Minute)
	p := newTestPoller(t, clock, feeds, (&collector{}).sink, opts)
	p.PollDue(context.Background())
	if got := s.takeHits(); len(got) != 0 {
		t.Errorf("a restarted poller asked %q during the saved backoff; want nothing", got)
	}
	if st := p.Status()[0]; st.Failures != 1 || !st.NextPoll.Equal(saved.NextPoll) {
		t.Errorf("status after the restart = %+v; want 1 failure, next poll at %v", st, saved.NextPoll)
	}
	clock.Advance(15 * time.Minute)
	p.PollDue(context.Background())
	if got := s.takeHits(); !slices.Contains(got, "/feed") {
		t.Errorf("once the backoff ended, the restarted poller asked %q; want the feed", got)
	}
	if st := p.Status()[0]; st.Failures != 2 || !st.NextPoll.Equal(clock.Now().Add(40*time.Minute)) {
		t.Errorf("status after the next failure = %+v; want 2 failures, next poll in 40m", st)
	}
}

// funcState is a StateStore whose calls the test decides.
type funcState struct {
	load func(u string) (FeedState, error)
	save func(u string, st FeedState) error
}

func (f funcState) LoadFeedState(_ context.Context, u string) (FeedState, error) { return f.load(u) }
func (f funcState) SaveFeedState(_ context.Context, u string, st FeedState) error {
	return f.save(u, st)
}

// TestPollerStateFailures checks that a state store that fails to load or
// save is logged and never stops the ingesting.
func TestPollerStateFailures(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/f1"] = htmlPage("Despite", "A story about the summit.")
		s.feed = rss("/f1|Despite|")
	})
	broken := funcState{
		load: func(string) (FeedState, error) { return FeedState{}, errors.New("database is locked") },
		save: func(string, FeedState) error { return errors.New("disk is full") },
	}
	var logs strings.Builder
	var c collector
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, c.sink,
		PollerOptions{State: broken, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	p.PollDue(context.Background())
	if got := c.take(); !slices.Equal(got, []string{"Despite"}) {
		t.Errorf("with a failing state store, ingested %q; want the item", got)
	}
	if st := p.Status()[0]; st.Failures != 0 || st.LastSuccess.IsZero() {
		t.Errorf("status = %+v; want a successful poll", st)
	}
	for _, want := range []string{"database is locked", "disk is full"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

// TestPollerStateSavedOnShutdown stops a poll halfway: the item handled
// before the stop is saved as seen, so the next start does not fetch it,
// and the item not reached keeps its failed tries.
func TestPollerStateSavedOnShutdown(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/g1"] = htmlPage("Before", "A story about the summit.")
		s.pages["/g2"] = htmlPage("After", "Another story about the summit.")
		s.feed = rss("/g2|After|", "/g1|Before|")
	})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	feeds := []Feed{{URL: s.srv + "/feed"}}
	// The newer item failed twice before; the poll stops before it.
	unreached := itemKey(s.srv+"/g2?utm_source=rss", s.srv+"/g2")
	state := memoryState{states: map[string]FeedState{feeds[0].URL: {Attempts: map[string]int{unreached: 2}}}}
	c := collector{failWhen: func(digest.Article) error { stop(); return nil }}
	newTestPoller(t, clock, feeds, c.sink, PollerOptions{State: &state}).PollDue(ctx)
	if got := c.take(); !slices.Equal(got, []string{"Before"}) {
		t.Fatalf("ingested %q before the stop; want the older item", got)
	}
	saved := state.states[feeds[0].URL]
	if len(saved.Seen) != 1 || saved.ETag != "" {
		t.Errorf("state saved at the stop = %+v; want the one item seen and no validators (the feed was not read through)", saved)
	}
	if got := saved.Attempts[unreached]; got != 2 {
		t.Errorf("tries of the item not reached before the stop = %d; want the 2 saved before", got)
	}
}

func TestPollerRunStopsWithContext(t *testing.T) {
	clock := newFakeClock()
	s := newSite(t, clock)
	s.set(func(s *site) {
		s.pages["/e1"] = htmlPage("Run", "A story about the summit.")
		s.feed = rss("/e1|Run|")
	})
	c := collector{notify: make(chan struct{}, 1)}
	p := newTestPoller(t, clock, []Feed{{URL: s.srv + "/feed"}}, c.sink, PollerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	select {
	case <-c.notify:
	case <-time.After(10 * time.Second):
		t.Fatal("Run ingested nothing")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run() = %v; want nil after cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	if got := c.take(); !slices.Equal(got, []string{"Run"}) {
		t.Errorf("Run ingested %q; want the item once", got)
	}
}

func TestMatchesKeywords(t *testing.T) {
	tests := []struct {
		name     string
		keywords []string
		text     string
		want     bool
	}{
		{"no keywords", nil, "anything", true},
		{"word", []string{"Paris"}, "Talks in PARIS, today", true},
		{"not inside a word", []string{"Paris"}, "Parisian cafés", false},
		{"phrase", []string{"security guarantees"}, "on Security Guarantees.", true},
		{"phrase split", []string{"security guarantees"}, "security and guarantees", false},
		{"accented", []string{"Genève"}, "à GENÈVE", true},
		{"second occurrence", []string{"nato"}, "senator NATO", true},
		{"none", []string{"Ukraine", "coalition"}, "football scores", false},
		{"blank keyword ignored", []string{" "}, "football", false},
	}
	for _, tt := range tests {
		if got := matchesKeywords(tt.keywords, tt.text); got != tt.want {
			t.Errorf("%s: matchesKeywords(%q, %q) = %v; want %v", tt.name, tt.keywords, tt.text, got, tt.want)
		}
	}
}
