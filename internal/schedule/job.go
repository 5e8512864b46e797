package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
)

// DigestID names the digest of a claim in Slack message metadata, so that
// after a crash between Slack accepting a post and the store recording it
// the message can be found and the claim closed rather than posted again.
func DigestID(scheduleID, claimID int64) string {
	return "sched-" + strconv.FormatInt(scheduleID, 10) + "-claim-" + strconv.FormatInt(claimID, 10)
}

// Result is how a scheduled run ended; Options.Count receives it, to be
// exported as a metric label.
type Result string

// The results of a scheduled run.
const (
	Posted  Result = "posted"  // a digest was posted
	Empty   Result = "empty"   // nothing new: "no new coverage", or silence
	Taken   Result = "taken"   // the slot was claimed already (another replica, a restart)
	Failed  Result = "failed"  // posting failed; the coverage was released or is left to settle
	Paused  Result = "paused"  // the channel is gone; the subscription was paused
	Skipped Result = "skipped" // the subscription is paused, deleted, or younger than the slot
)

// Results lists every Result, for exporting zero counts.
func Results() []Result { return []Result{Posted, Empty, Taken, Failed, Paused, Skipped} }

// RunSlot makes and posts the digest of subscription id for its slot: it
// settles what an earlier crash left open, claims the coverage no earlier
// digest of the subscription carried, posts it and records the message.
// It is what cron fires; tests call it with a slot of their own.
//
// The claim is what makes a digest exactly-once: the store gives each slot
// to one claim and each item to one claim of the subscription, however many
// replicas ask, so a second run of the slot (another replica, a restart)
// gets store.ErrConflict and posts nothing. A post that fails with nothing
// in the channel is released, so its coverage goes into the next digest; a
// digest of several messages that stopped after its first is kept open,
// and the run that wins a slot after the claim's lease takes the claim
// over, posts its missing parts (Slack message metadata names each part)
// and records it.
//
// Every run is counted once, through Options.Count, however it ends; one
// that ends in an error before its outcome is known counts as Failed, so
// that a store that is down shows in the metrics as failed digests.
func (s *Scheduler) RunSlot(ctx context.Context, id int64, slot time.Time) error {
	// A run must end within the lease of every claim it holds: past it
	// another replica takes the claim for a crash's leftover, to release
	// its coverage or finish its digest, so a post made after it (a store
	// call that hung, then Slack) would be a second one. Claims are made
	// or taken over after the run starts, each with a lease of ClaimLease,
	// so every lease ends after this deadline and none needs renewing.
	ctx, cancel := context.WithTimeout(ctx, s.opts.ClaimLease)
	defer cancel()
	r, err := s.runSlot(ctx, id, slot)
	if r == "" {
		r = Failed
	}
	if s.opts.Count != nil {
		s.opts.Count(r)
	}
	return err
}

// runSlot is RunSlot; its Result is "" when an error left the outcome unknown.
func (s *Scheduler) runSlot(ctx context.Context, id int64, slot time.Time) (Result, error) {
	sc, err := s.opts.Store.Schedule(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Skipped, nil // deleted since it was loaded
	}
	if err != nil {
		return "", fmt.Errorf("load schedule %d: %w", id, err)
	}
	if sc.Paused || slot.Before(sc.Created) {
		return Skipped, nil
	}
	log := s.log.With(slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel), slog.Time(logKeySlot, slot))

	partial, err := s.settleOpen(ctx, sc, log)
	if err != nil {
		return "", err
	}

	c, err := s.opts.Store.Claim(ctx, store.ClaimRequest{
		ScheduleID: sc.ID,
		Slot:       slot,
		// The same bound for every claim: items older than the first
		// digest's look-back were never meant for this subscription, and
		// must not turn up in its second digest just because they are
		// unclaimed.
		Since: sc.Created.Add(-max(s.opts.Lookback, 0)),
		Lease: s.opts.ClaimLease,
	})
	if errors.Is(err, store.ErrConflict) {
		log.Debug("slot already claimed")
		return Taken, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return Skipped, nil
	}
	if err != nil {
		return "", fmt.Errorf("claim coverage of schedule %d: %w", sc.ID, err)
	}
	// Only the run that won the slot finishes the digests an earlier run
	// posted in part, and only one that takes the claim over (see resume):
	// two replicas settling at once would otherwise both post their missing
	// parts. Older digests are finished first, so the channel reads in
	// order.
	var resumeErrs []error
	for _, o := range partial {
		if err := s.resume(ctx, sc, o, log); err != nil {
			resumeErrs = append(resumeErrs, err)
		}
	}
	r, err := s.postClaim(ctx, sc, c, log.With(slog.Int64(logKeyClaim, c.ID), slog.Int(logKeyItems, len(c.Items))))
	return r, errors.Join(append(resumeErrs, err)...)
}

