package slackapp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// seedMany stores one article in which Mira Quell is quoted n times, each
// quote holding the words "tidal levy".
func (h *harness) seedMany(n int) {
	h.tb.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Quell said: \"Round %03d of the tidal levy talks is done.\"\n", i)
	}
	text := b.String()
	quotes := make([]digest.Quote, n)
	for i := range n {
		quotes[i] = quoteIn(h.tb, text, "Mira Quell", fmt.Sprintf("Round %03d of the tidal levy talks is done.", i), "")
	}
	ext := digest.Extraction{
		Article:  digest.Article{Source: "https://levy.example/live", URL: "https://levy.example/live", Title: "Levy talks live", Published: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Text: text},
		Speakers: []digest.Speaker{{Name: "Mira Quell", Role: "trade envoy", Aliases: []string{"Quell"}}},
		Quotes:   quotes,
	}
	if _, err := h.store.SaveExtraction(context.Background(), ext); err != nil {
		h.tb.Fatalf("SaveExtraction: %v", err)
	}
}

// TestWhoSaidCountPastTheLimit checks the count an answer gives: exact up
// to the search limit (50), "50+" past it rather than a false "of 50".
func TestWhoSaidCountPastTheLimit(t *testing.T) {
	tests := []struct {
		name   string
		quotes int
		text   string
		want   string
	}{
		{name: "speaker, exactly the limit", quotes: 50, text: "who-said Quell", want: "1–5 of 50 quotes"},
		{name: "speaker, past the limit", quotes: 51, text: "who-said Quell", want: "1–5 of 50+ quotes"},
		{name: "phrase, exactly the limit", quotes: 50, text: `who-said "tidal levy"`, want: "of 50 quotes"},
		{name: "phrase, past the limit", quotes: 120, text: `who-said "tidal levy"`, want: "of 50+ quotes"},
		{name: "speaker, below the limit", quotes: 7, text: "who-said Quell", want: "1–5 of 7 quotes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{})
			h.seedMany(tt.quotes)
			_, a := h.command(tt.text)
			if !strings.Contains(a.raw, tt.want) {
				t.Errorf("/summit %s over %d quotes: answer lacks %q:\n%s", tt.text, tt.quotes, tt.want, a.raw)
			}
			if tt.quotes > 50 && strings.Contains(a.raw, "of 50 quotes") {
				t.Errorf("/summit %s over %d quotes claims there are 50", tt.text, tt.quotes)
			}
		})
	}
}

// TestResponseURLUsesCounted sends slow commands that all answer through
// one response_url: Slack takes five answers through it, so the sixth is
// never sent but logged.
func TestResponseURLUsesCounted(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	responseURL := h.slack.ResponseURL()
	for range 6 {
		h.commandWith(slacktest.Command{Text: "summary 12345678", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
	}
	h.settle()
	if got := len(h.responses(responseURL, 5)); got != 5 {
		t.Errorf("six answers through one response_url made %d posts to it; want 5", got)
	}
	if !strings.Contains(h.logs.String(), "response_url") {
		t.Errorf("the refused sixth answer is not logged:\n%s", h.logs)
	}
}
