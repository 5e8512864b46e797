package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// TestServeFollowsAFeed runs `bot serve` with a summit whose feed lists two
// items, one about the summit and one not: the first is fetched, extracted
// and stored on its own, so that /summit who-said finds its quotes; the
// second is skipped for matching none of the summit's keywords.
func TestServeFollowsAFeed(t *testing.T) {
	if testing.Short() {
		t.Skip("polls a feed for a few seconds")
	}
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken})
	article, err := os.ReadFile("../../samples/paris-summit-2025-09-04.txt")
	if err != nil {
		t.Fatal(err)
	}
	var site *httptest.Server
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>Leaders meet in Paris on Ukraine</title><link>%[1]s/paris</link><guid>%[1]s/paris</guid></item>
<item><title>Local football results</title><description>The cup final ended 2-1.</description><link>%[1]s/football</link><guid>%[1]s/football</guid></item>
</channel></rss>`, site.URL)
		case "/paris":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(article)
		case "/football":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "Local football results\n\nThe cup final ended 2-1. \"We played well,\" the coach said.\n")
		case "/berlin": // in no feed: someone asks for it with /summit ingest
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "Berlin talks on Ukraine\n\n\"The coalition stands together,\" Friedrich Merz said in Berlin on Friday.\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(`summits:
  - slug: paris-2025
    title: "Paris summit"
    keywords: [Ukraine, coalition]
    feeds: [%q, %q]
fetch:
  allow_hosts: ["127.0.0.1"]
feeds:
  poll_interval: 1h
`, site.URL+"/feed.xml", site.URL+"/gone.xml")), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := e2eVars(dir, cfgPath, fake)
	srv := startServe(t, vars, io.Discard)
	base, logs := srv.base, srv.logs
	command := func(text string) string {
		t.Helper()
		return feedCommand(t, base, fake, text)
	}

	// The poller fetches the feed, then the article (waiting politely
	// between requests to one host): poll who-said until it answers.
	deadline := time.Now().Add(e2eWait)
	for {
		if ack := command("who-said Rutte"); strings.Contains(ack, "naive about Russia") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed's article never reached the store:\n%s", logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ack := command("feeds"); !strings.Contains(ack, "feed.xml") {
		t.Errorf("/summit feeds answered %s", ack)
	}
	if ack := command("ingest " + site.URL + "/berlin"); !strings.Contains(ack, "Fetching") {
		t.Errorf("/summit ingest answered %s", ack)
	}
	// The operator sees on /metrics the articles stored from the feed and
	// from Slack, and the feed that answers 404, polled once the host's
	// politeness delay allows.
	wants := []string{
		"summit_articles_ingested_total 2\n",
		`summit_feed_fetch_errors_total{summit="paris-2025"} 1` + "\n",
	}
	for deadline := time.Now().Add(e2eWait); ; time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		exposed, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		missing := ""
		for _, want := range wants {
			if !strings.Contains(string(exposed), want) {
				missing = want
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %q:\n%s", missing, grepLines(string(exposed), "_total"))
		}
	}
	srv.stop(t)
	// What the store kept: the feed's summit article, under its summit,
	// and the one asked for; not the one that matches none of its keywords.
	cfg, err := loadConfig(&env{getenv: func(k string) string { return vars[k] }, stderr: io.Discard}, cfgPath, false)
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, err := st.Articles(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, a := range arts {
		paths = append(paths, a.URL[strings.LastIndexByte(a.URL, '/'):])
		if strings.HasSuffix(a.URL, "/paris") && a.Summit != "paris-2025" {
			t.Errorf("the feed's article is of summit %q; want paris-2025", a.Summit)
		}
	}
	slices.Sort(paths)
	if !slices.Equal(paths, []string{"/berlin", "/paris"}) {
		t.Errorf("stored %q; want /berlin and /paris", paths)
	}
}

// feedSite is a publisher for the restart test: a feed with validators
// that answers 304 to a matching conditional GET, article pages, and a log
// of every request.
type feedSite struct {
	*httptest.Server
	article []byte

	mu    sync.Mutex
	items []string // the paths the feed lists, newest first
	log   []siteHit
}

// siteHit is one request a feedSite answered.
type siteHit struct {
	path                    string
	ifNoneMatch, ifModSince string
}

func newFeedSite(t *testing.T, article []byte) *feedSite {
	s := &feedSite{article: article}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *feedSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, siteHit{r.URL.Path, r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")})
	items := slices.Clone(s.items)
	s.mu.Unlock()
	switch r.URL.Path {
	case "/feed.xml":
		// The validators change with what the feed lists.
		etag := fmt.Sprintf(`"%d"`, len(items))
		modified := time.Date(2025, 9, 4, 10, len(items), 0, 0, time.UTC).Format(http.TimeFormat)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		var b strings.Builder
		for _, p := range items {
			fmt.Fprintf(&b, "<item><title>Ukraine: talks %[2]s</title><link>%[1]s%[2]s</link><guid>%[1]s%[2]s</guid></item>\n", s.URL, p)
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>%s</channel></rss>`, b.String())
	case "/paris":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(s.article)
	case "/berlin":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Berlin talks on Ukraine\n\n\"The coalition stands together,\" Friedrich Merz said in Berlin on Friday.\n")
	default:
		http.NotFound(w, r)
	}
}

