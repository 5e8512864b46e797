package slackapp_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// TestFastCommands checks the sub-commands answered in the acknowledgement
// itself: an ephemeral message that holds what was asked.
func TestFastCommands(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	tests := []struct {
		name    string
		text    string
		want    []string // substrings of the acknowledgement
		notWant []string
	}{
		{name: "empty is help", text: "", want: []string{"who-said NAME", "speakers"}},
		{name: "help", text: "help", want: []string{"who-said NAME", "digest [SUMMIT]", "watch on|off", "whole workspace", "feeds"}},
		{name: "unknown sub-command", text: "frobnicate now", want: []string{`frobnicate`, "who-said NAME"}},
		{name: "who-said a speaker", text: "who-said Borg", want: []string{"Helena Borg", "bargaining chip", "Maltese Prime Minister", harbourURL, "09:40"}, notWant: []string{"Paula Reyes"}},
		{name: "who-said full name", text: "who-said Paula Reyes", want: []string{"price of bread", "fend for themselves", "EU Commissioner"}},
		{name: "who-said lower-case", text: "who-said reyes", want: []string{"Paula Reyes"}},
		{name: "who-said a phrase", text: `who-said "price of bread"`, want: []string{"Paula Reyes", "price of bread"}},
		{name: "who-said a phrase in curly quotes", text: "who-said “lifeline”", want: []string{"Tomas Vella", "lifeline"}},
		{name: "who-said an entity as Slack sends it", text: "who-said “winter &amp; beyond”", want: []string{"Helena Borg", "winter &amp;"}},
		{name: "unknown speaker gets the closest names", text: "who-said Helena Borgg", want: []string{"Helena Borg"}},
		{name: "unknown phrase is never empty", text: `who-said "quantum teleportation"`, want: []string{"Nothing found", "quantum teleportation"}},
		{name: "who-said with nothing", text: "who-said", want: []string{"Tell me a name or a phrase"}},
		{name: "speakers", text: "speakers", want: []string{"Anders Lunde", "Norwegian Foreign Minister", "Helena Borg", "Tomas Vella"}},
		{name: "ingest without a fetcher", text: "ingest https://x.example/a", want: []string{"Fetching"}},
		{name: "ingest of a file path is refused", text: "ingest /etc/passwd", want: []string{"not a web address"}},
		{name: "forget without an argument", text: "forget", want: []string{"which article"}},
		{name: "forget an unknown article", text: "forget 0badc0de", want: []string{"no article 0badc0de"}},
		{name: "schedule without a scheduler", text: "schedule @daily", want: []string{"not running"}},
		{name: "feeds without a poller", text: "feeds", want: []string{"not running"}},
		{name: "digest of an unknown summit", text: "digest atlantis", want: []string{"atlantis"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, a := h.command(tt.text)
			if status != http.StatusOK {
				t.Fatalf("/summit %s: status %d", tt.text, status)
			}
			if a.ResponseType != "ephemeral" {
				t.Errorf("/summit %s: response_type %q; want ephemeral", tt.text, a.ResponseType)
			}
			if a.Text == "" || len(a.Blocks) == 0 {
				t.Errorf("/summit %s: answer has no fallback text or no blocks: %s", tt.text, a.raw)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.raw, w) {
					t.Errorf("/summit %s: answer lacks %q:\n%s", tt.text, w, a.raw)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(a.raw, w) {
					t.Errorf("/summit %s: answer has %q:\n%s", tt.text, w, a.raw)
				}
			}
			if len(a.raw) >= 20*1024 {
				t.Errorf("/summit %s: acknowledgement is %d bytes, over Socket Mode's 20 KB", tt.text, len(a.raw))
			}
		})
	}
}

