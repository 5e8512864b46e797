package slackapp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// TestSocketMode runs the app over Socket Mode against the fake: slash
// commands are answered in the ack, events and clicks are acknowledged and
// handled by the same code as over HTTP.
func TestSocketMode(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
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
		t.Fatalf("%v; calls %+v; log:\n%s", err, h.slack.Calls("apps.connections.open"), h.logs)
	}
	if calls := h.slack.Calls("apps.connections.open"); len(calls) == 0 || calls[0].Token != testAppToken {
		t.Fatalf("apps.connections.open calls %+v; want one with the app token", calls)
	}

	// A slash command: the answer is the ack's payload.
	cmd := slacktest.Command{Text: "who-said “price of bread”", ChannelID: testChannel, UserID: testUser, ResponseURL: h.slack.ResponseURL()}
	id, err := h.slack.SendEnvelope("slash_commands", cmd.Payload())
	if err != nil {
		t.Fatal(err)
	}
	ack, err := h.slack.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(readable(ack.Payload), "Paula Reyes") || ack.Size >= 20*1024 {
		t.Errorf("ack of who-said (%d bytes): %s", ack.Size, ack.Payload)
	}

	// A slow command: acked at once, finished through response_url.
	cmd = slacktest.Command{Text: "digest", ChannelID: testChannel, UserID: testUser, ResponseURL: h.slack.ResponseURL()}
	id, _ = h.slack.SendEnvelope("slash_commands", cmd.Payload())
	if ack, err := h.slack.WaitAck(id, wait); err != nil || !strings.Contains(string(ack.Payload), "Building") {
		t.Errorf("ack of digest: %s, %v", ack.Payload, err)
	}
	if got := h.responses(cmd.ResponseURL, 1)[0]; len(got.buttons()) == 0 {
		t.Errorf("digest preview over Socket Mode: %s", got.raw)
	}

	// An event: acked empty, answered in the thread.
	ev := slacktest.EventCallback("Ev0SOCKET01", mention("<@"+slacktest.BotUserID+"> who-said Vella", "1700000900.000100"))
	id, _ = h.slack.SendEnvelope("events_api", ev)
	if ack, err := h.slack.WaitAck(id, wait); err != nil || len(ack.Payload) != 0 {
		t.Errorf("ack of an event: %s, %v", ack.Payload, err)
	}
	posts := h.slack.WaitCalls("chat.postMessage", 1, wait)
	if len(posts) != 1 || posts[0].Form.Get("thread_ts") != "1700000900.000100" || !strings.Contains(posts[0].Form.Get("blocks"), "lifeline") {
		t.Errorf("mention over Socket Mode: %+v", posts)
	}

	// The same event again (Slack's retry): acked, not answered twice.
	id, _ = h.slack.SendEnvelope("events_api", ev)
	if _, err := h.slack.WaitAck(id, wait); err != nil {
		t.Error(err)
	}

	// A click: acked, answered through its response_url.
	responseURL := h.slack.ResponseURL()
	payload := map[string]any{
		"type": "block_actions", "user": map[string]any{"id": testUser}, "channel": map[string]any{"id": testChannel},
		"response_url": responseURL,
		"actions":      []map[string]any{{"type": "button", "action_id": "summit_cancel", "block_id": "b1", "value": "x"}},
	}
	id, _ = h.slack.SendEnvelope("interactive", payload)
	if _, err := h.slack.WaitAck(id, wait); err != nil {
		t.Error(err)
	}
	if got := h.responses(responseURL, 1)[0]; !got.DeleteOriginal {
		t.Errorf("cancel over Socket Mode: %s", got.raw)
	}
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("the retried event was answered %d times", n)
	}
}
