package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	vars := map[string]string{
		"DATABASE_URL":         "sqlite:" + filepath.Join(dir, "summit.db"),
		"SUMMIT_CONFIG":        cfgPath,
		"LISTEN_ADDR":          "127.0.0.1:0",
		"SLACK_BOT_TOKEN":      e2eBotToken,
		"SLACK_SIGNING_SECRET": e2eSecret,
		"SLACK_API_URL":        fake.APIURL(),
	}
	srv := startServe(t, vars, io.Discard)
	base, logs := srv.base, srv.logs
	command := func(text string) string {
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
	// The operator sees both on /metrics: the stored article and the feed
	// that answers 404, polled once the host's politeness delay allows.
	wants := []string{
		"summit_articles_ingested_total 1\n",
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
	// What the store kept: the summit's article, under its summit, and
	// not the one that matches none of its keywords.
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
	if len(arts) != 1 || !strings.HasSuffix(arts[0].URL, "/paris") || arts[0].Summit != "paris-2025" {
		t.Errorf("stored %+v; want the /paris article alone, of paris-2025", arts)
	}
}
