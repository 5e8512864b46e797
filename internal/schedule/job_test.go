package schedule

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

const testChannel = "C0TEST0001"

// t0 is when the tests' world starts: a Monday, 07:00 UTC.
var t0 = time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)

// env is a store, a fake Slack and a scheduler on one controllable clock.
type env struct {
	clock  *clock
	store  store.Store
	poster *fakePoster
	sched  *Scheduler
	counts map[Result]int
	mu     sync.Mutex
}

func newEnv(tb testing.TB, mod func(*Options)) *env {
	tb.Helper()
	e := &env{clock: newClock(t0), counts: map[Result]int{}}
	e.store = openSQLite(tb, tb.TempDir(), e.clock.Now)
	e.poster = newFakePoster(e.clock.Now)
	opts := Options{
		Store:  e.store,
		Poster: e.poster,
		Now:    e.clock.Now,
		Logger: (&logBuffer{}).logger(),
		Count: func(r Result) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.counts[r]++
		},
	}
	if mod != nil {
		mod(&opts)
	}
	e.sched = newScheduler(tb, opts)
	return e
}

func (e *env) count(r Result) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.counts[r]
}

func (e *env) run(tb testing.TB, id int64, slot time.Time) {
	tb.Helper()
	if err := e.sched.RunSlot(context.Background(), id, slot); err != nil {
		tb.Fatalf("RunSlot(%d, %v): %v", id, slot, err)
	}
}

func TestRunSlotPostsOnlyNewCoverage(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	save(t, e.store, exts[0])
	e.clock.Advance(time.Hour) // 08:00
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Summit: "lisbon-2026", Spec: "0 9 * * *", CreatedBy: "U0ALICE01"})

	// First digest: what came before the subscription, within the look-back.
	slot1 := e.clock.Advance(time.Hour) // 09:00
	e.run(t, sc.ID, slot1)
	got := e.poster.Digests(testChannel)
	if len(got) != 1 {
		t.Fatalf("after the first slot: %d digests posted; want 1", len(got))
	}
	want := []string{
		"No river stops at a border, and neither will our work.",
		"the most concrete step in a decade",
		"The ministers agreed to fund a joint monitoring network for the Tagus basin.",
	}
	if diff := cmp.Diff(want, itemTexts(got[0].Digest), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("first digest's coverage (-want +got):\n%s", diff)
	}
	if got[0].DigestID == "" || !strings.HasPrefix(got[0].DigestID, fmt.Sprintf("sched-%d-claim-", sc.ID)) {
		t.Errorf("first digest's DigestID = %q; want it to name schedule %d and its claim", got[0].DigestID, sc.ID)
	}

	// Second digest: only the article stored since, and the sports item is
	// not this summit's.
	e.clock.Advance(3 * time.Hour)
	save(t, e.store, exts[1])
	save(t, e.store, exts[3])
	slot2 := slot1.Add(24 * time.Hour)
	e.clock.Set(slot2)
	e.run(t, sc.ID, slot2)
	got = e.poster.Digests(testChannel)
	if len(got) != 2 {
		t.Fatalf("after the second slot: %d digests posted; want 2", len(got))
	}
	want = []string{
		"A fund that arrives after the harvest has failed is no fund at all.",
		"Berg disclosed that three donors had already committed money to the drought fund.",
		"The delegations approved a drought early-warning protocol.",
	}
	if diff := cmp.Diff(want, itemTexts(got[1].Digest), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("second digest's coverage (-want +got):\n%s", diff)
	}
	if got[1].Digest.Title == "" {
		t.Errorf("second digest has no title")
	}

	// Third slot: nothing new, nothing posted.
	slot3 := slot2.Add(24 * time.Hour)
	e.clock.Set(slot3)
	e.run(t, sc.ID, slot3)
	if n := len(e.poster.Posts(testChannel)); n != 2 {
		t.Errorf("after a slot with nothing new: %d messages; want still 2", n)
	}
	if e.count(Posted) != 2 || e.count(Empty) != 1 {
		t.Errorf("counts = %v; want 2 posted and 1 empty", e.counts)
	}
}

