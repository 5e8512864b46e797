package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// MinSlackInterval is the shortest interval a schedule made from Slack may
// have: a channel digest more often than once a minute is a mistake, and
// the Web API's posting limits would make it fail anyway. The config file
// may set any interval (operators and tests need seconds).
const MinSlackInterval = time.Minute

// searchYears bounds how far Next looks for a matching day. Nine years cover
// the longest gap between two 29 Februaries (2096 to 2104).
const searchYears = 9

// parser accepts the five standard fields and the descriptors (@daily,
// @every 30m). Seconds are not offered: a digest is never due to the second.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Spec is a parsed schedule: a cron expression read in its own time zone, or
// an @every interval. It implements cron.Schedule, fixing two things cron's
// own schedules get wrong for digests:
//
//   - Daylight saving time. A wall-clock time that the spring change skips
//     fires once, at the first minute that exists after it; one that the
//     autumn change repeats fires once, at its first occurrence. Each
//     wall-clock slot fires at most once, whatever the offset does.
//   - @every slots are aligned to the Unix epoch rather than to the moment
//     the scheduler started, so that every replica agrees on them.
//
// A Spec is immutable and safe for concurrent use.
type Spec struct {
	expr  string
	loc   *time.Location
	cron  *cron.SpecSchedule // nil for @every
	every time.Duration      // 0 for a cron expression
}

var _ cron.Schedule = (*Spec)(nil)

// SpecError says why an expression or a time zone was refused, in a sentence
// a person can act on.
type SpecError struct {
	Expr string
	Msg  string
	Err  error
}

func (e *SpecError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("schedule %q: %s: %v", e.Expr, e.Msg, e.Err)
	}
	return fmt.Sprintf("schedule %q: %s", e.Expr, e.Msg)
}

func (e *SpecError) Unwrap() error { return e.Err }

// Parse reads expr, a five-field cron expression ("0 8 * * 1-5") or a
// descriptor ("@daily", "@every 6h"), to be read in the time zone tz (an
// IANA name such as "Europe/Paris"; "" means UTC). It returns a *SpecError
// when either is invalid or when the expression can never fire.
func Parse(expr, tz string) (*Spec, error) {
	expr = strings.Join(strings.Fields(expr), " ")
	if expr == "" {
		return nil, &SpecError{Expr: expr, Msg: "the expression is empty"}
	}
	loc, err := LoadLocation(tz)
	if err != nil {
		return nil, &SpecError{Expr: expr, Msg: fmt.Sprintf("unknown time zone %q", tz), Err: err}
	}
	// cron's own TZ= prefix would compete with the subscription's time zone,
	// and cron v3.0.1 panics on a prefix with nothing after it.
	if strings.HasPrefix(expr, "TZ=") || strings.HasPrefix(expr, "CRON_TZ=") {
		return nil, &SpecError{Expr: expr, Msg: "give the time zone separately, not as a TZ= prefix"}
	}
	if d, ok := strings.CutPrefix(expr, "@every "); ok {
		every, err := time.ParseDuration(d)
		if err != nil {
			return nil, &SpecError{Expr: expr, Msg: "the interval is not a duration such as 30m or 6h", Err: err}
		}
		if every < time.Second || every%time.Second != 0 {
			return nil, &SpecError{Expr: expr, Msg: "the interval must be a whole number of seconds, at least 1s"}
		}
		return &Spec{expr: expr, loc: loc, every: every}, nil
	}
	sched, err := parser.Parse(expr)
	if err != nil {
		return nil, &SpecError{Expr: expr, Msg: "not a five-field cron expression or a descriptor such as @daily", Err: err}
	}
	cs, ok := sched.(*cron.SpecSchedule)
	if !ok {
		return nil, &SpecError{Expr: expr, Msg: fmt.Sprintf("unexpected schedule type %T", sched)}
	}
	s := &Spec{expr: expr, loc: loc, cron: cs}
	// A fixed reference keeps validation independent of today's date.
	if s.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, &SpecError{Expr: expr, Msg: "it never fires (no such day)"}
	}
	return s, nil
}

// ParseForSlack is Parse with the limits of schedules people set from
// Slack: no interval under MinSlackInterval.
func ParseForSlack(expr, tz string) (*Spec, error) {
	s, err := Parse(expr, tz)
	if err != nil {
		return nil, err
	}
	if s.every > 0 && s.every < MinSlackInterval {
		return nil, &SpecError{Expr: s.expr, Msg: fmt.Sprintf("the interval is under %s, the shortest a channel may have", MinSlackInterval)}
	}
	return s, nil
}

// LoadLocation returns the time zone named tz, UTC for "". Local is refused:
// a subscription's meaning must not depend on the host it runs on.
func LoadLocation(tz string) (*time.Location, error) {
	switch tz {
	case "", "UTC":
		return time.UTC, nil
	case "Local":
		return nil, errors.New("the host's local time zone is not allowed; name one such as Europe/Paris")
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("load time zone: %w", err)
	}
	return loc, nil
}

// zoneName is the time zone of s as a subscription stores it: its IANA
// name, "" for UTC, so that "UTC" and no zone are one subscription.
func zoneName(s *Spec) string {
	if tz := s.Location().String(); tz != "UTC" {
		return tz
	}
	return ""
}

