package schedule_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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

// slackRig is a scheduler posting through the Slack app's real poster to
// the fake Web API, over a SQLite file. The store and the schedulers share
// a clock that runs with the real one and can be moved ahead of it, to a
// later slot.
type slackRig struct {
	fake  *slacktest.Server
	app   *slackapp.App
	store *sqlite.Store
	quiet *slog.Logger
	ahead atomic.Int64 // nanoseconds the rig's clock is ahead of the real one
}

func (r *slackRig) now() time.Time { return time.Now().Add(time.Duration(r.ahead.Load())) }

// skip moves the rig's clock d ahead.
func (r *slackRig) skip(d time.Duration) { r.ahead.Add(int64(d)) }

func newSlackRig(tb testing.TB) *slackRig {
	tb.Helper()
	ctx := context.Background()
	fake := slacktest.New(tb, slacktest.Options{BotToken: "xoxb-test"})
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	poster := post.New(api, post.Options{
		MaxAttempts: 3,
		Sleep:       func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		Logger:      quiet,
	})
	r := &slackRig{fake: fake, quiet: quiet}
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "summit.db"), sqlite.Options{Now: r.now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	r.store = st
	r.app = slackapp.New(slackapp.Deps{Store: st, Slack: api, Poster: poster, Logger: quiet})
	return r
}

// scheduler is a new scheduler over the rig, as one replica or one run of
// the process has it.
func (r *slackRig) scheduler(tb testing.TB, store schedule.Store) *schedule.Scheduler {
	tb.Helper()
	s, err := schedule.New(schedule.Options{Store: store, Poster: r.app, Logger: r.quiet, Now: r.now})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// seedPoints stores one article of n quotes, "Point 001 …" to "Point n …",
// enough of them for a digest of several messages.
func seedPoints(tb testing.TB, st *sqlite.Store, n int) []string {
	tb.Helper()
	var text strings.Builder
	var quotes []digest.Quote
	var speakers []digest.Speaker
	var points []string
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("Delegate %c", 'A'+rune(i%12))
		if i <= 12 {
			speakers = append(speakers, digest.Speaker{Name: fmt.Sprintf("Delegate %c", 'A'+rune(i%12))})
		}
		q := fmt.Sprintf("Point %03d of the plan is agreed.", i)
		fmt.Fprintf(&text, "%s said: \"", name)
		quotes = append(quotes, digest.Quote{Speaker: name, Text: q, Kind: digest.Direct, Offset: text.Len()})
		fmt.Fprintf(&text, "%s\" ", q)
		points = append(points, q)
	}
	if _, err := st.SaveExtraction(context.Background(), digest.Extraction{
		Article:  digest.Article{Source: "https://news.example.org/points", URL: "https://news.example.org/points", Title: "The plan, point by point", Text: text.String()},
		Speakers: speakers,
		Quotes:   quotes,
	}); err != nil {
		tb.Fatal(err)
	}
	return points
}

// digestPart is a message of the channel as a part of a digest.
type digestPart struct {
	msg      slacktest.Message
	digestID string
	part     int
}

// digestParts returns the digest messages of channel, thread replies
// included, in the order they were posted.
func digestParts(tb testing.TB, fake *slacktest.Server, channel string) []digestPart {
	tb.Helper()
	var out []digestPart
	for _, m := range fake.Messages(channel) {
		var meta struct {
			EventType    string `json:"event_type"`
			EventPayload struct {
				DigestID string `json:"digest_id"`
				Part     int    `json:"part"`
			} `json:"event_payload"`
		}
		if err := json.Unmarshal(m.Metadata, &meta); err != nil || meta.EventType != post.EventDigest {
			tb.Errorf("message %s in %s is not a digest part: metadata %s", m.TS, channel, m.Metadata)
			continue
		}
		out = append(out, digestPart{msg: m, digestID: meta.EventPayload.DigestID, part: meta.EventPayload.Part})
	}
	return out
}

// failMarkPosted is a store that loses the record of a posted digest, as a
// process that dies between Slack's answer and the store's commit does.
type failMarkPosted struct {
	schedule.Store
}

func (failMarkPosted) MarkPosted(context.Context, int64, string) error {
	return errors.New("process killed")
}