// TestWhoSaidMore pages through a speaker's quotes with the "More" button.
func TestWhoSaidMore(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	_, first := h.command("who-said Lunde")
	value, ok := first.buttons()[blockkit.ActionMoreQuotes]
	if !ok {
		t.Fatalf("who-said Lunde: no More button in %s", first.raw)
	}
	mv, err := blockkit.ParseMore(value)
	if err != nil || mv.Offset == 0 || mv.Query != "Lunde" {
		t.Fatalf("More value %q = %+v, %v; want query Lunde and an offset", value, mv, err)
	}
	seen := strings.Count(first.raw, "Patrol update number") + strings.Count(first.raw, "ready to lead") + strings.Count(first.raw, "builds trust")
	for pages := 1; ; pages++ {
		if pages > 10 {
			t.Fatal("More never ran out")
		}
		got := h.responses(h.click(blockkit.ActionMoreQuotes, value), 1)[0]
		if !got.ReplaceOriginal {
			t.Errorf("More page %d does not replace the message", pages)
		}
		seen += strings.Count(got.raw, "Patrol update number") + strings.Count(got.raw, "ready to lead") + strings.Count(got.raw, "builds trust")
		next, ok := got.buttons()[blockkit.ActionMoreQuotes]
		if !ok {
			break
		}
		value = next
	}
	if seen != 10 {
		t.Errorf("paging showed %d of Lunde's quotes; want all 10", seen)
	}
}

// TestDigestPreviewAndPost builds a digest after the acknowledgement,
// previews it to the caller and posts it with the button.
func TestDigestPreviewAndPost(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	responseURL := h.slack.ResponseURL()
	status, a := h.commandWith(slacktest.Command{Text: "digest", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	if status != http.StatusOK || !strings.Contains(a.raw, "Building") {
		t.Fatalf("digest: status %d, ack %s; want a quick note", status, a.raw)
	}
	preview := h.responses(responseURL, 1)[0]
	if preview.ResponseType != "ephemeral" {
		t.Errorf("digest preview is %q; want ephemeral", preview.ResponseType)
	}
	value, ok := preview.buttons()[blockkit.ActionPostDigest]
	if !ok {
		t.Fatalf("digest preview has no Post button: %s", preview.raw)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("a preview posted %d messages to the channel", n)
	}
	done := h.responses(h.click(blockkit.ActionPostDigest, value), 1)[0]
	if !strings.Contains(done.raw, "Posted") {
		t.Errorf("after Post: %s", done.raw)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) == 0 || posts[0].Form.Get("channel") != testChannel {
		t.Fatalf("Post to channel made %d chat.postMessage calls: %+v", len(posts), posts)
	}
	if !strings.Contains(posts[0].Form.Get("blocks"), "bargaining chip") || posts[0].Form.Get("text") == "" {
		t.Errorf("posted digest lacks its quotes or its fallback text: %s", posts[0].Form)
	}
}

func TestDigestPost(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "digest post", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	if got := h.responses(responseURL, 1)[0]; !strings.Contains(got.raw, "Posted the digest") {
		t.Errorf("digest post answered %s", got.raw)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n == 0 {
		t.Error("digest post posted nothing")
	}
}

func TestDigestWithNoCoverage(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "digest", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	if got := h.responses(responseURL, 1)[0]; !strings.Contains(got.raw, "no coverage yet") {
		t.Errorf("digest of an empty store answered %s", got.raw)
	}
}

// TestSlowCommandsAcknowledgeFirst holds the fetch until the
// acknowledgement has arrived: slow work never delays it.
func TestSlowCommandsAcknowledgeFirst(t *testing.T) {
	release := make(chan struct{})
	var (
		mu      sync.Mutex
		fetched []string
	)
	article := readFixture(t, "ports-briefing.txt")
	m := &countingMetrics{}
	h := newHarness(t, harnessOptions{metrics: m, fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		mu.Lock()
		fetched = append(fetched, source)
		mu.Unlock()
		select {
		case <-release:
		case <-ctx.Done():
			return digest.Article{}, ctx.Err()
		}
		return digest.Article{Source: source, URL: source, Title: "Ports briefing", Text: article}, nil
	})})
	if _, a := h.command("speakers"); !strings.Contains(a.raw, "Nobody has been quoted yet") {
		t.Fatalf("speakers of an empty store: %s", a.raw)
	}
	responseURL := h.slack.ResponseURL()
	link := "https://wire.example/ports?utm=x&id=7"
	status, a := h.commandWith(slacktest.Command{
		Text:      "ingest <" + strings.ReplaceAll(link, "&", "&amp;") + "|wire.example/ports>",
		ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL,
	})
	if status != http.StatusOK || !strings.Contains(a.raw, "Fetching") {
		t.Fatalf("ingest: status %d, ack %s", status, a.raw)
	}
	close(release)
	got := h.responses(responseURL, 1)[0]
	if !strings.Contains(got.raw, "Added "+strings.ReplaceAll(link, "&", "&amp;")) {
		t.Errorf("ingest answered %s", got.raw)
	}
	mu.Lock()
	if len(fetched) != 1 || fetched[0] != link {
		t.Errorf("fetched %q; want [%q]", fetched, link)
	}
	mu.Unlock()
	// The speaker list read before the ingest is not served again.
	if _, a := h.command("speakers"); strings.Contains(a.raw, "Nobody has been quoted yet") {
		t.Errorf("speakers after an ingest still answers from before it: %s", a.raw)
	}
	arts, err := h.store.Articles(context.Background(), store.Filter{})
	if err != nil || len(arts) != 1 {
		t.Fatalf("store holds %d articles (%v); want 1", len(arts), err)
	}
	exts, err := h.store.Extractions(context.Background(), store.Filter{})
	if err != nil || len(exts) != 1 || len(exts[0].Quotes) == 0 {
		t.Fatalf("store holds %d extractions (%v); want 1 with quotes", len(exts), err)
	}
	quotes := exts[0].Quotes
	if a, q := m.ingested(); a != 1 || q != len(quotes) {
		t.Errorf("ingest counted %d articles and %d quotes; want 1 and %d", a, q, len(quotes))
	}

	// The same link again: the store says it has it, and nothing more is counted.
	second := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "ingest " + link, ChannelID: testChannel, UserID: testUser, ResponseURL: second})
	if got := h.responses(second, 1)[0]; !strings.Contains(got.raw, "already have") {
		t.Errorf("second ingest answered %s", got.raw)
	}
	if a, q := m.ingested(); a != 1 || q != len(quotes) {
		t.Errorf("after the repeated ingest: %d articles and %d quotes counted; want 1 and %d", a, q, len(quotes))
	}
}