// hits returns the requests for path, oldest first.
func (s *feedSite) hits(path string) []siteHit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hs []siteHit
	for _, h := range s.log {
		if h.path == path {
			hs = append(hs, h)
		}
	}
	return hs
}

// TestServeRemembersFeedsAcrossRestarts runs `bot serve` twice on one
// SQLite file. The second run asks for the feed with the first run's
// validators (a conditional GET) and, when the feed has changed, fetches
// only the new article, not the one the first run stored.
func TestServeRemembersFeedsAcrossRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bot serve twice, polling a feed")
	}
	dir := t.TempDir()
	fake := slacktest.New(t, slacktest.Options{BotToken: e2eBotToken})
	article, err := os.ReadFile("../../samples/paris-summit-2025-09-04.txt")
	if err != nil {
		t.Fatal(err)
	}
	site := newFeedSite(t, article)
	site.items = []string{"/paris"}
	cfgPath := filepath.Join(dir, "bot.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(`summits:
  - slug: paris-2025
    title: "Paris summit"
    keywords: [Ukraine]
    feeds: [%q]
fetch:
  allow_hosts: ["127.0.0.1"]
feeds:
  poll_interval: 1h
`, site.URL+"/feed.xml")), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := e2eVars(dir, cfgPath, fake)
	// run serves until its first poll of the feed is over, then stops.
	run := func(name string) {
		t.Helper()
		srv := startServe(t, vars, io.Discard)
		for deadline := time.Now().Add(e2eWait); ; time.Sleep(100 * time.Millisecond) {
			ack := feedCommand(t, srv.base, fake, "feeds")
			// "last read …, N ingested since start" once a poll succeeded.
			if strings.Contains(ack, "ingested since start") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the feed's poll never ended; /summit feeds says %s\n%s", name, ack, srv.logs)
			}
		}
		srv.stop(t)
	}

	run("first run")
	first := site.hits("/feed.xml")
	if len(first) != 1 || first[0].ifNoneMatch != "" {
		t.Fatalf("first run asked for the feed %+v; want once, unconditionally", first)
	}

	site.mu.Lock()
	site.items = []string{"/berlin", "/paris"}
	site.mu.Unlock()
	run("second run")
	feedHits := site.hits("/feed.xml")[1:]
	if len(feedHits) != 1 || feedHits[0].ifNoneMatch != `"1"` || feedHits[0].ifModSince == "" {
		t.Errorf("second run asked for the feed %+v; want once, with the first run's validators (If-None-Match \"1\", If-Modified-Since)", feedHits)
	}
	if got := len(site.hits("/paris")); got != 1 {
		t.Errorf("the article stored by the first run was fetched %d times in all; want once", got)
	}
	if got := len(site.hits("/berlin")); got != 1 {
		t.Errorf("the article new in the second run was fetched %d times; want once", got)
	}
}

// feedCommand sends /summit text to the server at base, as a user of the
// e2e channel, and returns its immediate answer.
func feedCommand(t *testing.T, base string, fake *slacktest.Server, text string) string {
	t.Helper()
	req := slacktest.NewCommandRequest(t, base, e2eSecret, time.Now(), slacktest.Command{
		Text: text, ChannelID: e2eChannel, ChannelName: "paris", UserID: "U0E2EUSER1", UserName: "ada", ResponseURL: fake.ResponseURL(),
	})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("/summit %s: %v", text, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
