package store

import (
	"context"
	"time"
)

// FeedStates keeps what the feed poller remembers of each feed, so that a
// restart neither fetches every item of every feed again nor forgets a
// failing feed's backoff. It is apart from Store because only the poller
// needs it; both implementations provide it.
type FeedStates interface {
	// FeedState returns the saved state of feedURL. ErrNotFound when none
	// was saved.
	FeedState(ctx context.Context, feedURL string) (FeedState, error)

	// SaveFeedState replaces the saved state of feedURL with a bounded copy
	// of st: at most MaxFeedSeen seen items (the oldest are dropped), at
	// most MaxFeedAttempts items being retried, no key or validator longer
	// than MaxFeedKey bytes.
	SaveFeedState(ctx context.Context, feedURL string, st FeedState) error
}

// The bounds of a saved FeedState. A feed lists tens of items, rarely a
// few hundred, and the poller forgets items gone from the feed after a
// while; these only keep one odd feed from growing a row without end.
const (
	MaxFeedSeen     = 2000
	MaxFeedAttempts = 200
	MaxFeedKey      = 2048
)

// FeedState is what the poller remembers of one feed.
type FeedState struct {
	// ETag and LastModified are the validators of the feed's last full
	// answer, for a conditional GET.
	ETag, LastModified string
	// Seen holds the items already handled, by key, with when each was
	// first seen.
	Seen map[string]time.Time
	// Attempts counts the failed tries of the items not yet handled.
	Attempts map[string]int
	// Failures counts the polls that failed in a row, and NextPoll is when
	// the feed is due again.
	Failures int
	NextPoll time.Time
}