func TestIngestFetchFailureIsASentence(t *testing.T) {
	h := newHarness(t, harnessOptions{fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		return digest.Article{}, errors.New("fetch https://10.0.0.1/x: address 10.0.0.1 is private and not allowed")
	})})
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "ingest https://10.0.0.1/x", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	got := h.responses(responseURL, 1)[0]
	if !strings.Contains(got.raw, "couldn't read that article") || !strings.Contains(got.raw, "not allowed") {
		t.Errorf("failed ingest answered %s", got.raw)
	}
}

func TestSummaryOfStoredArticle(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	ids := h.seed()
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "summary " + ids[harbourURL], ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	got := h.responses(responseURL, 1)[0]
	if !strings.Contains(got.raw, "Harbour talks end with a pledge") {
		t.Errorf("summary answered %s", got.raw)
	}
}

func TestSummaryOfUnknownArticle(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "summary 12345678", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	if got := h.responses(responseURL, 1)[0]; !strings.Contains(got.raw, "no article 12345678") {
		t.Errorf("summary of an unknown id answered %s", got.raw)
	}
}

// TestForget asks for confirmation, then forgets on the click.
func TestForget(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	ids := h.seed()
	id := ids[portsURL]
	_, a := h.command("forget <" + portsURL + ">")
	value, ok := a.buttons()[blockkit.ActionForget]
	if !ok || value != id {
		t.Fatalf("forget: confirmation buttons %v; want %s=%s in %s", a.buttons(), blockkit.ActionForget, id, a.raw)
	}
	if _, err := h.store.Article(context.Background(), id); err != nil {
		t.Fatalf("article gone before the click: %v", err)
	}
	got := h.responses(h.click(blockkit.ActionForget, value), 1)[0]
	if !strings.Contains(got.raw, "Forgot") || !got.ReplaceOriginal {
		t.Errorf("forget click answered %s", got.raw)
	}
	if _, err := h.store.Article(context.Background(), id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(%s) after forget: %v; want ErrNotFound", id, err)
	}
	_, a = h.command("who-said Vella")
	if strings.Contains(a.raw, "lifeline") {
		t.Errorf("a forgotten article's quote is still found: %s", a.raw)
	}
	// Cancel removes the confirmation.
	if got := h.responses(h.click(blockkit.ActionCancel, id), 1)[0]; !got.DeleteOriginal {
		t.Errorf("cancel answered %s", got.raw)
	}
}

