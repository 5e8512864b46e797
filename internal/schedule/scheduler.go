package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// Defaults for Options.
const (
	// DefaultLookback is how far back the first digest of a new
	// subscription reaches.
	DefaultLookback = 24 * time.Hour
	// DefaultCatchUp is how late a slot missed while the bot was down may
	// still be posted at start-up.
	DefaultCatchUp = 6 * time.Hour
	// DefaultReloadInterval is how often the scheduler rereads the
	// subscriptions, so that one added on another replica takes effect.
	DefaultReloadInterval = time.Minute
	// DefaultClaimLease is how long a run holds a claim it made or took
	// over; an unfinished claim whose lease has ended is taken for a
	// crash's leftover rather than a post in progress. It is well above
	// DefaultPostTimeout, so a live replica's claim is never settled
	// under it.
	DefaultClaimLease = 10 * time.Minute
	// DefaultPostTimeout bounds each call to Slack (a post, retries
	// included; a search of the channel's history).
	DefaultPostTimeout = 2 * time.Minute
)

// Store is what the scheduler needs of store.Store; any store.Store is one.
type Store interface {
	Schedule(ctx context.Context, id int64) (store.Schedule, error)
	Schedules(ctx context.Context, channel string) ([]store.Schedule, error)
	AddSchedule(ctx context.Context, s store.Schedule) (store.Schedule, error)
	UpdateSchedule(ctx context.Context, s store.Schedule) error
	DeleteSchedule(ctx context.Context, id int64) error
	Summits(ctx context.Context) ([]store.Summit, error)
	Claim(ctx context.Context, r store.ClaimRequest) (store.Claim, error)
	MarkPosted(ctx context.Context, id int64, ts string) error
	Release(ctx context.Context, id int64) error
	OpenClaims(ctx context.Context, schedule int64) ([]store.Claim, error)
	TakeOver(ctx context.Context, id int64, lease time.Duration) (store.Claim, error)
	Extractions(ctx context.Context, f store.Filter) ([]digest.Extraction, error)
}

var _ Store = store.Store(nil)

// ErrChannelUnavailable is what a Poster's error wraps when the channel can
// no longer be posted to: it was archived or deleted, or the bot was
// removed from it. The subscription is then paused rather than retried at
// every slot, and its creator is told.
var ErrChannelUnavailable = errors.New("channel unavailable")

// Poster posts to Slack; slackapp satisfies it. An error whose chain holds
// ErrChannelUnavailable, or an error with a ChannelUnusable() bool method
// that returns true, pauses the subscription. Its methods retry what
// Slack asks to be retried (429, 5xx, timeouts) before giving up.
type Poster interface {
	// PostDigest posts d to channel as Block Kit messages, the first in
	// the channel and the rest in its thread, each stamped with Slack
	// message metadata naming digestID and its part, and returns the first
	// message's ts. Parts of digestID already posted (the first between
	// since and until) are not posted again, so calling it for a digest
	// posted in part (a failure, a crash) posts only the missing parts.
	// When the first message is out but a later part failed, it returns
	// that message's ts together with the error: the digest is not whole.
	PostDigest(ctx context.Context, channel string, d *digest.Digest, digestID string, since, until time.Time) (ts string, err error)
	// FindDigest returns the ts of the first message in channel stamped
	// with digestID and posted between since and until, or "" when there
	// is none. It tells a post that Slack accepted but whose answer was
	// lost from one that never happened.
	FindDigest(ctx context.Context, channel, digestID string, since, until time.Time) (ts string, err error)
	// PostText posts a short plain message to a channel, or as a direct
	// message when channel is a user ID.
	PostText(ctx context.Context, channel, text string) (ts string, err error)
}

