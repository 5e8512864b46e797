package slacktest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
)

// TestDelay checks a held call: a slow success takes effect after the
// delay, and a call whose caller gives up during it takes none.
func TestDelay(t *testing.T) {
	const hold = 300 * time.Millisecond
	fake := slacktest.New(t, slacktest.Options{})
	api := slack.New("xoxb-x", slack.OptionAPIURL(fake.APIURL()))

	arrived := make(chan struct{}, 1)
	fake.Fail("chat.postMessage", slacktest.Failure{Delay: hold, Arrived: arrived, Times: 1})
	start := time.Now()
	if _, _, err := api.PostMessage("C0SLOW0001", slack.MsgOptionText("slow", false)); err != nil {
		t.Fatalf("slow post: %v", err)
	}
	if took := time.Since(start); took < hold {
		t.Errorf("slow post answered after %v; want at least %v", took, hold)
	}
	select {
	case <-arrived:
	default:
		t.Error("Arrived was not signalled")
	}
	if n := len(fake.Messages("C0SLOW0001")); n != 1 {
		t.Errorf("slow post stored %d messages; want 1", n)
	}

	fake.Fail("chat.postMessage", slacktest.Failure{Delay: time.Minute, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := api.PostMessageContext(ctx, "C0GAVEUP01", slack.MsgOptionText("gave up", false)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("post given up: %v; want the deadline", err)
	}
	calls := fake.WaitCalls("chat.postMessage", 2, 5*time.Second)
	if len(calls) != 2 || calls[1].Status != 0 || len(fake.Messages("C0GAVEUP01")) != 0 {
		t.Errorf("a post given up during its delay: %d calls, last status %d, %d messages; want it recorded with status 0 and no message",
			len(calls), calls[len(calls)-1].Status, len(fake.Messages("C0GAVEUP01")))
	}
}

// TestClear checks that Clear ends a failure that has no count.
func TestClear(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	api := slack.New("xoxb-x", slack.OptionAPIURL(fake.APIURL()))
	fake.Fail("auth.test", slacktest.Failure{Error: "invalid_auth"})
	for range 2 {
		if _, err := api.AuthTest(); err == nil {
			t.Fatal("auth.test succeeded while failing")
		}
	}
	fake.Clear("auth.test")
	if _, err := api.AuthTest(); err != nil {
		t.Errorf("auth.test after Clear: %v", err)
	}
}

// TestSkip checks that a failure with Skip lets that many calls through
// and then fails the next ones.
func TestSkip(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	api := slack.New("xoxb-x", slack.OptionAPIURL(fake.APIURL()))
	fake.Fail("chat.postMessage", slacktest.Failure{Error: "msg_too_long", Skip: 2, Times: 1})
	var got []bool
	for i := range 4 {
		_, _, err := api.PostMessage("C0SKIP0001", slack.MsgOptionText(fmt.Sprint("part ", i), false))
		got = append(got, err == nil)
	}
	if want := []bool{true, true, false, true}; !slices.Equal(got, want) {
		t.Errorf("posts succeeded %v; want %v", got, want)
	}
}

// TestThreads checks that conversations.history keeps thread replies out,
// as Slack does, and that conversations.replies returns a thread whole.
func TestThreads(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	api := slack.New("xoxb-x", slack.OptionAPIURL(fake.APIURL()))
	const channel = "C0THREAD01"
	post := func(text, thread string) string {
		t.Helper()
		opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
		if thread != "" {
			opts = append(opts, slack.MsgOptionTS(thread))
		}
		_, ts, err := api.PostMessage(channel, opts...)
		if err != nil {
			t.Fatalf("post %q: %v", text, err)
		}
		return ts
	}
	parent := post("parent", "")
	post("reply 1", parent)
	other := post("other", "")
	post("reply 2", parent)
	post("reply elsewhere", other)

	texts := func(msgs []slack.Message) []string {
		var out []string
		for _, m := range msgs {
			out = append(out, m.Text)
		}
		slices.Sort(out)
		return out
	}
	hist, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: channel})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := texts(hist.Messages), []string{"other", "parent"}; !slices.Equal(got, want) {
		t.Errorf("conversations.history = %q; want %q", got, want)
	}
	replies, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: channel, Timestamp: parent})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := texts(replies), []string{"parent", "reply 1", "reply 2"}; !slices.Equal(got, want) {
		t.Errorf("conversations.replies of the parent = %q; want %q", got, want)
	}
}
