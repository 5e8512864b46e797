package slackapp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// settle waits for every piece of background work to finish, so that a test
// can count what did not happen.
func (h *harness) settle() {
	h.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := h.app.Close(ctx); err != nil {
		h.tb.Fatalf("App.Close: %v", err)
	}
}

func mention(text, ts string) map[string]any {
	return map[string]any{"type": "app_mention", "user": testUser, "text": text, "ts": ts, "channel": testChannel, "event_ts": ts}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	status, body := h.event(map[string]any{"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}, 0)
	if status != http.StatusOK || body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", status, body)
	}
}

// TestMentionAnsweredInThreadOnce answers a mention in its thread, and a
// retry of the same event (X-Slack-Retry-Num) not at all.
func TestMentionAnsweredInThreadOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	ev := slacktest.EventCallback("Ev0MENTION1", mention("<@"+slacktest.BotUserID+"> who-said Borg", "1700000100.000200"))
	for retry := range 3 {
		if status, _ := h.event(ev, retry); status != http.StatusOK {
			t.Fatalf("delivery %d: status %d", retry, status)
		}
	}
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("a mention delivered 3 times was answered %d times", len(posts))
	}
	p := posts[0]
	if p.Form.Get("channel") != testChannel || p.Form.Get("thread_ts") != "1700000100.000200" {
		t.Errorf("answer went to channel %q thread %q; want %s thread 1700000100.000200", p.Form.Get("channel"), p.Form.Get("thread_ts"), testChannel)
	}
	if !strings.Contains(p.Form.Get("blocks"), "bargaining chip") {
		t.Errorf("answer lacks Borg's quote: %s", p.Form.Get("blocks"))
	}
}

func TestMentionInThreadAndDigest(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	m := mention("<@"+slacktest.BotUserID+"> digest", "1700000200.000300")
	m["thread_ts"] = "1700000199.000100"
	h.event(slacktest.EventCallback("Ev0DIGEST01", m), 0)
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) == 0 {
		t.Fatal("a digest mention posted nothing")
	}
	for _, p := range posts {
		if p.Form.Get("thread_ts") != "1700000199.000100" {
			t.Errorf("digest part posted to thread %q; want the mention's thread", p.Form.Get("thread_ts"))
		}
		if strings.Contains(p.Form.Get("blocks"), "Building") {
			t.Error("a mention got the progress note")
		}
	}
}

func TestMentionByABotIsIgnored(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	m := mention("<@"+slacktest.BotUserID+"> help", "1700000300.000100")
	m["bot_id"] = "B0OTHERBOT"
	h.event(slacktest.EventCallback("Ev0BOT00001", m), 0)
	h.settle()
	if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("another bot's mention got %d answers", n)
	}
}

func TestHelloOnceWhenInvited(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	joined := func(user string) map[string]any {
		return map[string]any{"type": "member_joined_channel", "user": user, "channel": testChannel, "channel_type": "C", "team": slacktest.TeamID}
	}
	h.event(slacktest.EventCallback("Ev0JOIN0001", joined("U0SOMEBODY")), 0)
	h.event(slacktest.EventCallback("Ev0JOIN0002", joined(slacktest.BotUserID)), 0)
	if got := h.slack.WaitCalls("chat.postMessage", 1, wait); len(got) != 1 {
		t.Fatalf("the bot's invitation made %d posts; want 1", len(got))
	}
	// Invited again later (removed and re-added): no second hello.
	h.event(slacktest.EventCallback("Ev0JOIN0003", joined(slacktest.BotUserID)), 0)
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("hello posted %d times; want once", len(posts))
	}
	if !strings.Contains(posts[0].Form.Get("text"), "Hello") || !strings.Contains(posts[0].Form.Get("blocks"), "who-said") {
		t.Errorf("hello says %q / %s", posts[0].Form.Get("text"), posts[0].Form.Get("blocks"))
	}
}

func TestUninstallStopsPosting(t *testing.T) {
	for _, kind := range []string{"app_uninstalled", "tokens_revoked"} {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, harnessOptions{})
			inner := map[string]any{"type": kind}
			if kind == "tokens_revoked" {
				inner["tokens"] = map[string]any{"bot": []string{slacktest.BotUserID}}
			}
			h.event(slacktest.EventCallback("Ev0STOP0001", inner), 0)
			if !h.app.Stopped() {
				t.Fatalf("%s acknowledged but posting not stopped", kind)
			}
			h.event(slacktest.EventCallback("Ev0AFTER001", mention("<@"+slacktest.BotUserID+"> help", "1700000400.000100")), 0)
			h.settle()
			if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
				t.Errorf("posted %d messages after %s", n, kind)
			}
			if _, err := h.app.PostText(context.Background(), testChannel, "hello?"); !errors.Is(err, slackapp.ErrStopped) {
				t.Errorf("Post after %s: %v; want ErrStopped", kind, err)
			}
		})
	}
}

// TestUserTokensRevokedKeepPosting checks that tokens_revoked naming only
// users' tokens, which the app does not use, leaves posting on: a stop
// would last until a restart.
func TestUserTokensRevokedKeepPosting(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.event(slacktest.EventCallback("Ev0USERTOK1", map[string]any{"type": "tokens_revoked",
		"tokens": map[string]any{"oauth": []string{"U0SOMEONE01"}}}), 0)
	if h.app.Stopped() {
		t.Fatal("posting stopped after tokens_revoked of a user token")
	}
	if _, err := h.app.PostText(context.Background(), testChannel, "still here"); err != nil {
		t.Errorf("PostText after a user token was revoked: %v", err)
	}
	again := newApp(t, h.slack, h.store)
	if err := again.Restore(context.Background()); err != nil || again.Stopped() {
		t.Errorf("a restart after a user token was revoked: Restore = %v, Stopped = %v; want nil, false", err, again.Stopped())
	}
}

