package schedule

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

const (
	alice = "U0ALICE01" // creates schedules
	bob   = "U0BOB0001" // a member who did not
	admin = "U0ADMIN01" // a workspace admin
)

func newCommandEnv(tb testing.TB) *env {
	tb.Helper()
	e := newEnv(tb, func(o *Options) {
		o.IsAdmin = func(_ context.Context, user string) (bool, error) { return user == admin, nil }
	})
	// Monday 1 June 2026, 07:00 UTC.
	if err := e.store.SaveSummit(context.Background(), store.Summit{Slug: "lisbon-2026", Title: "Lisbon water summit"}); err != nil {
		tb.Fatal(err)
	}
	return e
}

// userMessage returns the sentence a Slack user would see for err, or "".
func userMessage(err error) string {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage()
	}
	return ""
}

func TestSubscribe(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		want    []string // fragments of the reply
		wantErr string   // a fragment of the user's message; "" for success
	}{
		{
			name: "daily in paris",
			req:  Request{Spec: "0 8 * * *", TimeZone: "Europe/Paris"},
			want: []string{"Scheduled a digest of all coverage", "`0 8 * * *` (Europe/Paris)", "looks back 24h",
				"Next: Tue 2 Jun 2026 08:00 CEST, Wed 3 Jun 2026 08:00 CEST, Thu 4 Jun 2026 08:00 CEST."},
		},
		{
			name: "every six hours of one summit",
			req:  Request{Spec: "@every 6h", Summit: "lisbon-2026"},
			want: []string{"digest of `lisbon-2026`", "every 6h", "Next: Mon 1 Jun 2026 12:00 UTC"},
		},
		{name: "under a minute", req: Request{Spec: "@every 30s"}, wantErr: "under 1m0s"},
		{name: "not cron", req: Request{Spec: "every morning"}, wantErr: "I can't use the schedule \"every morning\": not a five-field cron expression"},
		{name: "unknown zone", req: Request{Spec: "@daily", TimeZone: "Europe/Atlantis"}, wantErr: "unknown time zone"},
		{name: "unknown summit", req: Request{Spec: "@daily", Summit: "oslo"}, wantErr: "I don't follow a summit called \"oslo\". I follow lisbon-2026;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCommandEnv(t)
			tt.req.ChannelID, tt.req.UserID = testChannel, alice
			got, err := e.sched.Subscribe(context.Background(), tt.req)
			if tt.wantErr != "" {
				if msg := userMessage(err); !strings.Contains(msg, tt.wantErr) {
					t.Errorf("Subscribe(%+v) error %v shows %q; want it to contain %q", tt.req, err, msg, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Subscribe(%+v): %v", tt.req, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Subscribe(%+v) = %q; want it to contain %q", tt.req, got, w)
				}
			}
			scheds, err := e.store.Schedules(context.Background(), testChannel)
			if err != nil || len(scheds) != 1 || scheds[0].CreatedBy != alice {
				t.Errorf("Schedules after Subscribe = %+v, %v; want one by %s", scheds, err, alice)
			}
		})
	}
}

func TestSubscribeTakesEffectAtOnce(t *testing.T) {
	e := newCommandEnv(t)
	e.sched.opts.CatchUp = -1
	if err := e.sched.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, e.sched)
	if _, err := e.sched.Subscribe(context.Background(), Request{ChannelID: testChannel, UserID: alice, Spec: "0 8 * * *"}); err != nil {
		t.Fatal(err)
	}
	e.sched.mu.Lock()
	n := len(e.sched.entries)
	e.sched.mu.Unlock()
	if n != 1 {
		t.Errorf("%d cron entries right after Subscribe; want 1", n)
	}
}

func TestSubscribeAgainChangesTheSchedule(t *testing.T) {
	tests := []struct {
		name    string
		user    string
		wantErr string
		want    string
	}{
		{name: "creator", user: alice, want: "now on `30 7 * * 1-5` (Europe/Lisbon)"},
		{name: "admin", user: admin, want: "now on `30 7 * * 1-5` (Europe/Lisbon)"},
		{name: "someone else", user: bob, wantErr: "The digest of all coverage at 0 8 * * * UTC was set by someone else: only they or a workspace admin may change it."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCommandEnv(t)
			ctx := context.Background()
			if _, err := e.sched.Subscribe(ctx, Request{ChannelID: testChannel, UserID: alice, Spec: "0 8 * * *"}); err != nil {
				t.Fatal(err)
			}
			got, err := e.sched.Subscribe(ctx, Request{ChannelID: testChannel, UserID: tt.user, Spec: "30 7 * * 1-5", TimeZone: "Europe/Lisbon"})
			if tt.wantErr != "" {
				if msg := userMessage(err); !strings.Contains(msg, tt.wantErr) {
					t.Errorf("Subscribe by %s: error %v shows %q; want %q", tt.user, err, msg, tt.wantErr)
				}
			} else if err != nil || !strings.Contains(got, tt.want) {
				t.Errorf("Subscribe by %s = %q, %v; want %q", tt.user, got, err, tt.want)
			}
			scheds, _ := e.store.Schedules(ctx, testChannel)
			if len(scheds) != 1 {
				t.Errorf("%d schedules; want the one, changed or not", len(scheds))
			}
		})
	}
}

