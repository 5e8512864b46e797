package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults for EventuallyOptions.
const (
	DefaultRetryMin     = time.Second
	DefaultRetryMax     = 2 * time.Minute
	DefaultRetryTimeout = 10 * time.Second
)

// errNotYet is what an Eventually reports before its first attempt ends.
var errNotYet = errors.New("not checked yet")

// EventuallyOptions configures an Eventually. Zero fields take the defaults.
type EventuallyOptions struct {
	// Min and Max bound the wait between attempts, which doubles from Min
	// after each failure.
	Min, Max time.Duration
	// Timeout bounds one attempt.
	Timeout time.Duration
	// OnRetry is called before each attempt after the first, e.g. to count
	// it in the metrics.
	OnRetry func()
	Logger  *slog.Logger
}

// Eventually is a readiness check that passes once its function has
// succeeded once. Run calls the function until it does, backing off
// between attempts; until then the check reports the last failure.
//
// It suits a dependency that may be unreachable when the process starts
// and that must not be called at every probe, such as Slack's auth.test
// (rate limited): the process starts anyway, stays not ready, and keeps
// trying, instead of exiting and being restarted in a loop.
type Eventually struct {
	name string
	fn   func(context.Context) error
	opts EventuallyOptions
	log  *slog.Logger

	mu  sync.Mutex
	err error // nil once passed
}

// NewEventually returns an Eventually named name that runs fn.
func NewEventually(name string, fn func(context.Context) error, opts EventuallyOptions) *Eventually {
	opts.Min = orDefault(opts.Min, DefaultRetryMin)
	opts.Max = max(orDefault(opts.Max, DefaultRetryMax), opts.Min)
	opts.Timeout = orDefault(opts.Timeout, DefaultRetryTimeout)
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Eventually{
		name: name,
		fn:   fn,
		opts: opts,
		log:  opts.Logger.With(slog.String(logKeyComponent, "readiness"), slog.String(logKeyCheck, name)),
		err:  errNotYet,
	}
}

// Check returns the readiness check to pass to Options.Checks.
func (e *Eventually) Check() Check {
	return Check{Name: e.name, Func: func(context.Context) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.err
	}}
}

// Run calls the function until it succeeds, then returns nil; or until
// ctx is done, then returns ctx's error. The caller runs it on a goroutine
// it owns.
func (e *Eventually) Run(ctx context.Context) error {
	wait := e.opts.Min
	for attempt := 1; ; attempt++ {
		if attempt > 1 && e.opts.OnRetry != nil {
			e.opts.OnRetry()
		}
		actx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
		err := e.fn(actx)
		cancel()
		if err == nil {
			e.set(nil)
			if attempt > 1 {
				e.log.Info("check passed", slog.Int(logKeyAttempt, attempt))
			}
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.set(fmt.Errorf("attempt %d: %w", attempt, err))
		// Half the wait plus a random half: replicas that failed together
		// do not retry together, and no retry comes sooner than half.
		d := wait/2 + rand.N(wait/2+1)
		e.log.Warn("check failed; retrying", slog.Int(logKeyAttempt, attempt), slog.Duration(logKeyRetryIn, d), slog.Any(logKeyError, err))
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, e.opts.Max)
	}
}

func (e *Eventually) set(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.err = err
}
