package sqlstore

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

// FeedState implements store.FeedStates.
func (c *Core) FeedState(ctx context.Context, feedURL string) (store.FeedState, error) {
	var st store.FeedState
	err := c.inTx(ctx, false, func(tx *qtx) error {
		var seen, attempts string
		var next int64
		err := tx.row(ctx, `SELECT etag, last_modified, seen, attempts, failures, next_poll
			FROM feed_states WHERE feed_url = ?`, feedURL).
			Scan(&st.ETag, &st.LastModified, &seen, &attempts, &st.Failures, &next)
		if isNoRows(err) {
			return notFound("state of feed %s", feedURL)
		}
		if err != nil {
			return c.wrap("get state of feed "+feedURL, err)
		}
		st.NextPoll = fromNanos(next)
		var at map[string]int64
		if err := json.Unmarshal([]byte(seen), &at); err != nil {
			return c.wrap("read seen items of feed "+feedURL, err)
		}
		if err := json.Unmarshal([]byte(attempts), &st.Attempts); err != nil {
			return c.wrap("read item attempts of feed "+feedURL, err)
		}
		if len(at) > 0 {
			st.Seen = make(map[string]time.Time, len(at))
			for k, n := range at {
				st.Seen[k] = fromNanos(n)
			}
		}
		return nil
	})
	if err != nil {
		return store.FeedState{}, err
	}
	return st, nil
}

// SaveFeedState implements store.FeedStates.
func (c *Core) SaveFeedState(ctx context.Context, feedURL string, st store.FeedState) error {
	st = boundFeedState(st)
	at := make(map[string]int64, len(st.Seen))
	for k, t := range st.Seen {
		at[k] = nanos(t)
	}
	seen, err := json.Marshal(at)
	if err != nil {
		return c.wrap("encode seen items of feed "+feedURL, err)
	}
	if st.Attempts == nil {
		st.Attempts = map[string]int{}
	}
	attempts, err := json.Marshal(st.Attempts)
	if err != nil {
		return c.wrap("encode item attempts of feed "+feedURL, err)
	}
	return c.inTx(ctx, true, func(tx *qtx) error {
		_, err := tx.exec(ctx, `INSERT INTO feed_states (feed_url, etag, last_modified, seen, attempts, failures, next_poll, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (feed_url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
				seen = excluded.seen, attempts = excluded.attempts, failures = excluded.failures,
				next_poll = excluded.next_poll, saved_at = excluded.saved_at`,
			feedURL, st.ETag, st.LastModified, string(seen), string(attempts), st.Failures, nanos(st.NextPoll), nanos(c.now()))
		return c.wrap("save state of feed "+feedURL, err)
	})
}

// boundFeedState returns a copy of st within the bounds that
// store.FeedStates documents. Dropping a seen item costs at worst one
// fetch of an article the store already holds; dropping a validator, one
// full answer instead of a 304.
func boundFeedState(st store.FeedState) store.FeedState {
	if len(st.ETag) > store.MaxFeedKey {
		st.ETag = ""
	}
	if len(st.LastModified) > store.MaxFeedKey {
		st.LastModified = ""
	}
	seen := make([]string, 0, len(st.Seen))
	for k := range st.Seen {
		if len(k) <= store.MaxFeedKey {
			seen = append(seen, k)
		}
	}
	if len(seen) > store.MaxFeedSeen {
		// Newest first, so that the oldest fall off the end.
		slices.SortFunc(seen, func(a, b string) int {
			if c := st.Seen[b].Compare(st.Seen[a]); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		seen = seen[:store.MaxFeedSeen]
	}
	kept := make(map[string]time.Time, len(seen))
	for _, k := range seen {
		kept[k] = st.Seen[k]
	}
	st.Seen = kept
	tries := st.Attempts
	st.Attempts = make(map[string]int, min(len(tries), store.MaxFeedAttempts))
	for _, k := range slices.Sorted(maps.Keys(tries)) {
		if len(st.Attempts) == store.MaxFeedAttempts {
			break
		}
		if len(k) <= store.MaxFeedKey {
			st.Attempts[k] = tries[k]
		}
	}
	return st
}