func TestWatchedChannelLinks(t *testing.T) {
	var (
		mu      sync.Mutex
		fetched []string
	)
	text := readFixture(t, "ports-briefing.txt")
	h := newHarness(t, harnessOptions{fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		mu.Lock()
		fetched = append(fetched, source)
		mu.Unlock()
		if strings.Contains(source, "broken") {
			return digest.Article{}, errors.New("fetch " + source + ": 404 Not Found")
		}
		return digest.Article{Source: source, URL: source, Title: "Ports", Text: text}, nil
	})})
	message := func(id, channel, ts, body string) map[string]any {
		return slacktest.EventCallback(id, map[string]any{"type": "message", "channel": channel, "user": testUser, "text": body, "ts": ts, "channel_type": "channel"})
	}
	// A channel that is not watched: the link is left alone.
	h.event(message("Ev0MSG00001", "C0NOTWATCH1", "1700000500.000100", "look <https://wire.example/a>"), 0)

	if _, a := h.command("watch on"); !strings.Contains(a.raw, "whole workspace") || a.ResponseType != "in_channel" {
		t.Fatalf("watch on answered %s", a.raw)
	}
	h.event(message("Ev0MSG00002", testChannel, "1700000600.000100", "new: <https://wire.example/b|wire> and <https://wire.example/broken>"), 0)
	h.settle()

	mu.Lock()
	defer mu.Unlock()
	if len(fetched) != 2 || fetched[0] != "https://wire.example/b" {
		t.Errorf("fetched %q; want the two links of the watched message", fetched)
	}
	reactions := h.slack.Calls("reactions.add")
	if len(reactions) != 1 || reactions[0].Form.Get("timestamp") != "1700000600.000100" {
		t.Errorf("reactions.add calls: %+v", reactions)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("thread_ts") != "1700000600.000100" || !strings.Contains(posts[0].Form.Get("text"), "404") {
		t.Errorf("the failed link's reply: %+v", posts)
	}
}

func TestWatchRefusesDirectMessages(t *testing.T) {
	h := newHarness(t, harnessOptions{fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		return digest.Article{}, errors.New("unused")
	})})
	_, a := h.commandWith(slacktest.Command{Text: "watch on", ChannelID: "D0DIRECT01", UserID: testUser, ResponseURL: h.slack.ResponseURL()})
	if !strings.Contains(a.raw, "only watch public channels") {
		t.Errorf("watch on in a DM answered %s", a.raw)
	}
}

func TestChannelGonePausesSchedules(t *testing.T) {
	fs := &fakeScheduler{}
	h := newHarness(t, harnessOptions{scheduler: fs})
	h.event(slacktest.EventCallback("Ev0ARCH0001", map[string]any{"type": "channel_archive", "channel": "C0ARCHIVED1", "user": testUser}), 0)
	h.event(slacktest.EventCallback("Ev0LEFT0001", map[string]any{"type": "member_left_channel", "channel": "C0LEFT00001", "user": slacktest.BotUserID}), 0)
	h.event(slacktest.EventCallback("Ev0LEFT0002", map[string]any{"type": "member_left_channel", "channel": "C0OTHER0001", "user": testUser}), 0)
	h.settle()
	got := strings.Join(fs.paused, "; ")
	want := "C0ARCHIVED1: <#C0ARCHIVED1> was archived; C0LEFT00001: I was removed from <#C0LEFT00001>"
	want2 := "C0LEFT00001: I was removed from <#C0LEFT00001>; C0ARCHIVED1: <#C0ARCHIVED1> was archived"
	if got != want && got != want2 {
		t.Errorf("paused %q; want %q", got, want)
	}
}

func TestAddToDigestShortcut(t *testing.T) {
	text := readFixture(t, "ports-briefing.txt")
	h := newHarness(t, harnessOptions{fetcher: fetcherFunc(func(ctx context.Context, source string) (digest.Article, error) {
		return digest.Article{Source: source, URL: source, Title: "Ports", Text: text}, nil
	})})
	shortcut := func(messageText string) string {
		responseURL := h.slack.ResponseURL()
		payload := map[string]any{
			"type": "message_action", "callback_id": slackapp.ShortcutAddToDigest, "trigger_id": "1.2",
			"user": map[string]any{"id": testUser}, "channel": map[string]any{"id": "G0PRIVATE01"},
			"message":      map[string]any{"type": "message", "text": messageText, "ts": "1700001000.000100"},
			"response_url": responseURL,
		}
		resp, err := h.srv.Client().Do(slacktest.NewInteractionRequest(t, h.srv.URL, testSecret, time.Now(), payload))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return h.responses(responseURL, 1)[0].raw
	}
	if got := shortcut("read <https://wire.example/ports|this>"); !strings.Contains(got, "Added https://wire.example/ports as article") {
		t.Errorf("shortcut on a link answered %s", got)
	}
	if got := shortcut("no links here"); !strings.Contains(got, "no links") {
		t.Errorf("shortcut on a message without links answered %s", got)
	}
}
