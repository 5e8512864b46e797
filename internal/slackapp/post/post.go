// Package post sends Summit Digest's messages to Slack through the Web API:
// channel messages, digests that continue in their thread, ephemeral
// replies and response_url answers.
//
// It retries what is safe to retry and nothing else. A rate limit (HTTP 429,
// with or without Retry-After) and a request that provably never left (a
// failed dial) are retried with backoff. After an ambiguous failure (a
// timeout, a reset connection, a 5xx) the message may have been posted, so
// the channel's recent history is searched for the message's metadata
// before posting again: a message is never posted twice because a retry
// followed a post that had in fact gone through.
package post

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
)

// Metadata event types the Poster stamps on what it posts.
const (
	// EventDigest marks a digest message; its payload has "digest_id" and
	// "part" (0 for the first message, 1… for its continuations).
	EventDigest = "summit_digest"
	// EventMessage marks any other message; its payload has "message_id", a
	// random key that lets a retry find the message it may have posted.
	EventMessage = "summit_message"
)

// Defaults of Options.
const (
	DefaultMaxAttempts    = 5
	DefaultMinBackoff     = time.Second
	DefaultMaxBackoff     = 30 * time.Second
	DefaultMaxRetryAfter  = 2 * time.Minute
	DefaultAttemptTimeout = 15 * time.Second
	DefaultHistoryWindow  = 10 * time.Minute
	DefaultHistoryPages   = 3
)

// Log attribute keys.
const (
	logKeyComponent = "component"
	logKeyChannel   = "channel_id"
	logKeyTS        = "ts"
	logKeyMethod    = "method"
	logKeyReason    = "reason"
	logKeyWait      = "wait"
	logKeyAttempt   = "attempt"
)

// response_url limits, as Slack documents them.
const (
	responseURLUses   = 5
	responseURLWindow = 30 * time.Minute
)

// Hooks lets the caller count what the Poster does, e.g. in Prometheus.
// Nil fields are skipped. They are called synchronously and must be quick.
type Hooks struct {
	// APICall follows every call to Slack: the method ("chat.postMessage",
	// "response_url"…), its outcome ("ok", Slack's error string, "http_503",
	// "rate_limited", "timeout", "network") and how long it took.
	APICall func(method, outcome string, took time.Duration)
	// Retry precedes every retry: the method and why ("rate_limited",
	// "not_sent", "ambiguous").
	Retry func(method, reason string)
}

// Options tunes a Poster. Zero values take the defaults above.
type Options struct {
	// MaxAttempts bounds the attempts of one call, the first one included.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the exponential backoff between
	// attempts when Slack gives no Retry-After.
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After waited for; a longer one
	// fails the call at once with CodeRateLimited.
	MaxRetryAfter time.Duration
	// AttemptTimeout bounds one HTTP request. slack.New's client has none.
	AttemptTimeout time.Duration
	// HistoryWindow is how far before the first attempt the history check
	// after an ambiguous failure looks, allowing for clock skew with Slack.
	HistoryWindow time.Duration
	// HistoryPages bounds the pages of history read by one check.
	HistoryPages int

	// Sleep waits for d or until ctx is done; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock, for response_url accounting and history windows.
	Now func() time.Time
	// Jitter spreads a backoff so that replicas do not retry in step;
	// the default picks uniformly in [d/2, d].
	Jitter func(d time.Duration) time.Duration
	// NewID makes the key of a message posted without a digest ID.
	NewID func() string

	Hooks  Hooks
	Logger *slog.Logger
}

// Poster posts messages to Slack. It is safe for concurrent use.
type Poster struct {
	client *slack.Client
	opts   Options
	log    *slog.Logger

	mu   sync.Mutex
	uses map[string][]time.Time // response_url → times it was used
}