// fakeScheduler records what /summit schedule asked.
type fakeScheduler struct {
	subscribed []schedule.Request
	off        []string
	resumed    []string
	paused     []string
}

func (f *fakeScheduler) Subscribe(ctx context.Context, r schedule.Request) (string, error) {
	if r.TimeZone == "Mars/Olympus" {
		return "", &schedule.UserError{Message: "I don't know the time zone Mars/Olympus."}
	}
	f.subscribed = append(f.subscribed, r)
	return fmt.Sprintf("Scheduled *%s* in %s.\nNext: tomorrow", r.Spec, r.TimeZone), nil
}

func (f *fakeScheduler) List(ctx context.Context, channelID string) (string, error) {
	return "*Scheduled digests in this channel*\n• 0 8 * * * Europe/Paris <all>, set by <@U0CREATOR1> for R&D &amp; press", nil
}

func (f *fakeScheduler) Resume(ctx context.Context, channelID, userID string) (string, error) {
	f.resumed = append(f.resumed, channelID+"/"+userID)
	return "Resumed the digest of all coverage at `@daily`.", nil
}

func (f *fakeScheduler) Off(ctx context.Context, channelID, userID string) (string, error) {
	f.off = append(f.off, channelID+"/"+userID)
	return "Stopped 1 schedule.", nil
}

func (f *fakeScheduler) PauseChannel(ctx context.Context, channelID, reason string) error {
	f.paused = append(f.paused, channelID+": "+reason)
	return nil
}

func TestScheduleCommands(t *testing.T) {
	fs := &fakeScheduler{}
	h := newHarness(t, harnessOptions{scheduler: fs, summits: []store.Summit{{Slug: "valletta-2026", Title: "Valletta talks"}}})
	tests := []struct {
		text string
		want string
	}{
		{`schedule “0 8 * * *” Europe/Paris valletta-2026`, "Scheduled *0 8 * * *"},
		// The scheduler's mentions work; what else looks like markup is escaped once.
		{"schedule", "&lt;all&gt;, set by <@U0CREATOR1> for R&amp;D &amp; press"},
		{"schedule off", "Stopped 1 schedule"},
		{"schedule on", "Resumed the digest"},
		{"schedule RESUME", "Resumed the digest"},
		{`schedule "0 8 * * *" Mars/Olympus`, "I don't know the time zone Mars/Olympus."},
		{`schedule "0 8 * * *" UTC atlantis`, "atlantis"},
		{"schedule next tuesday", "cron spec in quotes"},
	}
	for _, tt := range tests {
		_, a := h.command(tt.text)
		if !strings.Contains(a.raw, tt.want) {
			t.Errorf("/summit %s answered %s; want %q", tt.text, a.raw, tt.want)
		}
	}
	if len(fs.subscribed) != 1 || fs.subscribed[0] != (schedule.Request{ChannelID: testChannel, UserID: testUser, Spec: "0 8 * * *", TimeZone: "Europe/Paris", Summit: "valletta-2026"}) {
		t.Errorf("Subscribe got %+v", fs.subscribed)
	}
	if len(fs.off) != 1 || fs.off[0] != testChannel+"/"+testUser {
		t.Errorf("Off got %v", fs.off)
	}
	if len(fs.resumed) != 2 || fs.resumed[0] != testChannel+"/"+testUser {
		t.Errorf("Resume got %v; want two calls for %s/%s", fs.resumed, testChannel, testUser)
	}
}

