package slackapp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

const (
	testSecret   = "test-signing-secret-9f8e7d"
	testBotToken = "xoxb-test-bot-token-000111"
	testAppToken = "xapp-test-app-token-222333"
	testChannel  = "C0TESTCHAN1"
	testUser     = "U0TESTUSER1"
	// wait bounds every wait for background work; it is generous because
	// the machine is shared, and tests finish as soon as the work is done.
	wait = 10 * time.Second
)

// syncBuffer is a log sink safe for the app's goroutines.
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

// fetcherFunc is a Fetcher with per-test behaviour.
type fetcherFunc func(ctx context.Context, source string) (digest.Article, error)

func (f fetcherFunc) Read(ctx context.Context, source string) (digest.Article, error) {
	return f(ctx, source)
}

// harness is the app behind a real HTTP server, a SQLite store in a temp
// file and the fake Slack Web API.
type harness struct {
	tb    testing.TB
	slack *slacktest.Server
	store *sqlite.Store
	app   *slackapp.App
	srv   *httptest.Server
	logs  *syncBuffer
}

type harnessOptions struct {
	fetcher   slackapp.Fetcher
	scheduler slackapp.Scheduler
	feeds     slackapp.FeedLister
	summits   []store.Summit
	// wrap, when set, puts a store of the test's in front of SQLite.
	wrap func(store.Store) store.Store
	// private are the channels the fake Slack reports as private.
	private []string
	// metrics, when set, receives what the app measures.
	metrics slackapp.Metrics
}