// New returns a Poster over client. The client must not retry by itself
// (no slack.OptionRetry or OptionRetryConfig): its retries would resend a
// chat.postMessage that may have gone through. Tests point it at a fake
// with slack.OptionAPIURL.
func New(client *slack.Client, opts Options) *Poster {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.AttemptTimeout <= 0 {
		opts.AttemptTimeout = DefaultAttemptTimeout
	}
	if opts.HistoryWindow <= 0 {
		opts.HistoryWindow = DefaultHistoryWindow
	}
	if opts.HistoryPages <= 0 {
		opts.HistoryPages = DefaultHistoryPages
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Jitter == nil {
		opts.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if opts.NewID == nil {
		opts.NewID = newID
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Poster{client: client, opts: opts, log: logger.With(slog.String(logKeyComponent, "post")), uses: map[string][]time.Time{}}
}

// PostOptions tunes Post.
type PostOptions struct {
	// ThreadTS posts the message as a reply in that thread.
	ThreadTS string
	// DigestID, when set, stamps the message as part Part of that digest,
	// so that recovery (FindDigest) can tell it was posted.
	DigestID string
	Part     int
}

// Post posts msg to channel (an ID, not a name: a history check needs it)
// and returns the message's ts. Failures are *Error values; see the package
// comment for what is retried.
func (p *Poster) Post(ctx context.Context, channel string, msg blockkit.Message, opts PostOptions) (string, error) {
	meta := slack.SlackMetadata{EventType: EventMessage, EventPayload: map[string]any{"message_id": p.opts.NewID()}}
	if opts.DigestID != "" {
		meta = slack.SlackMetadata{EventType: EventDigest, EventPayload: map[string]any{"digest_id": opts.DigestID, "part": opts.Part}}
	}
	msgOpts := []slack.MsgOption{
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionBlocks(msg.Blocks...),
		slack.MsgOptionMetadata(meta),
		// Unfurls of every source link would bury the digest.
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if opts.ThreadTS != "" {
		msgOpts = append(msgOpts, slack.MsgOptionTS(opts.ThreadTS))
	}

	const method = "chat.postMessage"
	since := p.opts.Now().Add(-p.opts.HistoryWindow)
	maybePosted := false
	var last error
	for attempt := 1; ; attempt++ {
		if maybePosted {
			// An earlier attempt may have gone through: look before posting.
			ts, found, err := p.find(ctx, channel, opts.ThreadTS, meta, since, time.Time{})
			if err != nil {
				return "", &Error{Code: CodeUnknownOutcome, Method: method, Channel: channel, Err: errors.Join(last, err)}
			}
			if found {
				p.log.InfoContext(ctx, "found the message an ambiguous attempt had posted", slog.String(logKeyChannel, channel), slog.String(logKeyTS, ts))
				return ts, nil
			}
			maybePosted = false
		}
		var ts string
		err := p.call(ctx, method, func(ctx context.Context) error {
			var err error
			_, ts, err = p.client.PostMessageContext(ctx, channel, msgOpts...)
			return err
		})
		if err == nil {
			return ts, nil
		}
		last = err
		c := classify(err)
		if c.kind == ambiguous {
			maybePosted = true
		}
		if ctx.Err() != nil {
			return "", p.giveUp(method, channel, maybePosted, c, fmt.Errorf("%w (after %w)", ctx.Err(), err))
		}
		if c.kind == final || attempt >= p.opts.MaxAttempts {
			if maybePosted && c.kind != final {
				// One last look, so that the caller learns the truth if it can.
				if ts, found, ferr := p.find(ctx, channel, opts.ThreadTS, meta, since, time.Time{}); ferr == nil && found {
					return ts, nil
				}
			}
			return "", p.giveUp(method, channel, maybePosted, c, err)
		}
		if err := p.wait(ctx, method, attempt, c); err != nil {
			return "", p.giveUp(method, channel, maybePosted, c, err)
		}
	}
}

// DigestResult is where a digest was posted.
type DigestResult struct {
	// TS is the first message's ts: the digest's identity in the channel.
	TS string
	// Replies are the ts of the continuations, in order.
	Replies []string
}

// DigestOptions tunes PostDigest.
type DigestOptions struct {
	// Resume looks for parts already posted under the digest ID (after a
	// crash between "Slack accepted" and "we recorded it") and posts only
	// the missing ones. It needs the history scopes of the channel.
	Resume bool
	// Since is how far back Resume looks; zero means Options.HistoryWindow
	// before now. Recovery passes when the digest was claimed.
	Since time.Time
	// Until, when set, is the latest time the first message can have been
	// posted, so that a digest resumed long after it began is searched for
	// in the minutes it was posted, not among everything said since, which
	// in a busy channel is more than the history pages looked at.
	Until time.Time
}

// PostDigest posts a digest's messages: the first to the channel, the rest
// in its thread, each stamped with digestID and its part number. When a
// continuation fails, the result holds what was posted and the error says
// what failed; calling again with Resume finishes the job.
func (p *Poster) PostDigest(ctx context.Context, channel, digestID string, msgs []blockkit.Message, opts DigestOptions) (DigestResult, error) {
	var res DigestResult
	if len(msgs) == 0 {
		return res, nil
	}
	if digestID == "" {
		return res, errors.New("post digest: empty digest id")
	}
	since := opts.Since
	if since.IsZero() {
		since = p.opts.Now().Add(-p.opts.HistoryWindow)
	}
	// Parts go out in order and a failure stops the run, so what an earlier
	// run posted is a prefix: once one part is missing, none after it can
	// be there, and looking for them would cost a history call each.
	resume := opts.Resume
	for i, m := range msgs {
		thread := res.TS
		if resume {
			meta := digestMeta(digestID, i)
			// Replies are searched in their thread, which holds few
			// messages however late they came.
			until := time.Time{}
			if i == 0 {
				until = opts.Until
			}
			ts, found, err := p.find(ctx, channel, thread, meta, since, until)
			if err != nil {
				return res, fmt.Errorf("resume digest %s part %d: %w", digestID, i, err)
			}
			if found {
				p.keep(&res, i, ts)
				continue
			}
			resume = false
		}
		ts, err := p.Post(ctx, channel, m, PostOptions{ThreadTS: thread, DigestID: digestID, Part: i})
		if err != nil {
			return res, fmt.Errorf("post digest %s part %d of %d: %w", digestID, i+1, len(msgs), err)
		}
		p.keep(&res, i, ts)
	}
	return res, nil
}

func (p *Poster) keep(res *DigestResult, part int, ts string) {
	if part == 0 {
		res.TS = ts
		return
	}
	res.Replies = append(res.Replies, ts)
}

func digestMeta(id string, part int) slack.SlackMetadata {
	return slack.SlackMetadata{EventType: EventDigest, EventPayload: map[string]any{"digest_id": id, "part": part}}
}

// FindDigest looks for the first message of digest digestID in channel's
// history between since and until (zero: up to now): recovery's way to
// tell whether a digest it has no record of was posted after all.
func (p *Poster) FindDigest(ctx context.Context, channel, digestID string, since, until time.Time) (ts string, found bool, err error) {
	return p.find(ctx, channel, "", digestMeta(digestID, 0), since, until)
}

// find searches the channel's history (or the thread's replies, when
// thread is set) between since and until (zero: up to now) for a message
// whose metadata is meta.
func (p *Poster) find(ctx context.Context, channel, thread string, meta slack.SlackMetadata, since, until time.Time) (string, bool, error) {
	oldest := fmt.Sprintf("%d.000000", since.Unix())
	latest := ""
	if !until.IsZero() {
		latest = fmt.Sprintf("%d.999999", until.Unix())
	}
	cursor := ""
	for range p.opts.HistoryPages {
		var msgs []slack.Message
		var next string
		method := "conversations.history"
		if thread != "" {
			method = "conversations.replies"
		}
		err := p.retry(ctx, method, channel, func(ctx context.Context) error {
			if thread != "" {
				m, _, nc, err := p.client.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
					ChannelID: channel, Timestamp: thread, Cursor: cursor, Oldest: oldest, Latest: latest, Limit: 200, IncludeAllMetadata: true})
				msgs, next = m, nc
				return err
			}
			r, err := p.client.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channel, Cursor: cursor, Oldest: oldest, Latest: latest, Limit: 200, IncludeAllMetadata: true})
			if r != nil {
				msgs, next = r.Messages, r.ResponseMetaData.NextCursor
			}
			return err
		})
		if err != nil {
			return "", false, fmt.Errorf("search history of %s: %w", channel, err)
		}
		for _, m := range msgs {
			if sameMeta(m.Metadata, meta) {
				return m.Timestamp, true, nil
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return "", false, nil
}

// sameMeta compares metadata as it comes back from Slack, where numbers are
// JSON numbers (float64 once decoded).
func sameMeta(got, want slack.SlackMetadata) bool {
	if got.EventType != want.EventType || len(want.EventPayload) == 0 {
		return false
	}
	for k, w := range want.EventPayload {
		g, ok := got.EventPayload[k]
		if !ok || fmt.Sprint(g) != fmt.Sprint(w) {
			return false
		}
	}
	return true
}

// Ephemeral posts msg to user in channel, visible to them alone. An
// ephemeral message leaves no history to check, so only rate limits and
// requests that never left are retried.
func (p *Poster) Ephemeral(ctx context.Context, channel, user string, msg blockkit.Message) error {
	const method = "chat.postEphemeral"
	return p.sendOnce(ctx, method, channel, func(ctx context.Context) error {
		_, err := p.client.PostEphemeralContext(ctx, channel, user,
			slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
}

// PostToResponseURL answers a slash command or an interaction through its
// response_url, visible to the user alone unless it replaces a message
// that was public. It is Respond with only ReplaceOriginal to choose.
func (p *Poster) PostToResponseURL(ctx context.Context, responseURL string, msg blockkit.Message, replaceOriginal bool) error {
	return p.Respond(ctx, responseURL, msg, ResponseOptions{ReplaceOriginal: replaceOriginal})
}

// ResponseOptions tunes Respond.
type ResponseOptions struct {
	// InChannel shows the answer to the whole channel; otherwise only the
	// user who asked sees it.
	InChannel bool
	// ReplaceOriginal replaces the message the interaction came from;
	// DeleteOriginal removes it (msg is then not shown).
	ReplaceOriginal bool
	DeleteOriginal  bool
}

// Respond answers a slash command or an interaction through its
// response_url. Slack accepts at most 5 uses of a response_url in 30
// minutes; the Poster counts them per URL and fails the sixth with
// CodeResponseURLExhausted without sending it.
func (p *Poster) Respond(ctx context.Context, responseURL string, msg blockkit.Message, o ResponseOptions) error {
	const method = "response_url"
	responseType := slack.ResponseTypeEphemeral
	if o.InChannel {
		responseType = slack.ResponseTypeInChannel
	}
	opts := []slack.MsgOption{
		slack.MsgOptionResponseURL(responseURL, responseType),
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionBlocks(msg.Blocks...),
	}
	if o.ReplaceOriginal {
		opts = append(opts, slack.MsgOptionReplaceOriginal(responseURL))
	}
	if o.DeleteOriginal {
		opts = append(opts, slack.MsgOptionDeleteOriginal(responseURL))
	}
	// One use per answer: the retries of a rate-limited or undelivered
	// attempt are not answers Slack counts.
	if !p.useResponseURL(responseURL) {
		return &Error{Code: CodeResponseURLExhausted, Method: method}
	}
	return p.sendOnce(ctx, method, "", func(ctx context.Context) error {
		_, _, err := p.client.PostMessageContext(ctx, "", opts...)
		return err
	})
}

// useResponseURL records a use of u and reports whether it was allowed. It
// also forgets URLs unused for the whole window, so the map stays small.
func (p *Poster) useResponseURL(u string) bool {
	now := p.opts.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, ts := range p.uses {
		if now.Sub(ts[len(ts)-1]) >= responseURLWindow {
			delete(p.uses, k)
		}
	}
	var recent []time.Time
	for _, t := range p.uses[u] {
		if now.Sub(t) < responseURLWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= responseURLUses {
		p.uses[u] = recent
		return false
	}
	p.uses[u] = append(recent, now)
	return true
}

// sendOnce runs a call that cannot be checked afterwards: retried only when
// it certainly did not take effect.
func (p *Poster) sendOnce(ctx context.Context, method, channel string, do func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := p.call(ctx, method, do)
		if err == nil {
			return nil
		}
		c := classify(err)
		if ctx.Err() != nil {
			return p.giveUp(method, channel, c.kind == ambiguous, c, fmt.Errorf("%w (after %w)", ctx.Err(), err))
		}
		if c.kind == final || c.kind == ambiguous || attempt >= p.opts.MaxAttempts {
			return p.giveUp(method, channel, c.kind == ambiguous, c, err)
		}
		if err := p.wait(ctx, method, attempt, c); err != nil {
			return p.giveUp(method, channel, false, c, err)
		}
	}
}

// retry runs a read, which is safe to repeat whatever happened.
func (p *Poster) retry(ctx context.Context, method, channel string, do func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := p.call(ctx, method, do)
		if err == nil {
			return nil
		}
		c := classify(err)
		if ctx.Err() != nil || c.kind == final || attempt >= p.opts.MaxAttempts {
			return p.giveUp(method, channel, false, c, err)
		}
		if err := p.wait(ctx, method, attempt, c); err != nil {
			return p.giveUp(method, channel, false, c, err)
		}
	}
}

// call makes one attempt under AttemptTimeout and reports it to the hooks.
func (p *Poster) call(ctx context.Context, method string, do func(ctx context.Context) error) error {
	actx, cancel := context.WithTimeout(ctx, p.opts.AttemptTimeout)
	defer cancel()
	start := time.Now()
	err := do(actx)
	if h := p.opts.Hooks.APICall; h != nil {
		h(method, classify(err).outcome, time.Since(start))
	}
	return err
}

// wait sleeps before the next attempt: Slack's Retry-After when it gave
// one, else exponential backoff with jitter.
func (p *Poster) wait(ctx context.Context, method string, attempt int, c class) error {
	d := c.retryAfter
	if d > p.opts.MaxRetryAfter {
		return fmt.Errorf("slack asks to wait %s, longer than %s", d, p.opts.MaxRetryAfter)
	}
	if d <= 0 {
		d = p.opts.MinBackoff << min(attempt-1, 20)
		d = p.opts.Jitter(min(d, p.opts.MaxBackoff))
	}
	if h := p.opts.Hooks.Retry; h != nil {
		h(method, c.reason())
	}
	p.log.DebugContext(ctx, "retrying Slack call", slog.String(logKeyMethod, method), slog.String(logKeyReason, c.reason()), slog.Duration(logKeyWait, d), slog.Int(logKeyAttempt, attempt))
	return p.opts.Sleep(ctx, d)
}

// giveUp turns the last failure into an *Error.
func (p *Poster) giveUp(method, channel string, maybePosted bool, c class, err error) error {
	var own *Error
	if errors.As(err, &own) && !maybePosted {
		return err
	}
	code := c.code
	switch {
	case maybePosted:
		code = CodeUnknownOutcome
	case code == "" && c.kind == rateLimited:
		code = CodeRateLimited
	case code == "" && c.kind == notSent:
		code = CodeNotSent
	case code == "":
		code = Code(c.outcome)
	}
	return &Error{Code: code, Method: method, Channel: channel, Err: err}
}

// kind is what a failed attempt means for the next one.
type kind int

const (
	// final: Slack answered; trying again will not change its answer.
	final kind = iota
	// rateLimited: Slack refused for now; wait and try again.
	rateLimited
	// notSent: the request never reached Slack; trying again is safe.
	notSent
	// ambiguous: the request may have taken effect.
	ambiguous
)

type class struct {
	kind       kind
	retryAfter time.Duration
	// code is the Code for a final failure from Slack, "" otherwise.
	code Code
	// outcome is the label for Hooks.APICall.
	outcome string
}

func (c class) reason() string {
	switch c.kind {
	case rateLimited:
		return "rate_limited"
	case notSent:
		return "not_sent"
	}
	return "ambiguous"
}

// Slack's error strings that mean "maybe": its documentation says of
// internal_error and fatal_error that some of the operation may have
// succeeded, and the others are server trouble after the request arrived.
var ambiguousSlackErrors = map[string]bool{
	"internal_error": true, "fatal_error": true, "service_unavailable": true, "request_timeout": true,
}

// classify sorts the error of one attempt.
func classify(err error) class {
	if err == nil {
		return class{outcome: "ok"}
	}
	var own *Error
	if errors.As(err, &own) {
		return class{kind: final, code: own.Code, outcome: string(own.Code)}
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return class{kind: rateLimited, retryAfter: rl.RetryAfter, outcome: "rate_limited"}
	}
	// slack-go parses Retry-After as seconds and returns the parse error
	// itself when a 429 carries an HTTP date instead: still a rate limit.
	var ne *strconv.NumError
	if errors.As(err, &ne) && ne.Func == "ParseInt" {
		return class{kind: rateLimited, outcome: "rate_limited"}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		outcome := fmt.Sprintf("http_%d", sc.Code)
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return class{kind: rateLimited, outcome: "rate_limited"}
		case sc.Code >= 500:
			return class{kind: ambiguous, outcome: outcome}
		case sc.Code == http.StatusNotFound || sc.Code == http.StatusGone:
			// What a stale response_url answers.
			return class{kind: final, code: CodeResponseURLExpired, outcome: outcome}
		}
		return class{kind: final, code: Code(outcome), outcome: outcome}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch {
		case se.Err == "ratelimited":
			return class{kind: rateLimited, outcome: "rate_limited"}
		case ambiguousSlackErrors[se.Err]:
			return class{kind: ambiguous, outcome: se.Err}
		}
		return class{kind: final, code: Code(se.Err), outcome: se.Err}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return class{kind: notSent, outcome: "network"}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return class{kind: notSent, outcome: "network"}
	}
	var te net.Error
	if errors.As(err, &te) && te.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return class{kind: ambiguous, outcome: "timeout"}
	}
	// A reset, an EOF, a body that did not decode: the request may have
	// arrived, so assume it did.
	return class{kind: ambiguous, outcome: "network"}
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// newID is a random 16-hex-digit key.
func newID() string {
	var b [8]byte
	_, _ = cryptorand.Read(b[:])
	return hex.EncodeToString(b[:])
}