// TestBadRequests are refused before any command runs.
func TestBadRequests(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	body := slacktest.Command{Text: "speakers", ChannelID: testChannel, UserID: testUser}.Form()
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"unsigned", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/commands", strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, http.StatusUnauthorized},
		{"signed with another secret", func() *http.Request {
			return slacktest.NewCommandRequest(t, h.srv.URL, "not-the-secret", time.Now(), slacktest.Command{Text: "speakers"})
		}, http.StatusUnauthorized},
		{"replayed after ten minutes", func() *http.Request {
			return slacktest.NewCommandRequest(t, h.srv.URL, testSecret, time.Now().Add(-10*time.Minute), slacktest.Command{Text: "speakers"})
		}, http.StatusUnauthorized},
		{"GET", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/slack/commands", nil)
			slacktest.Sign(r, testSecret, time.Now(), nil)
			return r
		}, http.StatusMethodNotAllowed},
		{"malformed interaction payload", func() *http.Request {
			b := []byte("payload=" + url.QueryEscape("{not json"))
			r, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/interactivity", strings.NewReader(string(b)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			slacktest.Sign(r, testSecret, time.Now(), b)
			return r
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := h.srv.Client().Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d; want %d", resp.StatusCode, tt.status)
			}
		})
	}
	if !strings.Contains(h.logs.String(), "request refused") {
		t.Errorf("refusals were not logged: %s", h.logs)
	}
}

// fakeFeeds is a poller's status frozen for a test.
type fakeFeeds []ingest.FeedStatus

func (f fakeFeeds) Status() []ingest.FeedStatus { return f }

func TestFeeds(t *testing.T) {
	now := time.Now()
	h := newHarness(t, harnessOptions{feeds: fakeFeeds{
		{URL: "https://news.example/rss", Summit: "valletta-2026", LastPoll: now, LastSuccess: now.Add(-3 * time.Hour), Items: 20, Ingested: 4},
		{URL: "https://broken.example/feed?a=1&b=2", LastPoll: now, LastError: "GET https://broken.example/feed: 503 Service Unavailable", Failures: 2},
		{URL: "https://later.example/atom"},
	}})
	_, a := h.command("feeds")
	for _, want := range []string{
		"https://news.example/rss (valletta-2026): last read 3 hours ago, 20 items, 4 ingested",
		"https://broken.example/feed?a=1&amp;b=2: never read successfully. Last error (2 failures in a row): GET https://broken.example/feed: 503",
		"https://later.example/atom: not polled yet",
	} {
		if !strings.Contains(a.raw, want) {
			t.Errorf("feeds answer lacks %q:\n%s", want, a.raw)
		}
	}
}

// stuckStore is a store whose speaker list never comes.
type stuckStore struct{ store.Store }

func (stuckStore) Speakers(ctx context.Context, summit string) ([]store.SpeakerInfo, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestStuckStoreStillAnswers checks that a store that does not answer
// still leaves time to acknowledge, with a sentence, before Slack gives up.
func TestStuckStoreStillAnswers(t *testing.T) {
	h := newHarness(t, harnessOptions{wrap: func(s store.Store) store.Store { return stuckStore{s} }})
	status, a := h.command("speakers")
	if status != http.StatusOK || !strings.Contains(a.raw, "took too long") {
		t.Errorf("speakers with a stuck store: %d %s", status, a.raw)
	}
}
