package slackapp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// TestSchedulePoster checks the App as the scheduler's Poster: a digest
// stamped with its id that FindDigest finds again, a rate limit that ends
// in one message, and channels that are gone reported as such.
func TestSchedulePoster(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.seed()
	ctx := context.Background()
	exts, err := h.store.Extractions(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	d := digest.Build(exts, digest.BuildOptions{Title: "Valletta talks"})
	start := time.Now().Add(-time.Minute)

	h.slack.Fail("chat.postMessage", slacktest.Failure{Status: http.StatusTooManyRequests, RetryAfter: time.Second, Times: 1})
	ts, err := h.app.PostDigest(ctx, testChannel, d, schedule.DigestID(1, 7), start, time.Time{})
	if err != nil || ts == "" {
		t.Fatalf("PostDigest after a 429 = %q, %v", ts, err)
	}
	first := h.slack.Messages(testChannel)
	if len(first) == 0 || first[0].TS != ts || !strings.Contains(string(first[0].Metadata), schedule.DigestID(1, 7)) {
		t.Fatalf("posted %d messages; the first is %+v", len(first), first)
	}
	if got, err := h.app.FindDigest(ctx, testChannel, schedule.DigestID(1, 7), start, time.Time{}); err != nil || got != ts {
		t.Errorf("FindDigest = %q, %v; want %q", got, err, ts)
	}
	if got, err := h.app.FindDigest(ctx, testChannel, schedule.DigestID(1, 8), start, time.Time{}); err != nil || got != "" {
		t.Errorf("FindDigest of a digest never posted = %q, %v; want \"\"", got, err)
	}

	for _, code := range []string{"not_in_channel", "channel_not_found", "is_archived"} {
		h.slack.Fail("chat.postMessage", slacktest.Failure{Error: code, Times: 1})
		if _, err := h.app.PostDigest(ctx, "C0GONE00001", d, schedule.DigestID(2, 1), start, time.Time{}); !errors.Is(err, schedule.ErrChannelUnavailable) {
			t.Errorf("PostDigest refused with %s: %v; want ErrChannelUnavailable", code, err)
		}
	}
	if _, err := h.app.PostText(ctx, "U0CREATOR01", "Your digest in <#C0GONE00001> is paused."); err != nil {
		t.Errorf("PostText: %v", err)
	}
	dm := h.slack.Messages("U0CREATOR01")
	if len(dm) != 1 || !strings.Contains(readable(dm[0].Blocks), "<#C0GONE00001>") {
		t.Errorf("PostText posted %+v; want the mention kept", dm)
	}
}

// TestCommandAnswersSlackRefusal shows a Slack refusal of a post as a
// sentence the user can act on, and logs it.
func TestCommandAnswersSlackRefusal(t *testing.T) {
	tests := []struct {
		code string
		want string
	}{
		{code: "not_in_channel", want: "not a member of that channel"},
		{code: "channel_not_found", want: "can't find that channel"},
		{code: "invalid_auth", want: "reinstall the app"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			h := newHarness(t, harnessOptions{})
			h.seed()
			h.slack.Fail("chat.postMessage", slacktest.Failure{Error: tt.code})
			responseURL := h.slack.ResponseURL()
			h.commandWith(slacktest.Command{Text: "digest post", ChannelID: testChannel, UserID: testUser, ResponseURL: responseURL})
			got := h.responses(responseURL, 1)[0]
			if !strings.Contains(got.raw, tt.want) {
				t.Errorf("digest post refused with %s answered %s; want %q", tt.code, got.raw, tt.want)
			}
			h.settle()
			if log := h.logs.String(); !strings.Contains(log, "slack refused a post") || !strings.Contains(log, tt.code) {
				t.Errorf("the refusal %s is not logged:\n%s", tt.code, log)
			}
		})
	}
}

func TestIsAdmin(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{Admins: []string{"U0ADMIN001"}})
	app := slackapp.New(slackapp.Deps{Slack: slack.New("xoxb-x", slack.OptionAPIURL(fake.APIURL()))})
	for user, want := range map[string]bool{"U0ADMIN001": true, "U0MEMBER01": false} {
		got, err := app.IsAdmin(context.Background(), user)
		if err != nil || got != want {
			t.Errorf("IsAdmin(%s) = %v, %v; want %v", user, got, err, want)
		}
	}
}