func newHarness(tb testing.TB, o harnessOptions) *harness {
	tb.Helper()
	h := &harness{tb: tb, logs: &syncBuffer{}}
	h.slack = slacktest.New(tb, slacktest.Options{BotToken: testBotToken, AppToken: testAppToken, Private: o.private})
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "summit.db"), sqlite.Options{})
	if err != nil {
		tb.Fatalf("sqlite.Open: %v", err)
	}
	h.store = st
	var appStore store.Store = st
	if o.wrap != nil {
		appStore = o.wrap(st)
	}
	api := slack.New(testBotToken, slack.OptionAPIURL(h.slack.APIURL()))
	h.app = slackapp.New(slackapp.Deps{
		Store:         appStore,
		Slack:         api,
		Poster:        post.New(api, post.Options{Sleep: func(context.Context, time.Duration) error { return nil }}),
		SigningSecret: testSecret,
		Fetcher:       o.fetcher,
		Scheduler:     o.scheduler,
		Feeds:         o.feeds,
		Summits:       o.summits,
		Metrics:       o.metrics,
		Logger:        slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err := h.app.Identify(context.Background()); err != nil {
		tb.Fatalf("Identify: %v", err)
	}
	h.srv = httptest.NewServer(h.app.Handler())
	// A request that hangs fails its test instead of stalling the run.
	h.srv.Client().Timeout = 2 * wait
	tb.Cleanup(func() {
		h.srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := h.app.Close(ctx); err != nil {
			tb.Errorf("App.Close: %v", err)
		}
		if err := st.Close(); err != nil {
			tb.Errorf("store Close: %v", err)
		}
		for _, secret := range []string{testSecret, testBotToken, testAppToken} {
			if strings.Contains(h.logs.String(), secret) {
				tb.Errorf("the log holds a secret (%s…)", secret[:6])
			}
		}
	})
	return h
}

// command sends a signed /summit command and returns the acknowledgement's
// status and decoded body.
func (h *harness) command(text string) (int, ack) {
	h.tb.Helper()
	return h.commandWith(slacktest.Command{Text: text, ChannelID: testChannel, ChannelName: "summit", UserID: testUser, UserName: "ada", ResponseURL: h.slack.ResponseURL()})
}

func (h *harness) commandWith(c slacktest.Command) (int, ack) {
	h.tb.Helper()
	resp, err := h.srv.Client().Do(slacktest.NewCommandRequest(h.tb, h.srv.URL, testSecret, time.Now(), c))
	if err != nil {
		h.tb.Fatalf("POST /slack/commands: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var a ack
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &a); err != nil {
			h.tb.Fatalf("acknowledgement %q is not JSON: %v", body, err)
		}
		a.raw = readable(body)
	}
	return resp.StatusCode, a
}

// event sends a signed Events API request and returns its status and body.
func (h *harness) event(v any, retry int) (int, string) {
	h.tb.Helper()
	r := slacktest.NewJSONRequest(h.tb, h.srv.URL, "/slack/events", testSecret, time.Now(), v)
	if retry > 0 {
		r.Header.Set("X-Slack-Retry-Num", string(rune('0'+retry)))
		r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := h.srv.Client().Do(r)
	if err != nil {
		h.tb.Fatalf("POST /slack/events: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// click sends a block_actions payload for a button of a message and
// returns the response_url the answer goes to.
func (h *harness) click(actionID, value string) string {
	h.tb.Helper()
	responseURL := h.slack.ResponseURL()
	payload := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": testUser, "username": "ada"},
		"api_app_id":   slacktest.AppID,
		"team":         map[string]any{"id": slacktest.TeamID},
		"channel":      map[string]any{"id": testChannel, "name": "summit"},
		"container":    map[string]any{"type": "message", "is_ephemeral": true},
		"trigger_id":   "1.2.3",
		"response_url": responseURL,
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID, "block_id": "b1", "value": value,
			"text": map[string]any{"type": "plain_text", "text": "x"}, "action_ts": "1700000000.1",
		}},
	}
	resp, err := h.srv.Client().Do(slacktest.NewInteractionRequest(h.tb, h.srv.URL, testSecret, time.Now(), payload))
	if err != nil {
		h.tb.Fatalf("POST /slack/interactivity: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		h.tb.Fatalf("POST /slack/interactivity: status %d", resp.StatusCode)
	}
	return responseURL
}

// responses waits for n posts to response_url path (as ResponseURL gave it)
// and decodes them.
func (h *harness) responses(responseURL string, n int) []ack {
	h.tb.Helper()
	path := responseURL[strings.Index(responseURL, "/response/"):]
	deadline := time.Now().Add(wait)
	for {
		var out []ack
		for _, c := range h.slack.Calls(slacktest.ResponseURLMethod) {
			if c.Path != path {
				continue
			}
			var a ack
			if err := c.JSON(&a); err != nil {
				h.tb.Fatalf("response_url post: %v", err)
			}
			a.raw = readable(c.Body)
			out = append(out, a)
		}
		if len(out) >= n || time.Now().After(deadline) {
			if len(out) < n {
				h.tb.Fatalf("got %d posts to %s; want %d", len(out), path, n)
			}
			return out
		}
		h.slack.WaitCalls(slacktest.ResponseURLMethod, len(h.slack.Calls(slacktest.ResponseURLMethod))+1, time.Until(deadline))
	}
}

// ack is a slash command acknowledgement or a response_url post.
type ack struct {
	Text            string            `json:"text"`
	ResponseType    string            `json:"response_type"`
	ReplaceOriginal bool              `json:"replace_original"`
	DeleteOriginal  bool              `json:"delete_original"`
	Blocks          []json.RawMessage `json:"blocks"`
	raw             string
}

// readable undoes encoding/json's escapes of &, < and >, so that tests can
// look for mrkdwn as Slack receives it.
func readable(body []byte) string {
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(string(body))
}

// buttons returns the action_id → value of the buttons in a's blocks.
func (a ack) buttons() map[string]string {
	out := map[string]string{}
	for _, b := range a.Blocks {
		var blk struct {
			Type     string `json:"type"`
			Elements []struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		}
		if json.Unmarshal(b, &blk) != nil || blk.Type != "actions" {
			continue
		}
		for _, e := range blk.Elements {
			if e.Type == "button" {
				out[e.ActionID] = e.Value
			}
		}
	}
	return out
}

// seed stores hand-made extractions of the fixtures, so that these tests
// check the Slack side whatever the extraction engine finds.
func (h *harness) seed() map[string]string {
	h.tb.Helper()
	ids := map[string]string{}
	for _, ext := range fixtureExtractions(h.tb) {
		res, err := h.store.SaveExtraction(context.Background(), ext)
		if err != nil {
			h.tb.Fatalf("SaveExtraction(%s): %v", ext.Article.Source, err)
		}
		ids[ext.Article.URL] = res.ArticleID
	}
	return ids
}

const (
	harbourURL = "https://news.example/harbour-talks"
	portsURL   = "https://wire.example/ports-briefing"
	longURL    = "https://blog.example/lunde-live"
)

func readFixture(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return string(b)
}

// quoteIn returns the quote of text's words said by speaker, placed where
// they stand in text.
func quoteIn(tb testing.TB, text, speaker, words string, tm digest.Clock) digest.Quote {
	tb.Helper()
	i := strings.Index(text, words)
	if i < 0 {
		tb.Fatalf("fixture has no %q", words)
	}
	return digest.Quote{Speaker: speaker, Text: words, Kind: digest.Direct, Time: tm, Sentence: words, Offset: i}
}

func fixtureExtractions(tb testing.TB) []digest.Extraction {
	tb.Helper()
	harbour := readFixture(tb, "harbour-talks.txt")
	ports := readFixture(tb, "ports-briefing.txt")
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	borg := digest.Speaker{Name: "Helena Borg", Role: "Maltese Prime Minister", Aliases: []string{"Borg"}}
	lunde := digest.Speaker{Name: "Anders Lunde", Role: "Norwegian Foreign Minister", Aliases: []string{"Lunde"}}
	reyes := digest.Speaker{Name: "Paula Reyes", Role: "EU Commissioner", Aliases: []string{"Reyes"}}
	vella := digest.Speaker{Name: "Tomas Vella", Role: "spokesman for the Maltese government"}
	exts := []digest.Extraction{
		{
			Article:  digest.Article{Source: harbourURL, URL: harbourURL, Title: "Harbour talks end with a pledge on grain corridors", Published: day, Text: harbour},
			Speakers: []digest.Speaker{borg, lunde, reyes},
			Quotes: []digest.Quote{
				quoteIn(tb, harbour, "Helena Borg", "We cannot let the sea lanes become a bargaining chip", "09:40"),
				quoteIn(tb, harbour, "Anders Lunde", "Inspection is what builds trust between ports", "11:15"),
				quoteIn(tb, harbour, "Paula Reyes", "Every week of delay adds to the price of bread in Cairo and Tunis", "13:05"),
				quoteIn(tb, harbour, "Helena Borg", "The corridor must stay open through the winter & beyond.", ""),
				quoteIn(tb, harbour, "Paula Reyes", "We will not leave the smaller ports to fend for themselves", "16:30"),
			},
			Statements: []digest.Statement{{Speaker: "Anders Lunde", Text: "Lunde disclosed that several shipping firms had asked for naval escorts.", Offset: strings.Index(harbour, "Lunde disclosed")}},
			Decisions:  []digest.Decision{{Actor: "The twelve states", Text: "The twelve states agreed to set up a joint monitoring centre in Valletta by March.", Offset: strings.Index(harbour, "The twelve states agreed")}},
			Summary:    []string{"Leaders of twelve coastal states met in Valletta on Tuesday for a second day of talks on shipping lanes and food security."},
		},
		{
			Article:  digest.Article{Source: portsURL, URL: portsURL, Title: "Ports briefing: inspectors ready by spring", Published: day.AddDate(0, 0, 1), Text: ports},
			Speakers: []digest.Speaker{lunde, vella},
			Quotes: []digest.Quote{
				quoteIn(tb, ports, "Anders Lunde", "We are ready to lead the first patrols", ""),
				quoteIn(tb, ports, "Tomas Vella", "The corridor is a lifeline, not a luxury", ""),
			},
			Decisions: []digest.Decision{{Text: "The ministers approved a common inspection protocol for grain ships.", Offset: strings.Index(ports, "The ministers approved")}},
		},
	}
	// A live blog with many quotes of one speaker, for paging.
	var live strings.Builder
	var quotes []digest.Quote
	for i := range 8 {
		words := "Patrol update number " + string(rune('A'+i)) + " is on schedule"
		live.WriteString("At 1" + string(rune('0'+i)) + ":00 Lunde said: \"" + words + ".\"\n")
	}
	text := live.String()
	for i := range 8 {
		words := "Patrol update number " + string(rune('A'+i)) + " is on schedule"
		quotes = append(quotes, quoteIn(tb, text, "Anders Lunde", words, digest.Clock("1"+string(rune('0'+i))+":00")))
	}
	exts = append(exts, digest.Extraction{
		Article:  digest.Article{Source: longURL, URL: longURL, Title: "Live: Lunde's patrol updates", Published: day.AddDate(0, 0, 2), Text: text},
		Speakers: []digest.Speaker{lunde},
		Quotes:   quotes,
	})
	return exts
}

// countingMetrics records what the app reports to its Metrics.
type countingMetrics struct {
	mu               sync.Mutex
	articles, quotes int
}

func (m *countingMetrics) ObserveCommand(string, string, time.Duration) {}

func (m *countingMetrics) Ingested(articles, quotes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.articles += articles
	m.quotes += quotes
}

func (m *countingMetrics) ingested() (articles, quotes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.articles, m.quotes
}
