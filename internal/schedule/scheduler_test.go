package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// logBuffer collects a scheduler's log lines for a test to read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func stop(tb testing.TB, s *Scheduler) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		tb.Errorf("Stop: %v", err)
	}
}

func TestCatchUp(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	tests := []struct {
		name    string
		created time.Time
		start   time.Time // when the bot comes back
		catchUp time.Duration
		want    int // digests posted at start-up
	}{
		{name: "missed slot within the window", created: date(paris, 1, 7), start: date(paris, 2, 10), catchUp: 6 * time.Hour, want: 1},
		{name: "missed slot older than the window", created: date(paris, 1, 7), start: date(paris, 2, 15), catchUp: 6 * time.Hour, want: 0},
		{name: "many missed slots post once", created: date(paris, 1, 7), start: date(paris, 5, 9), catchUp: 6 * time.Hour, want: 1},
		{name: "slot before the subscription existed", created: date(paris, 2, 9), start: date(paris, 2, 10), catchUp: 6 * time.Hour, want: 0},
		{name: "catch-up turned off", created: date(paris, 1, 7), start: date(paris, 2, 10), catchUp: -1, want: 0},
	}
	exts := loadCoverage(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock(tt.created)
			st := openSQLite(t, t.TempDir(), clk.Now)
			save(t, st, exts[0])
			addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "0 8 * * *", TimeZone: "Europe/Paris"})
			clk.Set(tt.start)
			poster := newFakePoster(clk.Now)
			var logs logBuffer
			s := newScheduler(t, Options{Store: st, Poster: poster, Now: clk.Now, CatchUp: tt.catchUp, Logger: logs.logger()})
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			stop(t, s) // waits for the catch-up
			if got := len(poster.Digests(testChannel)); got != tt.want {
				t.Errorf("digests posted at start-up = %d; want %d\nlog:\n%s", got, tt.want, logs.String())
			}
			// A second start in the same slot posts nothing more.
			s2 := newScheduler(t, Options{Store: st, Poster: poster, Now: clk.Now, CatchUp: tt.catchUp, Logger: logs.logger()})
			if err := s2.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			stop(t, s2)
			if got := len(poster.Digests(testChannel)); got != tt.want {
				t.Errorf("digests after a second start = %d; want still %d", got, tt.want)
			}
		})
	}
}

// date is 2026-06-DAY at HOUR:00 in loc.
func date(loc *time.Location, day, hour int) time.Time {
	return time.Date(2026, 6, day, hour, 0, 0, 0, loc)
}

// TestStartFiresOnCron runs the real cron timer: an @every 1s subscription
// must post within a few seconds of Start, on the real clock.
func TestStartFiresOnCron(t *testing.T) {
	exts := loadCoverage(t)
	st := openSQLite(t, t.TempDir(), time.Now)
	save(t, st, exts[0])
	sc := addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "@every 1s"})
	poster := newFakePoster(time.Now)
	results := make(chan Result, 64)
	var logs logBuffer
	s := newScheduler(t, Options{Store: st, Poster: poster, CatchUp: -1, Logger: logs.logger(),
		Count: func(r Result) {
			select {
			case results <- r:
			default:
			}
		}})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, s)
	// The first run posts the coverage; a later one finds nothing new.
	var got []Result
	timeout := time.After(10 * time.Second)
	for len(got) < 2 {
		select {
		case r := <-results:
			got = append(got, r)
		case <-timeout:
			t.Fatalf("runs within 10s of starting an @every 1s schedule: %v; want posted then empty\nlog:\n%s", got, logs.String())
		}
	}
	if got[0] != Posted || got[1] != Empty {
		t.Errorf("runs = %v; want [posted empty]", got)
	}
	if n := len(poster.Digests(testChannel)); n != 1 {
		t.Errorf("%d digests of schedule %d; want 1", n, sc.ID)
	}
}