func TestRunSlotLookback(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, func(o *Options) { o.Lookback = 24 * time.Hour })
	save(t, e.store, exts[0]) // 07:00 day 0: 26 h before the subscription
	e.clock.Advance(20 * time.Hour)
	save(t, e.store, exts[1]) // 03:00 day 1: 6 h before
	e.clock.Advance(6 * time.Hour)
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})

	for i := range 3 {
		slot := e.clock.Advance(time.Hour).Truncate(time.Hour)
		e.run(t, sc.ID, slot)
		if i == 1 {
			save(t, e.store, exts[2])
		}
	}
	var got []string
	for _, p := range e.poster.Digests(testChannel) {
		got = append(got, p.Digest.Sources[0].Source)
	}
	// The article older than the look-back is never posted, not even
	// later when it is still unclaimed.
	want := []string{"https://daily.example.net/lisbon-day-two", "https://wire.example.com/lisbon-closing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("digests' sources (-want +got):\n%s", diff)
	}
}

func TestRunSlotPostWhenEmpty(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.PostWhenEmpty = true })
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *", TimeZone: "Europe/Paris"})
	slot := time.Date(2026, 6, 2, 8, 0, 0, 0, mustLoad(t, "Europe/Paris"))
	e.clock.Set(slot)
	e.run(t, sc.ID, slot)
	e.run(t, sc.ID, slot) // the same slot again: the notice is not repeated
	posts := e.poster.Posts(testChannel)
	if len(posts) != 1 || posts[0].Text != "No new coverage yet." {
		t.Fatalf("posts = %+v; want one \"No new coverage yet.\"", posts)
	}
	next := slot.Add(24 * time.Hour)
	e.clock.Set(next)
	e.run(t, sc.ID, next)
	posts = e.poster.Posts(testChannel)
	if len(posts) != 2 || posts[1].Text != "No new coverage since Tue 2 Jun 08:00 CEST." {
		t.Errorf("second notice = %+v; want it to name the last digest's time in the channel's zone", posts[len(posts)-1])
	}
}

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