// Options configures a Scheduler. Store and Poster are required.
type Options struct {
	Store  Store
	Poster Poster
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now. Cron's own timer runs on the
	// real clock; Now decides everything else (look-back, catch-up, leases).
	Now func() time.Time
	// Lookback, CatchUp, ReloadInterval, ClaimLease and PostTimeout default
	// to the Default constants when zero. A negative CatchUp turns
	// catch-up off; a negative Lookback makes a new subscription's first
	// digest carry only what arrives after it was made.
	Lookback       time.Duration
	CatchUp        time.Duration
	ReloadInterval time.Duration
	ClaimLease     time.Duration
	PostTimeout    time.Duration
	// PostWhenEmpty posts "no new coverage" rather than nothing when a
	// scheduled digest has nothing new.
	PostWhenEmpty bool
	// IsAdmin reports whether a Slack user is a workspace admin (the Slack
	// app asks users.info); admins may change any schedule. Nil means no
	// one is, and only creators may change their schedules.
	IsAdmin func(ctx context.Context, userID string) (bool, error)
	// Count, when set, is called once at the end of every scheduled run
	// with how it ended; cmd/bot feeds it to a metrics counter.
	Count func(Result)
}

// Scheduler fires every subscription in the store on its own schedule and
// posts its digests. Start it once, Stop it once.
type Scheduler struct {
	opts Options
	log  *slog.Logger
	cron *cron.Cron

	// ctx is the parent of every job; cancel ends the jobs Stop cannot
	// wait for. The reload loop has its own, ended first.
	ctx          context.Context
	cancel       context.CancelFunc
	reloadCancel context.CancelFunc
	reloadDone   chan struct{} // closed when the reload loop has returned
	catchUps     sync.WaitGroup

	// reloadMu makes reloads (the loop's, and a command's after a change)
	// take turns from reading the store to updating cron, so that an older
	// read is never applied after a newer one.
	reloadMu sync.Mutex

	mu      sync.Mutex
	entries map[int64]entry // by schedule ID
	stopped bool
}

// entry is a subscription as cron knows it. A change to spec or time zone
// means a new cron entry.
type entry struct {
	id       cron.EntryID
	spec     string
	timeZone string
}

// New returns a Scheduler that is not started yet.
func New(opts Options) (*Scheduler, error) {
	if opts.Store == nil || opts.Poster == nil {
		return nil, errors.New("new scheduler: Store and Poster are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Lookback == 0 {
		opts.Lookback = DefaultLookback
	}
	if opts.CatchUp == 0 {
		opts.CatchUp = DefaultCatchUp
	}
	if opts.ReloadInterval <= 0 {
		opts.ReloadInterval = DefaultReloadInterval
	}
	if opts.ClaimLease <= 0 {
		opts.ClaimLease = DefaultClaimLease
	}
	if opts.PostTimeout <= 0 {
		opts.PostTimeout = DefaultPostTimeout
	}
	// A claim must outlive every Slack call of the run that made it (the
	// post, then a search of the history), or another replica could take
	// a post in progress for a crash's leftover.
	if opts.ClaimLease < 3*opts.PostTimeout {
		return nil, fmt.Errorf("new scheduler: ClaimLease %s must be at least three times PostTimeout %s", opts.ClaimLease, opts.PostTimeout)
	}
	log := opts.Logger.With(slog.String(logKeyComponent, "schedule"))
	cl := cronLogger{log}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		opts: opts,
		log:  log,
		// Recover is outermost so that a panic anywhere in a run is logged
		// with its stack and the scheduler goes on.
		cron:       cron.New(cron.WithLogger(cl), cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl))),
		ctx:        ctx,
		cancel:     cancel,
		entries:    make(map[int64]entry),
		reloadDone: make(chan struct{}),
	}, nil
}

// Start loads the subscriptions, starts firing them, and catches up in the
// background the slots missed while the bot was down. A goroutine rereads
// the subscriptions every ReloadInterval until Stop.
func (s *Scheduler) Start(ctx context.Context) error {
	if err := s.Reload(ctx); err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	s.cron.Start()
	rctx, rcancel := context.WithCancel(s.ctx)
	s.reloadCancel = rcancel
	go s.reloadLoop(rctx)
	if s.opts.CatchUp > 0 {
		s.catchUp()
	}
	return nil
}