// String returns the expression as parsed, with its spaces normalised.
func (s *Spec) String() string { return s.expr }

// Location returns the time zone the expression is read in.
func (s *Spec) Location() *time.Location { return s.loc }

// Every returns the interval of an @every spec, 0 for a cron expression.
func (s *Spec) Every() time.Duration { return s.every }

// Next returns the first time the spec fires strictly after t, in the spec's
// time zone, or the zero time if it fires in none of the next nine years.
func (s *Spec) Next(t time.Time) time.Time {
	if s.every > 0 {
		return s.slot(t).Add(s.every)
	}
	return s.nextCron(t.In(s.loc))
}

// slot returns the start of the @every slot that holds t: the latest
// multiple of the interval since the Unix epoch at or before t.
func (s *Spec) slot(t time.Time) time.Time {
	n := s.every.Nanoseconds()
	u := t.UnixNano()
	// Floor division, so that instants before 1970 align too.
	k := u / n
	if u%n < 0 {
		k--
	}
	return time.Unix(0, k*n).In(s.loc)
}

// NextN returns the next n fire times after t, in order.
func (s *Spec) NextN(t time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	for range n {
		t = s.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}

// Prev returns the latest fire time at or before t that is after t-window,
// or false when there is none; catch-up after downtime uses it.
func (s *Spec) Prev(t time.Time, window time.Duration) (time.Time, bool) {
	var last time.Time
	if s.every > 0 {
		last = s.slot(t)
	} else {
		for f := s.Next(t.Add(-window)); !f.IsZero() && !f.After(t); f = s.Next(f) {
			last = f
		}
	}
	if last.IsZero() || t.Sub(last) >= window {
		return time.Time{}, false
	}
	return last, true
}

// civil is a wall-clock minute, independent of any time zone's offsets.
// It is kept as a UTC time.Time so that the calendar arithmetic is Go's.
type civil = time.Time

func civilOf(t time.Time) civil {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
}

// nextCron walks wall-clock minutes after t's and returns the instant of the
// first one that matches and has not already passed. Walking the wall clock
// rather than the instants is what makes each slot fire once across an
// offset change; whole months, days and hours that cannot match are skipped, so a
// spec that fires once in four years costs about a thousand steps.
func (s *Spec) nextCron(t time.Time) time.Time {
	c := civilOf(t).Add(time.Minute)
	limit := c.AddDate(searchYears, 0, 0)
	for c.Before(limit) {
		if s.cron.Month&(1<<uint(c.Month())) == 0 {
			c = time.Date(c.Year(), c.Month()+1, 1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if !s.dayMatches(c) {
			c = time.Date(c.Year(), c.Month(), c.Day()+1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if s.cron.Hour&(1<<uint(c.Hour())) == 0 {
			c = time.Date(c.Year(), c.Month(), c.Day(), c.Hour()+1, 0, 0, 0, time.UTC)
			continue
		}
		if s.cron.Minute&(1<<uint(c.Minute())) == 0 {
			c = c.Add(time.Minute)
			continue
		}
		// The first instant showing this wall-clock minute; in a spring gap,
		// the first instant after it.
		if at := s.instant(c); at.After(t) {
			return at
		}
		// The slot's first occurrence is past: in an autumn repeat, the
		// second showing of the same minute does not fire again.
		c = c.Add(time.Minute)
	}
	return time.Time{}
}

// dayMatches applies cron's rule for the two day fields: when either is a
// star both must match, otherwise either may.
func (s *Spec) dayMatches(c civil) bool {
	if s.cron.Month&(1<<uint(c.Month())) == 0 {
		return false
	}
	dom := s.cron.Dom&(1<<uint(c.Day())) != 0
	dow := s.cron.Dow&(1<<uint(c.Weekday())) != 0
	const star = 1 << 63
	if s.cron.Dom&star != 0 || s.cron.Dow&star != 0 {
		return dom && dow
	}
	return dom || dow
}

// instant returns the earliest instant whose wall clock in s.loc reads c,
// or, when c falls in a gap the zone skips, the instant the gap ends.
func (s *Spec) instant(c civil) time.Time {
	// c read as UTC, less each offset the zone uses around that time, gives
	// every candidate; offsets change at most a few times a year, so the
	// offsets a day either side cover every transition near c.
	var best time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Time{c.Add(-26 * time.Hour), c, c.Add(26 * time.Hour)} {
		_, off := probe.In(s.loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		at := c.Add(-time.Duration(off) * time.Second).In(s.loc)
		if civilOf(at).Equal(c) && (best.IsZero() || at.Before(best)) {
			best = at
		}
	}
	if !best.IsZero() {
		return best
	}
	return s.gapEnd(c)
}

// gapEnd returns the first instant whose wall clock reads later than c,
// for a c that no instant shows. The search is a bisection over the day
// around c, since a gap lies between the instants c would be under the
// offsets before and after it.
func (s *Spec) gapEnd(c civil) time.Time {
	lo := c.Add(-26 * time.Hour).Unix() // wall clock before c
	hi := c.Add(26 * time.Hour).Unix()  // wall clock after c
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if civilOf(time.Unix(mid, 0).In(s.loc)).After(c) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return time.Unix(hi, 0).In(s.loc)
}
