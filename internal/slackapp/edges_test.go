package slackapp_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/ingest"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// manyFeeds lists enough feeds that their status is far over Socket Mode's
// 20 KB ack.
type manyFeeds int

func (n manyFeeds) Status() []ingest.FeedStatus {
	out := make([]ingest.FeedStatus, n)
	for i := range out {
		out[i] = ingest.FeedStatus{URL: fmt.Sprintf("https://feeds.example/world/europe/summit-coverage/live/%04d/rss.xml", i)}
	}
	return out
}

// TestSocketModeAnswerTooBigForTheAck checks that an answer over Socket
// Mode's 20 KB is acknowledged empty and sent through the response_url.
func TestSocketModeAnswerTooBigForTheAck(t *testing.T) {
	h := newHarness(t, harnessOptions{feeds: manyFeeds(400)})
	api := slack.New(testBotToken, slack.OptionAppLevelToken(testAppToken), slack.OptionAPIURL(h.slack.APIURL()))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.app.RunSocketMode(ctx, api) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunSocketMode: %v", err)
		}
	}()
	if err := h.slack.WaitSocket(wait); err != nil {
		t.Fatal(err)
	}
	cmd := slacktest.Command{Text: "feeds", ChannelID: testChannel, UserID: testUser, ResponseURL: h.slack.ResponseURL()}
	id, err := h.slack.SendEnvelope("slash_commands", cmd.Payload())
	if err != nil {
		t.Fatal(err)
	}
	ack, err := h.slack.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Size >= 20*1024 || strings.Contains(string(ack.Payload), "feeds.example") {
		t.Errorf("ack of a big answer is %d bytes: %.200s", ack.Size, ack.Payload)
	}
	got := h.responses(cmd.ResponseURL, 1)[0]
	if !strings.Contains(got.raw, "/0000/rss.xml") || !strings.Contains(got.raw, "/0399/rss.xml") {
		t.Errorf("the big answer through response_url lacks the feeds: %.300s", got.raw)
	}
}

// panickyStore is a store whose speaker list panics.
type panickyStore struct{ store.Store }

func (panickyStore) Speakers(ctx context.Context, summit string) ([]store.SpeakerInfo, error) {
	panic("speakers exploded")
}

// TestPanicInACommand checks that a panic while answering is a 500 and a
// log line, and that the app goes on answering.
func TestPanicInACommand(t *testing.T) {
	h := newHarness(t, harnessOptions{wrap: func(s store.Store) store.Store { return panickyStore{s} }})
	if status, _ := h.command("speakers"); status != http.StatusInternalServerError {
		t.Errorf("speakers with a panicking store: status %d; want 500", status)
	}
	if !strings.Contains(h.logs.String(), "panic in handler") || !strings.Contains(h.logs.String(), "speakers exploded") {
		t.Errorf("the panic is not logged:\n%s", h.logs)
	}
	if status, a := h.command("help"); status != http.StatusOK || !strings.Contains(a.raw, "who-said") {
		t.Errorf("help after a panic: %d %s", status, a.raw)
	}
}

// TestSummaryOfAURL fetches an article that is not stored and summarises
// it without storing it.
func TestSummaryOfAURL(t *testing.T) {
	text := readFixture(t, "harbour-talks.txt")
	var fetched []string
	h := newHarness(t, harnessOptions{fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		fetched = append(fetched, source)
		return digest.Article{Source: source, URL: source, Title: "Harbour talks end with a pledge on grain corridors", Text: text}, nil
	})})
	responseURL := h.slack.ResponseURL()
	h.commandWith(slacktest.Command{Text: "summary <https://news.example/harbour?x=1&amp;y=2|news.example>", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	got := h.responses(responseURL, 1)[0]
	if !strings.Contains(got.raw, "Harbour talks end with a pledge") {
		t.Errorf("summary of a URL answered %s", got.raw)
	}
	h.settle()
	if len(fetched) != 1 || fetched[0] != "https://news.example/harbour?x=1&y=2" {
		t.Errorf("fetched %q; want the link as typed", fetched)
	}
	if arts, err := h.store.Articles(context.Background(), store.Filter{}); err != nil || len(arts) != 0 {
		t.Errorf("a summary stored %d articles (%v); want none", len(arts), err)
	}
}

// TestWatchRefusesPrivateChannels checks watch on in a private channel
// whose ID starts with C, as newer ones do: conversations.info tells.
func TestWatchRefusesPrivateChannels(t *testing.T) {
	const private = "C0PRIVATE01"
	h := newHarness(t, harnessOptions{private: []string{private}, fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		return digest.Article{}, errors.New("unused")
	})})
	_, a := h.commandWith(slacktest.Command{Text: "watch on", ChannelID: private, UserID: testUser, ResponseURL: h.slack.ResponseURL()})
	if !strings.Contains(a.raw, "only watch public channels") {
		t.Errorf("watch on in a private channel answered %s", a.raw)
	}
	if v, err := h.store.ChannelSetting(context.Background(), private, "watch_links"); err == nil && v == "on" {
		t.Error("a private channel is watched")
	}
	if calls := h.slack.Calls("conversations.info"); len(calls) != 1 || calls[0].Form.Get("channel") != private {
		t.Errorf("conversations.info calls %+v; want one for %s", calls, private)
	}
}