// postClaim builds the digest of the claim c won by this run, posts it and
// records it.
func (s *Scheduler) postClaim(ctx context.Context, sc store.Schedule, c store.Claim, log *slog.Logger) (Result, error) {
	d, err := s.build(ctx, sc, c)
	if err != nil {
		return s.abandon(ctx, c, err)
	}
	if d == nil {
		return s.postEmpty(ctx, sc, c, log)
	}

	pctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
	defer cancel()
	since, until := s.searchWindow(c)
	ts, err := s.opts.Poster.PostDigest(pctx, sc.Channel, d, DigestID(sc.ID, c.ID), since, until)
	if err != nil && ts != "" {
		return s.postedInPart(ctx, sc, c, ts, err, log)
	}
	if err != nil {
		return s.postFailed(ctx, sc, c, d, err, log)
	}
	if err := s.opts.Store.MarkPosted(ctx, c.ID, ts); err != nil {
		// The message is out; the open claim is settled from its
		// metadata once the lease has passed.
		return Posted, fmt.Errorf("record digest %s posted as %s: %w", DigestID(sc.ID, c.ID), ts, err)
	}
	log.Info("digest posted", slog.String(logKeyTS, ts))
	return Posted, nil
}

// build makes the digest of claim c, or nil when it holds nothing to show.
// A claim's digest is built the same way every time, so that a run
// resuming it splits it into the same parts as the run that began it.
func (s *Scheduler) build(ctx context.Context, sc store.Schedule, c store.Claim) (*digest.Digest, error) {
	if len(c.Items) == 0 {
		return nil, nil
	}
	exts, err := s.opts.Store.Extractions(ctx, store.Filter{Claim: c.ID})
	if err != nil {
		return nil, fmt.Errorf("load coverage of claim %d: %w", c.ID, err)
	}
	// Articles forgotten since the claim leave it with nothing to show.
	if len(exts) == 0 {
		return nil, nil
	}
	// No caps: every claimed item is now this digest's, and one left out
	// would never be posted.
	return digest.Build(exts, digest.BuildOptions{
		Title:         s.title(ctx, sc),
		MaxQuotes:     -1,
		MaxStatements: -1,
		MaxDecisions:  -1,
	}), nil
}

// postedInPart handles a digest whose first message is out but a later
// part failed. Its claim stays open: releasing it would post the first
// parts again in the next digest, and marking it posted would lose the
// rest. A run after the claim's lease finishes it (see resume).
func (s *Scheduler) postedInPart(ctx context.Context, sc store.Schedule, c store.Claim, ts string, postErr error, log *slog.Logger) (Result, error) {
	digestID := DigestID(sc.ID, c.ID)
	if channelGone(postErr) {
		if err := s.pause(ctx, sc, "I can no longer post to <#"+sc.Channel+">"); err != nil {
			return Paused, fmt.Errorf("pause schedule %d after %w: %w", sc.ID, postErr, err)
		}
		log.Warn("channel unavailable while posting a digest, schedule paused; the digest is finished once it resumes",
			slog.String(logKeyTS, ts), slog.Any(logKeyError, postErr))
		return Paused, nil
	}
	return Failed, fmt.Errorf("digest %s posted in part as %s (the rest follows in a later run): %w", digestID, ts, postErr)
}