// Stop stops firing and reloading, then waits until the digests being
// posted are done or ctx ends; then it cancels them and returns an error.
// Stop must be called once, after Start.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	if s.reloadCancel != nil {
		s.reloadCancel()
		<-s.reloadDone
	}
	cronDone := s.cron.Stop()
	allDone := make(chan struct{})
	go func() {
		<-cronDone.Done()
		s.catchUps.Wait()
		close(allDone)
	}()
	defer s.cancel()
	select {
	case <-allDone:
		return nil
	case <-ctx.Done():
	}
	// Out of time: cancel the digests still posting, and give them a moment
	// to give up, so that the caller does not close the store under them.
	// Their claims are safe either way: a claim left open is settled by the
	// next run after its lease.
	s.cancel()
	grace := time.NewTimer(stopGrace)
	defer grace.Stop()
	select {
	case <-allDone:
	case <-grace.C:
	}
	return fmt.Errorf("stop scheduler: digests still posting: %w", ctx.Err())
}

// stopGrace is how long Stop waits, after its deadline, for cancelled
// digests to return.
const stopGrace = 2 * time.Second

// Reload rereads the subscriptions from the store and adds, changes and
// removes cron entries to match. The Slack commands call it after a change
// so that it takes effect at once on this replica; the others see it within
// ReloadInterval.
func (s *Scheduler) Reload(ctx context.Context) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	scheds, err := s.opts.Store.Schedules(ctx, "")
	if err != nil {
		return fmt.Errorf("load schedules: %w", err)
	}
	want := make(map[int64]store.Schedule, len(scheds))
	for _, sc := range scheds {
		if !sc.Paused {
			want[sc.ID] = sc
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	var added, removed int
	for id, e := range s.entries {
		if sc, ok := want[id]; ok && sc.Spec == e.spec && sc.TimeZone == e.timeZone {
			continue
		}
		s.cron.Remove(e.id)
		delete(s.entries, id)
		removed++
	}
	for id, sc := range want {
		if _, ok := s.entries[id]; ok {
			continue
		}
		spec, err := Parse(sc.Spec, sc.TimeZone)
		if err != nil {
			// The store holds only specs that parsed when they were
			// added; one that no longer does (a zone dropped from a newer
			// tzdata) must not stop the others.
			s.log.Error("schedule not loaded", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel), slog.Any(logKeyError, err))
			continue
		}
		cid := s.cron.Schedule(spec, cron.FuncJob(func() { s.fire(id, spec) }))
		s.entries[id] = entry{id: cid, spec: sc.Spec, timeZone: sc.TimeZone}
		added++
	}
	if added > 0 || removed > 0 {
		s.log.Info("schedules loaded", slog.Int(logKeyAdded, added), slog.Int(logKeyRemoved, removed))
	}
	return nil
}

func (s *Scheduler) reloadLoop(ctx context.Context) {
	defer close(s.reloadDone)
	t := time.NewTicker(s.opts.ReloadInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Reload(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("reload schedules", slog.Any(logKeyError, err))
			}
		}
	}
}

// fire is the cron job of one subscription: it works out which slot is due
// (cron does not say) and runs it. Catch-up calls it too.
func (s *Scheduler) fire(id int64, spec *Spec) {
	if s.ctx.Err() != nil {
		return
	}
	// cron's timer never fires before a slot, so the latest slot at or
	// before now is the one due. The window is the catch-up one so that
	// the same job serves catch-up; a regular run is seconds late at most.
	slot, ok := spec.Prev(s.opts.Now(), max(s.opts.CatchUp, time.Hour))
	if !ok {
		return
	}
	if err := s.RunSlot(s.ctx, id, slot); err != nil {
		s.log.Error("scheduled digest failed", slog.Int64(logKeySchedule, id), slog.Time(logKeySlot, slot), slog.Any(logKeyError, err))
	}
}

// catchUp runs, once each in the background, the latest slot of each
// subscription if it fell within CatchUp. Older slots are dropped, not
// queued, so a long outage ends with one digest per subscription rather
// than a burst; that digest carries all the new coverage anyway, since
// coverage is claimed only when a digest is made. A slot that was posted
// before the restart is refused by the store's claim on the slot, so a
// restart within a slot posts nothing twice.
func (s *Scheduler) catchUp() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		// The entry's wrapped job goes through cron's chain, so a catch-up
		// and a regular run of one subscription skip rather than overlap.
		job := s.cron.Entry(e.id).WrappedJob
		if job == nil {
			continue
		}
		s.catchUps.Add(1)
		go func() {
			defer s.catchUps.Done()
			job.Run()
		}()
	}
}
