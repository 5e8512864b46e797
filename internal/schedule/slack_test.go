package schedule_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/schedule"
	"github.com/summit-digest/summit-digest/internal/slackapp"
	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/slackapp/slacktest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
)

// TestRunSlotThroughSlack posts scheduled digests through the Slack app's
// real poster to the fake Web API while it fails in the ways Slack does,
// and checks what ends up in the channel: one message per digest, never two.
func TestRunSlotThroughSlack(t *testing.T) {
	const (
		channel = "C0SLACK001"
		creator = "U0CREATOR1"
	)
	tests := []struct {
		name     string
		failures []slacktest.Failure
		// runs is how many slots are run; coverage is stored before the first.
		runs       int
		wantErr    []bool // per run
		wantDigest int    // messages in the channel at the end
		wantPaused bool
		wantDM     bool
	}{
		{name: "rate limited then posted", failures: []slacktest.Failure{{Status: 429, RetryAfter: time.Second, Times: 1}}, runs: 1, wantErr: []bool{false}, wantDigest: 1},
		{name: "slack error 503 then posted", failures: []slacktest.Failure{{Status: 503, Times: 2}}, runs: 1, wantErr: []bool{false}, wantDigest: 1},
		{name: "answer lost after slack took it", failures: []slacktest.Failure{{CutAfter: true, Times: 1}}, runs: 2, wantErr: []bool{false, false}, wantDigest: 1},
		{
			name:     "rate limited past every retry, posted at the next slot",
			failures: []slacktest.Failure{{Status: 429, Times: 3}},
			runs:     2, wantErr: []bool{true, false}, wantDigest: 1,
		},
		{name: "channel archived", failures: []slacktest.Failure{{Error: "is_archived", Times: 1}}, runs: 1, wantErr: []bool{false}, wantPaused: true, wantDM: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			fake := slacktest.New(t, slacktest.Options{BotToken: "xoxb-test"})
			api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
			quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
			poster := post.New(api, post.Options{
				MaxAttempts: 3,
				Sleep:       func(ctx context.Context, d time.Duration) error { return ctx.Err() },
				Logger:      quiet,
			})
			st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "summit.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			app := slackapp.New(slackapp.Deps{Store: st, Slack: api, Poster: poster, Logger: quiet})
			sched, err := schedule.New(schedule.Options{Store: st, Poster: app, Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			sc, err := st.AddSchedule(ctx, store.Schedule{Channel: channel, Spec: "@every 1m", CreatedBy: creator})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.SaveExtraction(ctx, digest.Extraction{
				Article: digest.Article{Source: "https://news.example.org/a", URL: "https://news.example.org/a", Title: "Talks resume",
					Text: "The envoy said: \"We are closer than we were.\""},
				Speakers: []digest.Speaker{{Name: "the envoy"}},
				Quotes:   []digest.Quote{{Speaker: "the envoy", Text: "We are closer than we were.", Kind: digest.Direct, Offset: 18}},
			}); err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.failures {
				fake.Fail("chat.postMessage", f)
			}

			slot := time.Now().Truncate(time.Minute).Add(time.Minute)
			for i := range tt.runs {
				err := sched.RunSlot(ctx, sc.ID, slot.Add(time.Duration(i)*time.Minute))
				if (err != nil) != tt.wantErr[i] {
					t.Errorf("run %d: RunSlot = %v; want error %v", i+1, err, tt.wantErr[i])
				}
			}

			var digests int
			for _, m := range fake.Messages(channel) {
				if m.ThreadTS == "" {
					digests++
					if !strings.Contains(m.Text+string(m.Blocks), "We are closer than we were.") {
						t.Errorf("message in %s lacks the quote: %s", channel, m.Blocks)
					}
				}
			}
			if digests != tt.wantDigest {
				t.Errorf("%d digests in the channel; want %d", digests, tt.wantDigest)
			}
			if open, err := st.OpenClaims(ctx, sc.ID); err != nil || len(open) != 0 {
				t.Errorf("OpenClaims = %v, %v; want none left open", open, err)
			}
			got, err := st.Schedule(ctx, sc.ID)
			if err != nil || got.Paused != tt.wantPaused {
				t.Errorf("Schedule.Paused = %v, %v; want %v", got.Paused, err, tt.wantPaused)
			}
			dms := fake.Messages(creator)
			if tt.wantDM != (len(dms) == 1) || len(dms) > 1 {
				t.Errorf("%d direct messages to the creator; want a DM: %v", len(dms), tt.wantDM)
			}
			if tt.wantDM && len(dms) == 1 && !strings.Contains(dms[0].Text+string(dms[0].Blocks), "paused") {
				t.Errorf("direct message %q does not say the digest is paused", dms[0].Text)
			}
		})
	}
}