// TestReloadFollowsTheStore adds, changes, pauses and deletes subscriptions
// behind the scheduler's back and checks its cron entries after Reload.
func TestReloadFollowsTheStore(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.CatchUp = -1 })
	ctx := context.Background()
	a := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *"})
	if err := e.sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer stop(t, e.sched)
	entries := func() map[int64]string {
		e.sched.mu.Lock()
		defer e.sched.mu.Unlock()
		out := map[int64]string{}
		for id, en := range e.sched.entries {
			out[id] = en.spec + " " + en.timeZone
			if !e.sched.cron.Entry(en.id).Valid() {
				t.Errorf("schedule %d: cron entry %d is gone", id, en.id)
			}
		}
		return out
	}
	if got := entries(); len(got) != 1 || got[a.ID] != "0 8 * * * " {
		t.Fatalf("entries after Start = %v; want schedule %d", got, a.ID)
	}

	b := addSchedule(t, e.store, store.Schedule{Channel: "C0OTHER001", Spec: "@daily", TimeZone: "Asia/Tokyo"})
	a.Spec = "0 9 * * *"
	if err := e.store.UpdateSchedule(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := e.sched.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got := entries(); len(got) != 2 || got[a.ID] != "0 9 * * * " || got[b.ID] != "@daily Asia/Tokyo" {
		t.Errorf("entries after an add and a change = %v", got)
	}
	if n := len(e.sched.cron.Entries()); n != 2 {
		t.Errorf("cron has %d entries; want 2 (the changed one replaced, not added)", n)
	}

	b.Paused = true
	if err := e.store.UpdateSchedule(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := e.store.DeleteSchedule(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.sched.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if got := entries(); len(got) != 0 {
		t.Errorf("entries after a pause and a delete = %v; want none", got)
	}
	if n := len(e.sched.cron.Entries()); n != 0 {
		t.Errorf("cron has %d entries; want 0", n)
	}
}

// TestReloadLoopPicksUpChanges checks that a schedule added elsewhere (by
// another replica) is loaded without a call to Reload.
func TestReloadLoopPicksUpChanges(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.CatchUp = -1
		o.ReloadInterval = 20 * time.Millisecond
	})
	if err := e.sched.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, e.sched)
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *"})
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		e.sched.mu.Lock()
		_, ok := e.sched.entries[sc.ID]
		e.sched.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("schedule %d not loaded by the reload loop within 5s", sc.ID)
}

// blockingPoster blocks PostDigest until release is closed or its context ends.
type blockingPoster struct {
	*fakePoster
	started  chan struct{}
	release  chan struct{}
	returned atomic.Bool
}

func (p *blockingPoster) PostDigest(ctx context.Context, channel string, d *digest.Digest, id string, since, until time.Time) (string, error) {
	close(p.started)
	defer p.returned.Store(true)
	select {
	case <-p.release:
		return p.fakePoster.PostDigest(ctx, channel, d, id, since, until)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func TestStopWaitsForAPost(t *testing.T) {
	for _, tt := range []struct {
		name     string
		release  bool // the post finishes before Stop's deadline
		wantErr  bool
		wantPost int
	}{
		{name: "post finishes", release: true, wantPost: 1},
		{name: "deadline passes", release: false, wantErr: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			exts := loadCoverage(t)
			clk := newClock(t0)
			st := openSQLite(t, t.TempDir(), clk.Now)
			save(t, st, exts[0])
			addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
			clk.Advance(90 * time.Minute) // the 08:00 slot is missed: catch-up posts it
			p := &blockingPoster{fakePoster: newFakePoster(clk.Now), started: make(chan struct{}), release: make(chan struct{})}
			var logs logBuffer
			s := newScheduler(t, Options{Store: st, Poster: p, Now: clk.Now, Logger: logs.logger()})
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			select {
			case <-p.started:
			case <-time.After(5 * time.Second):
				t.Fatalf("catch-up did not start posting\nlog:\n%s", logs.String())
			}
			// Generous when the post finishes, so that a loaded machine
			// does not fail the test; short when it never does.
			wait := 200 * time.Millisecond
			if tt.release {
				wait = 10 * time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			if tt.release {
				time.AfterFunc(50*time.Millisecond, func() { close(p.release) })
			}
			err := s.Stop(ctx)
			if (err != nil) != tt.wantErr {
				t.Errorf("Stop = %v; want error %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Stop = %v; want it to wrap context.DeadlineExceeded", err)
			}
			if n := len(p.Digests(testChannel)); n != tt.wantPost {
				t.Errorf("%d digests; want %d", n, tt.wantPost)
			}
			// Stop returns only once a cut-short post has given up, so that
			// the caller may close the store behind it.
			if !p.returned.Load() {
				t.Error("Stop returned while a digest was still posting")
			}
		})
	}
}

// panicPoster panics on every post.
type panicPoster struct{ *fakePoster }

func (panicPoster) PostDigest(context.Context, string, *digest.Digest, string, time.Time, time.Time) (string, error) {
	panic("renderer blew up")
}

func TestPanicInAJobIsRecoveredAndLogged(t *testing.T) {
	exts := loadCoverage(t)
	clk := newClock(t0)
	st := openSQLite(t, t.TempDir(), clk.Now)
	save(t, st, exts[0])
	sc := addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	clk.Advance(time.Hour)
	var logs logBuffer
	s := newScheduler(t, Options{Store: st, Poster: panicPoster{newFakePoster(clk.Now)}, Now: clk.Now, CatchUp: -1, Logger: logs.logger()})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, s)
	s.mu.Lock()
	job := s.cron.Entry(s.entries[sc.ID].id).WrappedJob
	s.mu.Unlock()
	job.Run() // must not panic
	out := logs.String()
	if !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "renderer blew up") {
		t.Errorf("log after a panicking job:\n%s\nwant an error naming the panic", out)
	}
}