// resume finishes the digest of claim o, an earlier run's, whose first
// message is in the channel: the poster posts only the parts still
// missing, then the claim is marked posted. A failure leaves the claim
// open for the next run once this one's lease ends.
//
// The claim is taken over first, for ClaimLease, and left alone when
// another run holds it: the poster reads which parts are out before it
// posts the rest, so two runs resuming one claim at once (two replicas,
// or slots closer together than a resume takes under Slack's rate
// limits) would both post the missing parts. Settling sees the lease
// too, and the run, bounded by ClaimLease, ends before it does.
func (s *Scheduler) resume(ctx context.Context, sc store.Schedule, o openDigest, log *slog.Logger) error {
	digestID := DigestID(sc.ID, o.claim.ID)
	log = log.With(slog.Int64(logKeyClaim, o.claim.ID))
	c, err := s.opts.Store.TakeOver(ctx, o.claim.ID, s.opts.ClaimLease)
	if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
		log.Info("a digest left posted in part is finished by another run", slog.Any(logKeyError, err))
		return nil
	}
	if err != nil {
		return fmt.Errorf("take over digest %s: %w", digestID, err)
	}
	o.claim = c
	d, err := s.build(ctx, sc, o.claim)
	if err != nil {
		return fmt.Errorf("resume digest %s: %w", digestID, err)
	}
	ts := o.ts
	if d != nil {
		pctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
		since, until := s.searchWindow(o.claim)
		ts, err = s.opts.Poster.PostDigest(pctx, sc.Channel, d, digestID, since, until)
		cancel()
		if err != nil {
			return fmt.Errorf("resume digest %s (kept open for a later run): %w", digestID, err)
		}
	}
	// Another replica settling the same claim at once is no error.
	if err := s.opts.Store.MarkPosted(ctx, o.claim.ID, ts); err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("record digest %s resumed as %s: %w", digestID, ts, err)
	}
	log.Info("finished a digest left posted in part", slog.String(logKeyTS, ts))
	return nil
}

// postEmpty closes a claim with nothing to show, posting "no new coverage"
// first when the channel asked for it. The claim is kept, so the slot is
// taken and no other replica posts the notice again.
func (s *Scheduler) postEmpty(ctx context.Context, sc store.Schedule, c store.Claim, log *slog.Logger) (Result, error) {
	ts := ""
	if s.opts.PostWhenEmpty {
		var err error
		pctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
		ts, err = s.opts.Poster.PostText(pctx, sc.Channel, noNewCoverage(sc, s.opts.Now()))
		cancel()
		if err != nil {
			return s.postFailed(ctx, sc, c, nil, err, log)
		}
	}
	if err := s.opts.Store.MarkPosted(ctx, c.ID, ts); err != nil {
		return "", fmt.Errorf("close empty claim %d: %w", c.ID, err)
	}
	log.Debug("nothing new")
	return Empty, nil
}