func TestList(t *testing.T) {
	e := newCommandEnv(t)
	ctx := context.Background()
	got, err := e.sched.List(ctx, testChannel)
	if err != nil || !strings.Contains(got, "no scheduled digest") {
		t.Errorf("List of an empty channel = %q, %v", got, err)
	}
	if _, err := e.sched.Subscribe(ctx, Request{ChannelID: testChannel, UserID: alice, Spec: "30 2 * * *", TimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	addSchedule(t, e.store, store.Schedule{Channel: testChannel, Summit: "lisbon-2026", Spec: "@every 12h", Paused: true})
	// The spring change: the next three runs skip the hour that does not exist.
	e.clock.Set(time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC))
	got, err = e.sched.List(ctx, testChannel)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"Digest of all coverage, on `30 2 * * *` (Europe/Paris), set by <@" + alice + ">.\n",
		"Next: Sun 29 Mar 2026 03:00 CEST, Mon 30 Mar 2026 02:30 CEST, Tue 31 Mar 2026 02:30 CEST.",
		"Digest of `lisbon-2026`, every 12h, from the bot's config file",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("List = %q; want it to contain %q", got, w)
		}
	}
}

func TestOff(t *testing.T) {
	tests := []struct {
		name      string
		user      string
		want      string
		wantLeft  int // schedules left in the store
		wantPause bool
	}{
		{name: "creator turns off their own", user: alice, want: "Turned off the digest of all coverage at `0 8 * * *` UTC. I left the digest of `lisbon-2026`", wantLeft: 1},
		{name: "someone else turns off nothing", user: bob, want: "I left the digest of all coverage at `0 8 * * *` UTC and the digest of `lisbon-2026`", wantLeft: 2},
		{name: "admin turns off both, the config one paused", user: admin, want: "Turned off the digest of all coverage at `0 8 * * *` UTC and the digest of `lisbon-2026`", wantLeft: 1, wantPause: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCommandEnv(t)
			ctx := context.Background()
			if _, err := e.sched.Subscribe(ctx, Request{ChannelID: testChannel, UserID: alice, Spec: "0 8 * * *"}); err != nil {
				t.Fatal(err)
			}
			addSchedule(t, e.store, store.Schedule{Channel: testChannel, Summit: "lisbon-2026", Spec: "@daily"})
			got, err := e.sched.Off(ctx, testChannel, tt.user)
			if err != nil || !strings.Contains(got, tt.want) {
				t.Errorf("Off by %s = %q, %v; want it to contain %q", tt.user, got, err, tt.want)
			}
			scheds, _ := e.store.Schedules(ctx, testChannel)
			if len(scheds) != tt.wantLeft {
				t.Errorf("%d schedules left; want %d", len(scheds), tt.wantLeft)
			}
			if tt.wantPause && (len(scheds) != 1 || !scheds[0].Paused) {
				t.Errorf("schedules left = %+v; want the config one paused", scheds)
			}
		})
	}
}

func TestResume(t *testing.T) {
	e := newCommandEnv(t)
	ctx := context.Background()
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *", CreatedBy: alice})
	if err := e.sched.PauseChannel(ctx, testChannel, "<#"+testChannel+"> was archived"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sched.Resume(ctx, testChannel, bob); !strings.Contains(userMessage(err), "Only whoever set") {
		t.Errorf("Resume by someone else: %v; want a refusal", err)
	}
	got, err := e.sched.Resume(ctx, testChannel, alice)
	if err != nil || !strings.Contains(got, "Resumed the digest of all coverage") {
		t.Errorf("Resume by the creator = %q, %v", got, err)
	}
	if s, _ := e.store.Schedule(ctx, sc.ID); s.Paused {
		t.Errorf("schedule still paused after Resume")
	}
	if got, _ := e.sched.Resume(ctx, testChannel, alice); !strings.Contains(got, "no paused") {
		t.Errorf("Resume with nothing paused = %q", got)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour:                "24h",
		90 * time.Minute:              "1h30m",
		30 * time.Minute:              "30m",
		2 * time.Second:               "2s",
		time.Hour + 30*time.Second:    "1h0m30s",
		6*time.Hour + 15*time.Minute:  "6h15m",
		45*time.Minute + time.Second:  "45m1s",
		100*time.Hour + 0*time.Minute: "100h",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q; want %q", d, got, want)
		}
	}
}