func TestSkipIfStillRunning(t *testing.T) {
	exts := loadCoverage(t)
	clk := newClock(t0)
	st := openSQLite(t, t.TempDir(), clk.Now)
	save(t, st, exts[0])
	sc := addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	clk.Advance(time.Hour)
	p := &blockingPoster{fakePoster: newFakePoster(clk.Now), started: make(chan struct{}), release: make(chan struct{})}
	s := newScheduler(t, Options{Store: st, Poster: p, Now: clk.Now, CatchUp: -1, Logger: (&logBuffer{}).logger()})
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stop(t, s)
	s.mu.Lock()
	job := s.cron.Entry(s.entries[sc.ID].id).WrappedJob
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		job.Run()
		close(done)
	}()
	<-p.started
	// A second run while the first posts returns at once rather than
	// waiting or running alongside (it would close p.started twice).
	returned := make(chan struct{})
	go func() {
		job.Run()
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("a second run of a running job did not return")
	}
	close(p.release)
	<-done
	if n := len(p.Digests(testChannel)); n != 1 {
		t.Errorf("%d digests; want 1", n)
	}
}

func TestCronLoggerAdapter(t *testing.T) {
	var logs logBuffer
	l := cronLogger{logs.logger()}
	l.Info("wake", "now", t0, "entry", 3)
	l.Info("skip")
	l.Error(errors.New("boom"), "panic", "stack", "...", "dangling")
	out := logs.String()
	for _, want := range []string{
		`level=DEBUG msg="cron: wake" now=2026-06-01T07:00:00.000Z entry=3`,
		`level=WARN msg="cron: skip: the last run of this schedule has not ended"`,
		`level=ERROR msg="cron: panic" error=boom stack=... !BADKEY=dangling`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("cron logger wrote:\n%s\nwant a line containing %s", out, want)
		}
	}
}

// gatedStore holds its first listing of every schedule until gate is
// closed, like a store read that is slow to come back.
type gatedStore struct {
	Store
	gate    chan struct{}
	entered chan struct{}
	calls   atomic.Int32
}

func (g *gatedStore) Schedules(ctx context.Context, channel string) ([]store.Schedule, error) {
	scheds, err := g.Store.Schedules(ctx, channel)
	if channel == "" && g.calls.Add(1) == 1 {
		close(g.entered)
		<-g.gate
	}
	return scheds, err
}

// TestReloadsTakeTurns checks that a reload that read the store before a
// change cannot undo, by finishing late, a reload that read it after.
func TestReloadsTakeTurns(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	a := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *"})
	g := &gatedStore{Store: e.store, gate: make(chan struct{}), entered: make(chan struct{})}
	s := newScheduler(t, Options{Store: g, Poster: e.poster, Now: e.clock.Now, Logger: (&logBuffer{}).logger()})

	slow := make(chan error, 1)
	go func() { slow <- s.Reload(ctx) }()
	<-g.entered // the slow reload has read the old spec
	a.Spec = "0 9 * * *"
	if err := e.store.UpdateSchedule(ctx, a); err != nil {
		t.Fatal(err)
	}
	fast := make(chan error, 1)
	go func() { fast <- s.Reload(ctx) }()
	// Were reloads free to overlap, the second would finish at once; give
	// it the chance, then let the first one finish.
	select {
	case err := <-fast:
		fast <- err
	case <-time.After(200 * time.Millisecond):
	}
	close(g.gate)
	for _, ch := range []chan error{slow, fast} {
		if err := <-ch; err != nil {
			t.Fatalf("Reload: %v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if got := s.entries[a.ID].spec; got != a.Spec {
		t.Errorf("after two overlapping reloads, schedule %d is loaded as %q; want the newer %q", a.ID, got, a.Spec)
	}
}