// noNewCoverage is the text of an empty digest.
func noNewCoverage(sc store.Schedule, now time.Time) string {
	if sc.LastPosted.IsZero() {
		return "No new coverage yet."
	}
	loc, err := LoadLocation(sc.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	last := sc.LastPosted.In(loc)
	layout := "Mon 2 Jan 15:04 MST"
	if now.In(loc).Format("2006-01-02") == last.Format("2006-01-02") {
		layout = "15:04 MST"
	}
	return "No new coverage since " + last.Format(layout) + "."
}

// postFailed decides what becomes of a claim whose post failed with no
// message known to be out. When the channel is gone the subscription is
// paused. Otherwise Slack may still have taken the first message (the
// answer lost to a timeout or a cut connection), so the channel is
// searched for it before the coverage is released: when it is there, the
// rest of d is posted after it; when even the search fails the claim stays
// open, to be settled after its lease. d is nil for "no new coverage".
func (s *Scheduler) postFailed(ctx context.Context, sc store.Schedule, c store.Claim, d *digest.Digest, postErr error, log *slog.Logger) (Result, error) {
	digestID := DigestID(sc.ID, c.ID)
	if channelGone(postErr) {
		if err := s.opts.Store.Release(ctx, c.ID); err != nil {
			log.Warn("release claim of an unavailable channel", slog.Any(logKeyError, err))
		}
		if err := s.pause(ctx, sc, "I can no longer post to <#"+sc.Channel+">"); err != nil {
			return Paused, fmt.Errorf("pause schedule %d after %w: %w", sc.ID, postErr, err)
		}
		log.Warn("channel unavailable, schedule paused", slog.Any(logKeyError, postErr))
		return Paused, nil
	}
	fctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
	since, until := s.searchWindow(c)
	ts, err := s.opts.Poster.FindDigest(fctx, sc.Channel, digestID, since, until)
	cancel()
	if err != nil {
		return Failed, fmt.Errorf("post digest %s: %w (and could not tell whether Slack took it: %w)", digestID, postErr, err)
	}
	if ts != "" && d != nil {
		// Parts after the first were not posted (the poster stops at the
		// first failure); it resumes after those already out.
		pctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
		ts, err = s.opts.Poster.PostDigest(pctx, sc.Channel, d, digestID, since, until)
		cancel()
		if err != nil {
			return Failed, fmt.Errorf("digest %s posted in part (the rest follows in a later run): %w", digestID, errors.Join(postErr, err))
		}
	}
	if ts != "" {
		if err := s.opts.Store.MarkPosted(ctx, c.ID, ts); err != nil {
			return Posted, fmt.Errorf("record digest %s found posted as %s: %w", digestID, ts, err)
		}
		log.Info("digest posted despite an error", slog.String(logKeyTS, ts), slog.Any(logKeyError, postErr))
		return Posted, nil
	}
	if err := s.opts.Store.Release(ctx, c.ID); err != nil {
		return Failed, fmt.Errorf("post digest %s: %w (and release its claim: %w)", digestID, postErr, err)
	}
	return Failed, fmt.Errorf("post digest %s (coverage released for the next run): %w", digestID, postErr)
}

// channelGone reports whether err says the channel can no longer be posted
// to: it wraps ErrChannelUnavailable, or an error of the Slack poster that
// says so through a ChannelUnusable method.
func channelGone(err error) bool {
	if errors.Is(err, ErrChannelUnavailable) {
		return true
	}
	var cu interface{ ChannelUnusable() bool }
	return errors.As(err, &cu) && cu.ChannelUnusable()
}

// abandon releases a claim that cannot be posted for a reason of ours.
// Nothing was posted, so releasing is safe even once the run's own
// deadline has passed (often the reason it is abandoned), and saves its
// coverage from waiting for the lease.
func (s *Scheduler) abandon(ctx context.Context, c store.Claim, cause error) (Result, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := s.opts.Store.Release(ctx, c.ID); err != nil {
		return Failed, fmt.Errorf("%w (and release claim: %w)", cause, err)
	}
	return Failed, cause
}

// openDigest is a claim left open whose first message is in the channel:
// a digest posted in part, or whole but not recorded.
type openDigest struct {
	claim store.Claim
	ts    string
}

// settleOpen deals with the claims of sc that a failure or a crash left
// open. Those whose first message is not in the channel were never posted
// and are released, so their coverage goes into this run; those whose
// first message is there are returned, for the run that wins the slot to
// finish (see resume). A claim whose lease has not ended may be a post in
// progress on another replica, its first or a resume, and is left alone.
func (s *Scheduler) settleOpen(ctx context.Context, sc store.Schedule, log *slog.Logger) ([]openDigest, error) {
	open, err := s.opts.Store.OpenClaims(ctx, sc.ID)
	if err != nil {
		return nil, fmt.Errorf("list open claims of schedule %d: %w", sc.ID, err)
	}
	now := s.opts.Now()
	var posted []openDigest
	for _, c := range open {
		// Created as well: claims stored before leases were carry none.
		if now.Sub(c.Created) < s.opts.ClaimLease || now.Before(c.LeaseEnds) {
			continue
		}
		ts := ""
		if len(c.Items) > 0 {
			fctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
			since, until := s.searchWindow(c)
			ts, err = s.opts.Poster.FindDigest(fctx, sc.Channel, DigestID(sc.ID, c.ID), since, until)
			cancel()
			if err != nil {
				return nil, fmt.Errorf("look for digest %s: %w", DigestID(sc.ID, c.ID), err)
			}
		}
		if ts != "" {
			posted = append(posted, openDigest{claim: c, ts: ts})
			continue
		}
		// Take the claim over before releasing it: another run may have
		// taken it over to finish it since OpenClaims read it (its search
		// found the first message where this one's did not), and releasing
		// it under that run would send its items out a second time.
		if _, err := s.opts.Store.TakeOver(ctx, c.ID, s.opts.ClaimLease); err != nil {
			if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) {
				log.Info("a claim left open is settled by another run", slog.Int64(logKeyClaim, c.ID), slog.Any(logKeyError, err))
				continue
			}
			return nil, fmt.Errorf("settle claim %d: %w", c.ID, err)
		}
		// Another replica settling the same claim at once is no error.
		if err := s.opts.Store.Release(ctx, c.ID); err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrConflict) {
			return nil, fmt.Errorf("settle claim %d: %w", c.ID, err)
		}
		log.Info("released a claim left open and never posted", slog.Int64(logKeyClaim, c.ID))
	}
	return posted, nil
}