func TestRunSlotSameSlotTwicePostsOnce(t *testing.T) {
	exts := loadCoverage(t)
	dir := t.TempDir()
	clk := newClock(t0)
	st := openSQLite(t, dir, clk.Now)
	poster := newFakePoster(clk.Now)
	save(t, st, exts[0])
	sc := addSchedule(t, st, store.Schedule{Channel: testChannel, Spec: "0 8 * * *"})
	slot := clk.Advance(time.Hour)

	first := newScheduler(t, Options{Store: st, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
	if err := first.RunSlot(context.Background(), sc.ID, slot); err != nil {
		t.Fatal(err)
	}
	// A restart within the slot: a new process, a new store handle, the
	// slot fired again by catch-up.
	clk.Advance(30 * time.Second)
	st2 := openSQLite(t, dir, clk.Now)
	second := newScheduler(t, Options{Store: st2, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
	if err := second.RunSlot(context.Background(), sc.ID, slot); err != nil {
		t.Fatal(err)
	}
	if n := len(poster.Digests(testChannel)); n != 1 {
		t.Errorf("after a restart in the same slot: %d digests; want 1", n)
	}
}

// errRateLimited stands for what a poster returns once its own retries of
// a 429 are spent.
var errRateLimited = errors.New("slack: ratelimited (429) after 3 attempts")

func TestRunSlotFailedPostIsReleased(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	e.poster.onPost = func(n int) (bool, error) {
		if n == 1 {
			return false, errRateLimited
		}
		return true, nil
	}
	slot1 := e.clock.Advance(time.Hour)
	err := e.sched.RunSlot(context.Background(), sc.ID, slot1)
	if !errors.Is(err, errRateLimited) {
		t.Fatalf("RunSlot with a failing post = %v; want it to wrap the post's error", err)
	}
	if e.count(Failed) != 1 {
		t.Errorf("failed count = %d; want 1", e.count(Failed))
	}
	open, err := e.store.OpenClaims(context.Background(), sc.ID)
	if err != nil || len(open) != 0 {
		t.Errorf("OpenClaims after a failed post = %v, %v; want none (released)", open, err)
	}

	save(t, e.store, exts[1])
	slot2 := e.clock.Advance(time.Hour)
	e.run(t, sc.ID, slot2)
	got := e.poster.Digests(testChannel)
	if len(got) != 1 {
		t.Fatalf("%d digests; want 1 carrying both articles", len(got))
	}
	if n := len(itemTexts(got[0].Digest)); n != 6 {
		t.Errorf("the digest after a failure carries %d items; want 6 (3 released + 3 new)", n)
	}
}

func TestRunSlotAcceptedDespiteErrorIsNotRepeated(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	// Slack took the message, then the connection was cut.
	e.poster.onPost = func(n int) (bool, error) {
		if n == 1 {
			return true, context.DeadlineExceeded
		}
		return true, nil
	}
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	if n := len(e.poster.Digests(testChannel)); n != 1 {
		t.Errorf("%d digests; want 1: the lost answer's message must be found, not posted again", n)
	}
	if e.count(Posted) != 1 || e.count(Empty) != 1 {
		t.Errorf("counts = %v; want 1 posted, 1 empty", e.counts)
	}
}

func TestRunSlotUnknownOutcomeLeavesClaimToSettle(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, func(o *Options) { o.ClaimLease = 10 * time.Minute })
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	var slackDown sync.Mutex
	down := true
	e.poster.onPost = func(n int) (bool, error) {
		if n == 1 {
			return true, errors.New("connection reset")
		}
		return true, nil
	}
	e.poster.onFind = func() error {
		slackDown.Lock()
		defer slackDown.Unlock()
		if down {
			return errors.New("conversations.history: 503")
		}
		return nil
	}
	slot1 := e.clock.Advance(time.Hour)
	if err := e.sched.RunSlot(context.Background(), sc.ID, slot1); err == nil {
		t.Fatal("RunSlot when neither the post nor the check succeed = nil; want an error")
	}
	open, err := e.store.OpenClaims(context.Background(), sc.ID)
	if err != nil || len(open) != 1 {
		t.Fatalf("OpenClaims = %v, %v; want the one claim whose fate is unknown", open, err)
	}

	// Slack is back; within the lease the claim is left alone, after it the
	// message is found and the claim closed without a second post.
	slackDown.Lock()
	down = false
	slackDown.Unlock()
	e.run(t, sc.ID, e.clock.Advance(5*time.Minute).Truncate(time.Minute))
	if open, _ := e.store.OpenClaims(context.Background(), sc.ID); len(open) != 1 {
		t.Errorf("within the lease: %d open claims; want 1", len(open))
	}
	e.run(t, sc.ID, e.clock.Advance(time.Hour).Truncate(time.Hour))
	if open, _ := e.store.OpenClaims(context.Background(), sc.ID); len(open) != 0 {
		t.Errorf("after the lease: %d open claims; want 0", len(open))
	}
	if n := len(e.poster.Digests(testChannel)); n != 1 {
		t.Errorf("%d digests; want 1", n)
	}
}

// claimLeftOpen stores exts[0] and a schedule, then claims its coverage
// as a process that died before posting would have left it.
func claimLeftOpen(t *testing.T, e *env, exts []digest.Extraction) (store.Schedule, store.Claim) {
	t.Helper()
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	c, err := e.store.Claim(context.Background(), store.ClaimRequest{ScheduleID: sc.ID, Slot: e.clock.Advance(time.Hour)})
	if err != nil || len(c.Items) == 0 {
		t.Fatalf("Claim = %+v, %v; want a claim with items", c, err)
	}
	return sc, c
}

func TestRunSlotCrashLeftoverIsReleasedIntoNextDigest(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	sc, _ := claimLeftOpen(t, e, exts)
	save(t, e.store, exts[1])
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	got := e.poster.Digests(testChannel)
	if len(got) != 1 || len(itemTexts(got[0].Digest)) != 6 {
		t.Fatalf("digests = %d; want 1 carrying the dead claim's 3 items and the 3 new", len(got))
	}
}

// TestSettleLeavesClaimTakenOver: a run settling a claim left open, whose
// search finds no message, does not release it when another run has taken
// it over meanwhile to finish it; the items stay with that run.
func TestSettleLeavesClaimTakenOver(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	sc, c := claimLeftOpen(t, e, exts)
	// While this run searches the channel, another takes the claim over.
	e.poster.onFind = func() error {
		if _, err := e.store.TakeOver(context.Background(), c.ID, 24*time.Hour); err != nil {
			t.Errorf("the other run's TakeOver: %v", err)
		}
		return nil
	}
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	open, err := e.store.OpenClaims(context.Background(), sc.ID)
	if err != nil || len(open) != 1 || open[0].ID != c.ID {
		t.Fatalf("OpenClaims = %+v, %v; want the claim the other run holds", open, err)
	}
	for _, d := range e.poster.Digests(testChannel) {
		if n := len(itemTexts(d.Digest)); n != 0 {
			t.Errorf("a digest carries %d items; want the held claim's items in none", n)
		}
	}
}

func TestRunSlotChannelGonePauses(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *", CreatedBy: "U0ALICE01"})
	e.poster.onPost = func(int) (bool, error) {
		return false, fmt.Errorf("post: is_archived: %w", ErrChannelUnavailable)
	}
	e.run(t, sc.ID, e.clock.Advance(time.Hour))

	got, err := e.store.Schedule(context.Background(), sc.ID)
	if err != nil || !got.Paused {
		t.Errorf("Schedule after the channel was archived = %+v, %v; want it paused", got, err)
	}
	dms := e.poster.Posts("U0ALICE01")
	if len(dms) != 1 || !strings.Contains(dms[0].Text, "paused") || !strings.Contains(dms[0].Text, "<#"+testChannel+">") {
		t.Errorf("direct messages to the creator = %+v; want one saying the digest in <#%s> is paused", dms, testChannel)
	}
	if open, _ := e.store.OpenClaims(context.Background(), sc.ID); len(open) != 0 {
		t.Errorf("%d open claims; want the claim released", len(open))
	}
	// A paused subscription is skipped.
	e.poster.onPost = nil
	e.run(t, sc.ID, e.clock.Advance(24*time.Hour))
	if n := len(e.poster.Digests(testChannel)); n != 0 {
		t.Errorf("a paused subscription posted %d digests", n)
	}
	if e.count(Paused) != 1 || e.count(Skipped) != 1 {
		t.Errorf("counts = %v; want 1 paused and 1 skipped", e.counts)
	}
}

func TestRunSlotSkips(t *testing.T) {
	e := newEnv(t, nil)
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *"})
	// A slot before the subscription existed.
	e.run(t, sc.ID, t0.Add(-time.Hour))
	// A subscription deleted since it was loaded.
	e.run(t, sc.ID+100, t0.Add(time.Hour))
	if e.count(Skipped) != 2 {
		t.Errorf("skipped = %d; want 2", e.count(Skipped))
	}
	if n := len(e.poster.Posts(testChannel)); n != 0 {
		t.Errorf("%d posts; want none", n)
	}
}

func TestPauseChannel(t *testing.T) {
	e := newEnv(t, nil)
	a := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 8 * * *", CreatedBy: "U0ALICE01"})
	b := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "0 18 * * *"})
	other := addSchedule(t, e.store, store.Schedule{Channel: "C0OTHER001", Spec: "0 8 * * *", CreatedBy: "U0ALICE01"})
	if err := e.sched.PauseChannel(context.Background(), testChannel, "I was removed from <#"+testChannel+">"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id     int64
		paused bool
	}{{a.ID, true}, {b.ID, true}, {other.ID, false}} {
		got, err := e.store.Schedule(context.Background(), tt.id)
		if err != nil || got.Paused != tt.paused {
			t.Errorf("Schedule(%d).Paused = %v, %v; want %v", tt.id, got.Paused, err, tt.paused)
		}
	}
	// The config file's schedule has no creator to tell.
	if dms := e.poster.Posts("U0ALICE01"); len(dms) != 1 {
		t.Errorf("direct messages to the creator = %d; want 1", len(dms))
	}
}

// TestTwoSchedulersPostEachItemOnce fires the same subscriptions from two
// schedulers, each with its own handle on one SQLite file, at the same slots
// at the same time, while coverage arrives between slots.
func TestTwoSchedulersPostEachItemOnce(t *testing.T) {
	dir := t.TempDir()
	clk := newClock(t0)
	stA := openSQLite(t, dir, clk.Now)
	stB := openSQLite(t, dir, clk.Now)
	runTwoSchedulers(t, clk, stA, stB)
}

func runTwoSchedulers(t *testing.T, clk *clock, stA, stB store.Store) {
	exts := loadCoverage(t)
	poster := newFakePoster(clk.Now)
	a := newScheduler(t, Options{Store: stA, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
	b := newScheduler(t, Options{Store: stB, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
	all := addSchedule(t, stA, store.Schedule{Channel: "C0ALL00001", Spec: "@every 1h"})
	lisbon := addSchedule(t, stB, store.Schedule{Channel: "C0LISBON01", Summit: "lisbon-2026", Spec: "@every 1h"})

	slot := clk.Now().Truncate(time.Hour)
	for i, ext := range exts {
		save(t, stA, ext)
		if i == 1 {
			// A grown live blog: same URL, longer text, one more quote. Its
			// old items must not come back.
			grown := ext
			grown.Article.Text += "\nLate in the evening Costa said: \"Tomorrow we sign.\""
			grown.Quotes = append(slices.Clone(ext.Quotes), grown.Quotes[0])
			grown.Quotes[len(grown.Quotes)-1].Text = "Tomorrow we sign."
			grown.Quotes[len(grown.Quotes)-1].Offset = strings.Index(grown.Article.Text, "Tomorrow we sign.")
			save(t, stB, grown)
		}
		slot = slot.Add(time.Hour)
		clk.Set(slot)
		var wg sync.WaitGroup
		for _, s := range []*Scheduler{a, b} {
			for _, id := range []int64{all.ID, lisbon.ID} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := s.RunSlot(context.Background(), id, slot); err != nil {
						t.Errorf("RunSlot(%d, %v): %v", id, slot, err)
					}
				}()
			}
		}
		wg.Wait()
	}

	for _, tt := range []struct {
		channel string
		want    int // items of the coverage the subscription follows
		digests int
	}{
		{"C0ALL00001", 10, 4}, // 3 + 3 + 1 grown + 2 + 1 sports
		{"C0LISBON01", 9, 3},  // no sports, so nothing new at the last slot
	} {
		seen := map[string]int{}
		for _, p := range poster.Digests(tt.channel) {
			for _, it := range itemTexts(p.Digest) {
				seen[it]++
			}
		}
		for it, n := range seen {
			if n != 1 {
				t.Errorf("%s: %q posted %d times; want once", tt.channel, it, n)
			}
		}
		if len(seen) != tt.want {
			t.Errorf("%s: %d distinct items posted; want %d", tt.channel, len(seen), tt.want)
		}
		if n := len(poster.Digests(tt.channel)); n != tt.digests {
			t.Errorf("%s: %d digests; want %d", tt.channel, n, tt.digests)
		}
	}
}

// unusable is how the Slack poster's errors can say a channel is gone
// without this package knowing their type.
type unusable struct{ code string }

func (u unusable) Error() string         { return u.code }
func (u unusable) ChannelUnusable() bool { return u.code != "ratelimited" }

func TestChannelGone(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("post: %w", ErrChannelUnavailable), true},
		{fmt.Errorf("post: %w", unusable{"not_in_channel"}), true},
		{fmt.Errorf("post: %w", unusable{"ratelimited"}), false},
		{errRateLimited, false},
		{context.DeadlineExceeded, false},
	} {
		if got := channelGone(tt.err); got != tt.want {
			t.Errorf("channelGone(%v) = %v; want %v", tt.err, got, tt.want)
		}
	}
}

// faultyStore is a store whose chosen methods fail, as a database that
// went away would.
type faultyStore struct {
	Store
	failSchedule, failClaim, failMarkPosted error
}

func (f faultyStore) Schedule(ctx context.Context, id int64) (store.Schedule, error) {
	if f.failSchedule != nil {
		return store.Schedule{}, f.failSchedule
	}
	return f.Store.Schedule(ctx, id)
}

func (f faultyStore) Claim(ctx context.Context, r store.ClaimRequest) (store.Claim, error) {
	if f.failClaim != nil {
		return store.Claim{}, f.failClaim
	}
	return f.Store.Claim(ctx, r)
}

func (f faultyStore) MarkPosted(ctx context.Context, id int64, ts string) error {
	if f.failMarkPosted != nil {
		return f.failMarkPosted
	}
	return f.Store.MarkPosted(ctx, id, ts)
}

// TestRunSlotCountsEveryRun checks that a run that fails on the store is
// counted like any other, so that the metrics show a database outage as
// failed digests rather than as nothing at all.
func TestRunSlotCountsEveryRun(t *testing.T) {
	errDown := errors.New("database is down")
	tests := []struct {
		name   string
		faulty faultyStore
		want   Result
		posted int
	}{
		{name: "schedule cannot be loaded", faulty: faultyStore{failSchedule: errDown}, want: Failed},
		{name: "coverage cannot be claimed", faulty: faultyStore{failClaim: errDown}, want: Failed},
		{name: "posted but not recorded", faulty: faultyStore{failMarkPosted: errDown}, want: Posted, posted: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exts := loadCoverage(t)
			var counted []Result
			var mu sync.Mutex
			e := newEnv(t, nil)
			save(t, e.store, exts[0])
			sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
			f := tt.faulty
			f.Store = e.store
			s := newScheduler(t, Options{Store: f, Poster: e.poster, Now: e.clock.Now, Logger: (&logBuffer{}).logger(),
				Count: func(r Result) { mu.Lock(); defer mu.Unlock(); counted = append(counted, r) }})
			slot := e.clock.Advance(time.Hour)
			err := s.RunSlot(context.Background(), sc.ID, slot)
			if !errors.Is(err, errDown) {
				t.Errorf("RunSlot = %v; want the store's error wrapped", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(counted, []Result{tt.want}) {
				t.Errorf("counted %v; want [%s]", counted, tt.want)
			}
			if n := len(e.poster.Digests(testChannel)); n != tt.posted {
				t.Errorf("%d digests posted; want %d", n, tt.posted)
			}
		})
	}
}

// TestRunSlotFindsDigestDespiteClockSkew checks that a post whose answer
// was lost is found in the channel even when Slack's clock, which stamps
// the message, is behind the one that dated the claim: missing it would
// release coverage the channel already has, to be posted again.
func TestRunSlotFindsDigestDespiteClockSkew(t *testing.T) {
	exts := loadCoverage(t)
	var slack *fakePoster
	e := newEnv(t, func(o *Options) {
		slack = newFakePoster(func() time.Time { return o.Now().Add(-30 * time.Second) })
		o.Poster = slack
	})
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	slack.onPost = func(n int) (bool, error) {
		if n == 1 {
			return true, errors.New("read tcp: connection reset by peer")
		}
		return true, nil
	}
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	e.run(t, sc.ID, e.clock.Advance(time.Hour))
	if n := len(slack.Digests(testChannel)); n != 1 {
		t.Errorf("%d digests after a lost answer and a Slack clock 30 s behind; want 1", n)
	}
	if e.count(Posted) != 1 || e.count(Failed) != 0 {
		t.Errorf("counts = %v; want the first run counted as posted", e.counts)
	}
}

// hangingStore is a store whose Extractions call hangs until its context
// ends, like a query stuck on a dead connection.
type hangingStore struct{ Store }

func (h hangingStore) Extractions(ctx context.Context, f store.Filter) ([]digest.Extraction, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestRunSlotEndsWithinTheLease checks that a run stuck on the store gives
// up before its claim's lease ends, rather than post after another replica
// may have released the claim and posted the same coverage.
func TestRunSlotEndsWithinTheLease(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	save(t, e.store, exts[0])
	sc := addSchedule(t, e.store, store.Schedule{Channel: testChannel, Spec: "@every 1h"})
	s := newScheduler(t, Options{Store: hangingStore{e.store}, Poster: e.poster, Now: e.clock.Now, Logger: (&logBuffer{}).logger(),
		ClaimLease: 300 * time.Millisecond, PostTimeout: 100 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- s.RunSlot(context.Background(), sc.ID, e.clock.Advance(time.Hour)) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("RunSlot on a hung store = %v; want the deadline's error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunSlot on a hung store did not return within 10s; its lease is 300ms")
	}
	if n := len(e.poster.Digests(testChannel)); n != 0 {
		t.Errorf("%d digests posted by a run past its lease; want 0", n)
	}
	// Nothing was posted, so the claim is released at once rather than
	// left for the lease to settle.
	if open, err := e.store.OpenClaims(context.Background(), sc.ID); err != nil || len(open) != 0 {
		t.Errorf("OpenClaims = %v, %v; want none", open, err)
	}
}

// listBarrier is a store whose OpenClaims returns only once every run of
// the barrier has listed the open claims, so that they all find the same
// claim open before any of them acts on it.
type listBarrier struct {
	Store
	listed *sync.WaitGroup
}

func (l listBarrier) OpenClaims(ctx context.Context, schedule int64) ([]store.Claim, error) {
	open, err := l.Store.OpenClaims(ctx, schedule)
	l.listed.Done()
	waited := make(chan struct{})
	go func() { l.listed.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
	}
	return open, err
}

// TestTwoRunsResumeDigestPostedInPart has two replicas, each winning a slot
// of its own (@every 1m), find the same digest of three messages posted in
// part while Slack holds back the missing part of the first to try it: a
// resume outlasting the next slot. Every part must reach the channel once.
func TestTwoRunsResumeDigestPostedInPart(t *testing.T) {
	tests := []struct {
		name string
		// together starts both runs at once, each listing the open claim
		// before either acts on it; otherwise the second starts while the
		// first posts the missing part.
		together bool
	}{
		{name: "next slot while the first run posts the missing part"},
		{name: "both runs find the claim open at once", together: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			exts := loadCoverage(t)
			dir := t.TempDir()
			clk := newClock(t0)
			stA, stB := openSQLite(t, dir, clk.Now), openSQLite(t, dir, clk.Now)
			poster := newFakePoster(clk.Now)
			poster.parts = 3
			save(t, stA, exts[0])
			sc := addSchedule(t, stA, store.Schedule{Channel: testChannel, Spec: "@every 1m"})

			// The first run posts two parts of three: Slack refuses the third.
			poster.setOnPart(func(_ string, part int) error {
				if part == 2 {
					return errors.New("chat.postMessage: 503 service unavailable")
				}
				return nil
			})
			first := newScheduler(t, Options{Store: stA, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
			slot := clk.Advance(time.Hour)
			if err := first.RunSlot(ctx, sc.ID, slot); err == nil {
				t.Fatal("RunSlot of the first slot = nil; want the error of the refused part")
			}
			if n := len(poster.Digests(testChannel)); n != 2 {
				t.Fatalf("after the first run: %d parts in the channel; want 2", n)
			}

			// Past the claim's lease. The first attempt at a part is held
			// until one of the two runs has ended.
			clk.Advance(DefaultClaimLease + time.Minute)
			holding, oneEnded := make(chan struct{}), make(chan struct{})
			var holdOnce, endOnce sync.Once
			poster.setOnPart(func(string, int) error {
				held := false
				holdOnce.Do(func() { held = true })
				if held {
					close(holding)
					select {
					case <-oneEnded:
					case <-time.After(10 * time.Second):
					}
				}
				return nil
			})
			var listed sync.WaitGroup
			stores := []Store{stA, stB}
			if tt.together {
				listed.Add(2)
				stores = []Store{listBarrier{stA, &listed}, listBarrier{stB, &listed}}
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, st := range stores {
				s := newScheduler(t, Options{Store: st, Poster: poster, Now: clk.Now, Logger: (&logBuffer{}).logger()})
				next := slot.Add(DefaultClaimLease + time.Duration(i+1)*time.Minute)
				if i == 1 && !tt.together {
					select {
					case <-holding:
					case <-time.After(10 * time.Second):
						t.Fatal("the first run did not resume the digest")
					}
				}
				wg.Go(func() {
					errs[i] = s.RunSlot(ctx, sc.ID, next)
					endOnce.Do(func() { close(oneEnded) })
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("replica %d: RunSlot = %v", i+1, err)
				}
			}

			posted := map[int]int{}
			parts := poster.Digests(testChannel)
			for _, p := range parts {
				posted[p.Part]++
				if p.DigestID != parts[0].DigestID {
					t.Errorf("part %d belongs to digest %s; want %s", p.Part, p.DigestID, parts[0].DigestID)
				}
			}
			if diff := cmp.Diff(map[int]int{0: 1, 1: 1, 2: 1}, posted); diff != "" {
				t.Errorf("times each part of the digest was posted (-want +got):\n%s", diff)
			}
			if open, err := stA.OpenClaims(ctx, sc.ID); err != nil || len(open) != 0 {
				t.Errorf("OpenClaims at the end = %+v, %v; want none", open, err)
			}
		})
	}
}