// TestRunSlotResumesDigestPostedInPart checks that a scheduled digest of
// three messages reaches the channel whole, each part once, when the first
// run stops after two parts (a failure of the third, or a crash), and that
// only one of two replicas running the next slot finishes it.
func TestRunSlotResumesDigestPostedInPart(t *testing.T) {
	const channel = "C0PARTS0001"
	// Past the claim's lease, when a later run may take over an open claim.
	const later = schedule.DefaultClaimLease + time.Minute
	tests := []struct {
		name string
		// stop makes the first run end early on rig r; it returns the
		// store that run uses and the context it runs under.
		stop func(t *testing.T, r *slackRig) (schedule.Store, context.Context)
		// wantFirst is the parts in the channel after the first run.
		wantFirst []int
		// replicas run the second slot at once.
		replicas int
	}{
		{
			name: "third part refused",
			stop: func(t *testing.T, r *slackRig) (schedule.Store, context.Context) {
				r.fake.Fail("chat.postMessage", slacktest.Failure{Status: http.StatusServiceUnavailable, Skip: 2, Times: 3})
				return r.store, context.Background()
			},
			wantFirst: []int{0, 1},
			replicas:  1,
		},
		{
			name: "crash while posting the third part, two replicas settle",
			stop: func(t *testing.T, r *slackRig) (schedule.Store, context.Context) {
				ctx, cancel := context.WithCancel(context.Background())
				arrived := make(chan struct{}, 1)
				r.fake.Fail("chat.postMessage", slacktest.Failure{Delay: time.Minute, Skip: 2, Times: 1, Arrived: arrived})
				go func() {
					select {
					case <-arrived:
					case <-time.After(30 * time.Second):
					}
					cancel()
				}()
				t.Cleanup(cancel)
				return r.store, ctx
			},
			wantFirst: []int{0, 1},
			replicas:  2,
		},
		{
			name: "crash after the last part, before it was recorded",
			stop: func(t *testing.T, r *slackRig) (schedule.Store, context.Context) {
				return failMarkPosted{r.store}, context.Background()
			},
			wantFirst: []int{0, 1, 2},
			replicas:  2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newSlackRig(t)
			points := seedPoints(t, r.store, 120)
			sc, err := r.store.AddSchedule(context.Background(), store.Schedule{Channel: channel, Spec: "@every 1m"})
			if err != nil {
				t.Fatal(err)
			}
			slot := time.Now().Truncate(time.Minute).Add(time.Minute)

			firstStore, firstCtx := tt.stop(t, r)
			if err := r.scheduler(t, firstStore).RunSlot(firstCtx, sc.ID, slot); err == nil {
				t.Errorf("RunSlot of the first slot = nil; want the error that stopped it")
			}
			r.fake.Clear("chat.postMessage")
			var first []int
			for _, p := range digestParts(t, r.fake, channel) {
				first = append(first, p.part)
			}
			if diff := cmp.Diff(tt.wantFirst, first); diff != "" {
				t.Fatalf("parts in the channel after the first run (-want +got):\n%s", diff)
			}
			if open, err := r.store.OpenClaims(context.Background(), sc.ID); err != nil || len(open) != 1 {
				t.Fatalf("OpenClaims after the first run = %v, %v; want its claim kept open", open, err)
			}

			// The next slot, past the lease, as restarted processes.
			r.skip(later)
			var wg sync.WaitGroup
			errs := make([]error, tt.replicas)
			for i := range tt.replicas {
				s := r.scheduler(t, r.store)
				wg.Go(func() { errs[i] = s.RunSlot(context.Background(), sc.ID, slot.Add(later)) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("replica %d: RunSlot of the next slot = %v", i+1, err)
				}
			}

			parts := digestParts(t, r.fake, channel)
			var got []int
			for _, p := range parts {
				got = append(got, p.part)
				if p.digestID != parts[0].digestID {
					t.Errorf("part %d belongs to digest %s; want %s", p.part, p.digestID, parts[0].digestID)
				}
				if (p.part == 0) != (p.msg.ThreadTS == "") || p.part > 0 && p.msg.ThreadTS != parts[0].msg.TS {
					t.Errorf("part %d has thread_ts %q; want the first part in the channel and the rest in its thread %s", p.part, p.msg.ThreadTS, parts[0].msg.TS)
				}
			}
			if diff := cmp.Diff([]int{0, 1, 2}, got); diff != "" {
				t.Errorf("parts in the channel at the end (-want +got):\n%s", diff)
			}
			var all strings.Builder
			for _, p := range parts {
				all.Write(p.msg.Blocks)
			}
			for _, q := range points {
				if n := strings.Count(all.String(), q); n != 1 {
					t.Errorf("%q is in the channel %d times; want once", q, n)
				}
			}
			if open, err := r.store.OpenClaims(context.Background(), sc.ID); err != nil || len(open) != 0 {
				t.Errorf("OpenClaims at the end = %v, %v; want none", open, err)
			}
			if got, err := r.store.Schedule(context.Background(), sc.ID); err != nil || got.LastPosted.IsZero() {
				t.Errorf("Schedule().LastPosted = %v, %v; want the resumed digest recorded", got.LastPosted, err)
			}
		})
	}
}