// releaseTimeout bounds the release of a claim abandoned by a run whose own
// context has ended.
const releaseTimeout = 10 * time.Second

// clockSkew is how far Slack's clock, which stamps a message, may be behind
// the one that dated a claim (this host's, or the database's).
const clockSkew = 5 * time.Minute

// searchWindow is when the first message of c's digest can have been
// posted. It opens a little before the claim was made, since a message
// stamped before it by a clock that is behind would otherwise be missed,
// taken for one never posted, and its coverage posted again; the digest ID
// names one claim, so searching further back finds nothing that is not its
// digest. It closes when the run that made the claim had to end (RunSlot
// gives a run no longer than the lease, and only that run posts a first
// message), so that a digest resumed a day later is looked for among the
// messages of those minutes, not among everything the channel said since.
func (s *Scheduler) searchWindow(c store.Claim) (since, until time.Time) {
	return c.Created.Add(-clockSkew), c.Created.Add(s.opts.ClaimLease + clockSkew)
}

// title names a digest after its summit, or says it covers everything.
func (s *Scheduler) title(ctx context.Context, sc store.Schedule) string {
	if sc.Summit == "" {
		return "New coverage"
	}
	summits, err := s.opts.Store.Summits(ctx)
	if err == nil {
		for _, sm := range summits {
			if sm.Slug == sc.Summit && sm.Title != "" {
				return sm.Title
			}
		}
	}
	return sc.Summit
}

// pause stops a subscription and tells its creator why, by direct message;
// a subscription from the config file has no creator to tell.
func (s *Scheduler) pause(ctx context.Context, sc store.Schedule, why string) error {
	sc.Paused = true
	if err := s.opts.Store.UpdateSchedule(ctx, sc); err != nil {
		return fmt.Errorf("pause schedule %d: %w", sc.ID, err)
	}
	if err := s.Reload(ctx); err != nil {
		s.log.Warn("reload after pausing", slog.Any(logKeyError, err))
	}
	if sc.CreatedBy == "" {
		return nil
	}
	msg := why + ", so I paused your scheduled digest there (`" + sc.Spec + "`" + zoneSuffix(sc.TimeZone) + "). " +
		"Once the channel is back and I am in it again, run " + resumeCommand(sc) + " there to resume it."
	pctx, cancel := context.WithTimeout(ctx, s.opts.PostTimeout)
	defer cancel()
	if _, err := s.opts.Poster.PostText(pctx, sc.CreatedBy, msg); err != nil {
		return fmt.Errorf("tell %s schedule %d is paused: %w", sc.CreatedBy, sc.ID, err)
	}
	return nil
}

// PauseChannel pauses every subscription of channel and tells their
// creators; the Slack app calls it when the channel is archived or the bot
// is removed from it. reason completes "… so I paused your digest": for
// example "<#C123> was archived".
func (s *Scheduler) PauseChannel(ctx context.Context, channel, reason string) error {
	scheds, err := s.opts.Store.Schedules(ctx, channel)
	if err != nil {
		return fmt.Errorf("list schedules of %s: %w", channel, err)
	}
	var errs []error
	for _, sc := range scheds {
		if sc.Paused {
			continue
		}
		if err := s.pause(ctx, sc, reason); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func zoneSuffix(tz string) string {
	if tz == "" {
		return " UTC"
	}
	return " " + tz
}