func TestSubscribeDoesNotChangeAConfigSchedule(t *testing.T) {
	e := newCommandEnv(t)
	addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@daily"})
	_, err := e.sched.Subscribe(context.Background(), Request{ChannelID: testChannel, UserID: admin, Spec: "0 9 * * *"})
	if msg := userMessage(err); !strings.Contains(msg, "comes from the bot's config file") {
		t.Errorf("Subscribe over a config schedule: error %v shows %q; want it to point at the config file", err, msg)
	}
}

func TestSubscribeAgainResumesAPausedSchedule(t *testing.T) {
	tests := []struct {
		name    string
		sched   store.Schedule
		user    string
		wantErr string
	}{
		{name: "creator", sched: store.Schedule{Spec: "0 8 * * *", TimeZone: "Europe/Paris", CreatedBy: alice}, user: alice},
		{name: "admin resumes a config schedule", sched: store.Schedule{Spec: "0 8 * * *", TimeZone: "Europe/Paris"}, user: admin},
		{name: "member may not resume a config schedule", sched: store.Schedule{Spec: "0 8 * * *", TimeZone: "Europe/Paris"}, user: bob, wantErr: "only a workspace admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newCommandEnv(t)
			ctx := context.Background()
			tt.sched.Channel = testChannel
			sc := addSchedule(t, e.store, tt.sched)
			if err := e.sched.PauseChannel(ctx, testChannel, "<#"+testChannel+"> was archived"); err != nil {
				t.Fatal(err)
			}
			list, _ := e.sched.List(ctx, testChannel)
			if want := "*Paused*: run `/summit schedule \"0 8 * * *\" Europe/Paris` to resume it."; !strings.Contains(list, want) {
				t.Errorf("List of a paused schedule = %q; want it to contain %q", list, want)
			}
			got, err := e.sched.Subscribe(ctx, Request{ChannelID: testChannel, UserID: tt.user, Spec: "0 8 * * *", TimeZone: "Europe/Paris"})
			after, _ := e.store.Schedule(ctx, sc.ID)
			if tt.wantErr != "" {
				if msg := userMessage(err); !strings.Contains(msg, tt.wantErr) {
					t.Errorf("Subscribe by %s: error %v shows %q; want %q", tt.user, err, msg, tt.wantErr)
				}
				if !after.Paused {
					t.Errorf("schedule resumed by someone not allowed to")
				}
				return
			}
			if err != nil || !strings.Contains(got, "Resumed this channel's digest of all coverage") {
				t.Errorf("Subscribe again = %q, %v; want it resumed", got, err)
			}
			if after.Paused {
				t.Errorf("schedule still paused")
			}
		})
	}
}

// lateListing is a store whose listing of a channel's schedules misses
// one being added at the same moment by someone else.
type lateListing struct{ Store }

func (lateListing) Schedules(context.Context, string) ([]store.Schedule, error) { return nil, nil }

// TestSubscribeTwiceAtOnce checks that two people asking for the same
// digest at the same moment both get an answer, not an internal error for
// the second.
func TestSubscribeTwiceAtOnce(t *testing.T) {
	e := newCommandEnv(t)
	req := Request{ChannelID: testChannel, UserID: alice, Spec: "0 8 * * *", TimeZone: "Europe/Paris"}
	if _, err := e.sched.Subscribe(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	late := newScheduler(t, Options{Store: lateListing{e.store}, Poster: e.poster, Now: e.clock.Now, Logger: (&logBuffer{}).logger()})
	req.UserID = bob
	got, err := late.Subscribe(context.Background(), req)
	if want := "This channel already gets a digest of all coverage on `0 8 * * *` (Europe/Paris)."; err != nil || !strings.HasPrefix(got, want) {
		t.Errorf("Subscribe a moment after the same one = %q, %v; want %q…", got, err, want)
	}
	if scheds, _ := e.store.Schedules(context.Background(), testChannel); len(scheds) != 1 {
		t.Errorf("%d schedules in the channel; want 1", len(scheds))
	}
}
