package slackapp_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// TestStopSurvivesRestart uninstalls the app, then starts a new App over
// the same database, as a restarted process or another replica would: it
// does not post while Slack refuses the token, and posts again once Slack
// accepts a token (the app was installed again).
func TestStopSurvivesRestart(t *testing.T) {
	for _, kind := range []string{"app_uninstalled", "tokens_revoked"} {
		t.Run(kind, func(t *testing.T) {
			h := newHarness(t, harnessOptions{})
			inner := map[string]any{"type": kind}
			if kind == "tokens_revoked" {
				inner["tokens"] = map[string]any{"bot": []string{slacktest.BotUserID}}
			}
			if status, _ := h.event(slacktest.EventCallback("Ev0STOP0002", inner), 0); status != 200 {
				t.Fatalf("%s: status %d", kind, status)
			}
			ctx := context.Background()
			restarted := newApp(t, h.slack, h.store)
			if err := restarted.Restore(ctx); err != nil {
				t.Fatalf("Restore: %v", err)
			}
			if !restarted.Stopped() {
				t.Fatalf("a restarted app posts after %s", kind)
			}
			// The revoked token: auth.test fails and the stop holds.
			h.slack.Fail("auth.test", slacktest.Failure{Error: "token_revoked", Times: 1})
			if err := restarted.Identify(ctx); err == nil {
				t.Fatal("Identify with a revoked token succeeded")
			}
			if _, err := restarted.PostText(ctx, testChannel, "hello?"); !errors.Is(err, slackapp.ErrStopped) {
				t.Errorf("PostText after %s and a restart: %v; want ErrStopped", kind, err)
			}
			if n := len(h.slack.Calls("chat.postMessage")); n != 0 {
				t.Errorf("%d messages posted after %s", n, kind)
			}
			// Installed again: Slack accepts the token, posting resumes, and
			// the next restart does not bring the stop back.
			if err := restarted.Identify(ctx); err != nil {
				t.Fatalf("Identify: %v", err)
			}
			if restarted.Stopped() {
				t.Fatal("still stopped after Slack accepted the token")
			}
			if _, err := restarted.PostText(ctx, testChannel, "back"); err != nil {
				t.Errorf("PostText after a reinstall: %v", err)
			}
			again := newApp(t, h.slack, h.store)
			if err := again.Restore(ctx); err != nil || again.Stopped() {
				t.Errorf("after a reinstall, a restart: Restore = %v, Stopped = %v; want nil, false", err, again.Stopped())
			}
		})
	}
}

// TestStopReachesOtherReplicas checks that a replica that did not receive
// app_uninstalled stops posting too, without a restart.
func TestStopReachesOtherReplicas(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	other := newApp(t, h.slack, h.store)
	if err := other.Identify(context.Background()); err != nil {
		t.Fatalf("Identify: %v", err)
	}
	if _, err := other.PostText(context.Background(), testChannel, "before"); err != nil {
		t.Fatalf("PostText before the uninstall: %v", err)
	}
	h.event(slacktest.EventCallback("Ev0STOP0004", map[string]any{"type": "app_uninstalled"}), 0)
	if _, err := other.PostText(context.Background(), testChannel, "after"); !errors.Is(err, slackapp.ErrStopped) {
		t.Errorf("another replica's PostText after the uninstall: %v; want ErrStopped", err)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted; want only the one before the uninstall", n)
	}
}

// TestStopThatCannotBeRecordedIsRetried checks that an uninstall the store
// cannot record is refused with a 500, so that Slack delivers it again,
// and still stops this process at once.
func TestStopThatCannotBeRecordedIsRetried(t *testing.T) {
	h := newHarness(t, harnessOptions{wrap: func(s store.Store) store.Store { return failingSettings{s} }})
	if status, _ := h.event(slacktest.EventCallback("Ev0STOP0003", map[string]any{"type": "app_uninstalled"}), 0); status != 500 {
		t.Errorf("app_uninstalled that could not be recorded: status %d; want 500", status)
	}
	if !h.app.Stopped() {
		t.Error("posting not stopped")
	}
}

// failingSettings is a store whose settings cannot be written.
type failingSettings struct{ store.Store }

func (failingSettings) SetChannelSetting(ctx context.Context, channel, key, value string) error {
	return errors.New("disk full")
}

// newApp builds an App over st and the fake, as a second process would.
func newApp(tb testing.TB, fake *slacktest.Server, st *sqlite.Store) *slackapp.App {
	tb.Helper()
	api := slack.New(testBotToken, slack.OptionAPIURL(fake.APIURL()))
	return slackapp.New(slackapp.Deps{
		Store:  st,
		Slack:  api,
		Poster: post.New(api, post.Options{}),
		Logger: slog.New(slog.DiscardHandler),
	})
}
