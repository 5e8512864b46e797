package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/summit-digest/summit-digest/internal/store"
)

// SaveSummit implements store.Store.
func (c *Core) SaveSummit(ctx context.Context, s store.Summit) error {
	if s.Slug == "" {
		return fmt.Errorf("save summit: empty slug")
	}
	kw, err := json.Marshal(nonNil(s.Keywords))
	if err != nil {
		return fmt.Errorf("save summit %s: %w", s.Slug, err)
	}
	return c.inTx(ctx, true, func(tx *qtx) error {
		_, err := tx.exec(ctx, `INSERT INTO summits (slug, title, keywords) VALUES (?, ?, ?)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, keywords = excluded.keywords`, s.Slug, s.Title, string(kw))
		return c.wrap("save summit "+s.Slug, err)
	})
}

// Summits implements store.Store.
func (c *Core) Summits(ctx context.Context) ([]store.Summit, error) {
	var out []store.Summit
	err := c.inTx(ctx, false, func(tx *qtx) error {
		rows, err := tx.query(ctx, `SELECT slug, title, keywords FROM summits ORDER BY slug`)
		if err != nil {
			return c.wrap("list summits", err)
		}
		defer rows.Close()
		for rows.Next() {
			var s store.Summit
			var kw string
			if err := rows.Scan(&s.Slug, &s.Title, &kw); err != nil {
				return c.wrap("list summits", err)
			}
			if err := json.Unmarshal([]byte(kw), &s.Keywords); err != nil {
				return fmt.Errorf("%s: summit %s: decode keywords: %w", c.name, s.Slug, err)
			}
			out = append(out, s)
		}
		return c.wrap("list summits", rows.Err())
	})
	return out, err
}

const scheduleColumns = `id, channel, summit, spec, timezone, created_by, created_at, paused, last_posted`

func scanSchedule(r Row) (store.Schedule, error) {
	var s store.Schedule
	var created, last int64
	if err := r.Scan(&s.ID, &s.Channel, &s.Summit, &s.Spec, &s.TimeZone, &s.CreatedBy, &created, &s.Paused, &last); err != nil {
		return store.Schedule{}, err
	}
	s.Created, s.LastPosted = fromNanos(created), fromNanos(last)
	return s, nil
}

// AddSchedule implements store.Store.
func (c *Core) AddSchedule(ctx context.Context, s store.Schedule) (store.Schedule, error) {
	var out store.Schedule
	dup := false
	err := c.inTx(ctx, true, func(tx *qtx) error {
		created := c.now().UTC()
		var id int64
		err := tx.row(ctx, `INSERT INTO schedules (channel, summit, spec, timezone, created_by, created_at, paused, last_posted)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (channel, summit, spec, timezone) DO NOTHING RETURNING id`,
			s.Channel, s.Summit, s.Spec, s.TimeZone, s.CreatedBy, nanos(created), s.Paused).Scan(&id)
		if isNoRows(err) {
			dup = true
			out, err = scanSchedule(tx.row(ctx, `SELECT `+scheduleColumns+` FROM schedules
				WHERE channel = ? AND summit = ? AND spec = ? AND timezone = ?`, s.Channel, s.Summit, s.Spec, s.TimeZone))
			return c.wrap("add schedule", err)
		}
		if err != nil {
			return c.wrap("add schedule", err)
		}
		out = s
		out.ID, out.Created, out.LastPosted = id, time.Unix(0, nanos(created)).UTC(), time.Time{}
		return nil
	})
	if err != nil {
		return store.Schedule{}, err
	}
	if dup {
		return out, fmt.Errorf("schedule %q in channel %s: %w", s.Spec, s.Channel, store.ErrDuplicate)
	}
	return out, nil
}

// UpdateSchedule implements store.Store.
func (c *Core) UpdateSchedule(ctx context.Context, s store.Schedule) error {
	return c.inTx(ctx, true, func(tx *qtx) error {
		n, err := tx.exec(ctx, `UPDATE schedules SET summit = ?, spec = ?, timezone = ?, paused = ? WHERE id = ?`,
			s.Summit, s.Spec, s.TimeZone, s.Paused, s.ID)
		if err != nil && c.d.IsUnique(err) {
			return fmt.Errorf("schedule %d: %w", s.ID, store.ErrDuplicate)
		}
		if err != nil {
			return c.wrap("update schedule", err)
		}
		if n == 0 {
			return notFound("schedule %d", s.ID)
		}
		return nil
	})
}

// DeleteSchedule implements store.Store.
func (c *Core) DeleteSchedule(ctx context.Context, id int64) error {
	return c.inTx(ctx, true, func(tx *qtx) error {
		n, err := tx.exec(ctx, `DELETE FROM schedules WHERE id = ?`, id)
		if err != nil {
			return c.wrap("delete schedule", err)
		}
		if n == 0 {
			return notFound("schedule %d", id)
		}
		return nil
	})
}

// Schedule implements store.Store.
func (c *Core) Schedule(ctx context.Context, id int64) (store.Schedule, error) {
	var s store.Schedule
	err := c.inTx(ctx, false, func(tx *qtx) error {
		var err error
		s, err = scanSchedule(tx.row(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE id = ?`, id))
		if isNoRows(err) {
			return notFound("schedule %d", id)
		}
		return c.wrap("get schedule", err)
	})
	return s, err
}

// Schedules implements store.Store.
func (c *Core) Schedules(ctx context.Context, channel string) ([]store.Schedule, error) {
	var out []store.Schedule
	err := c.inTx(ctx, false, func(tx *qtx) error {
		rows, err := tx.query(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE ? = '' OR channel = ? ORDER BY id`, channel, channel)
		if err != nil {
			return c.wrap("list schedules", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSchedule(rows)
			if err != nil {
				return c.wrap("list schedules", err)
			}
			out = append(out, s)
		}
		return c.wrap("list schedules", rows.Err())
	})
	return out, err
}

// Claim implements store.Store.
//
// The unique key (schedule_id, item_key) of claim_items is what makes a
// claim exactly-once: two processes inserting the same item for the same
// schedule cannot both succeed, and ON CONFLICT DO NOTHING RETURNING hands
// each item to the one whose insert won.
func (c *Core) Claim(ctx context.Context, r store.ClaimRequest) (store.Claim, error) {
	var cl store.Claim
	err := c.inTx(ctx, true, func(tx *qtx) error {
		if err := c.lock(ctx, tx); err != nil {
			return err
		}
		var summit string
		var from int64
		err := tx.row(ctx, `SELECT summit, scanned_seq FROM schedules WHERE id = ?`, r.ScheduleID).Scan(&summit, &from)
		if isNoRows(err) {
			return notFound("schedule %d", r.ScheduleID)
		}
		if err != nil {
			return c.wrap("claim", err)
		}
		now := c.now().UTC()
		leaseEnds := now.Add(max(r.Lease, 0))
		err = tx.row(ctx, `INSERT INTO claims (schedule_id, slot, created_at, posted_at, ts, from_seq, lease_until) VALUES (?, ?, ?, 0, '', ?, ?)
			ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING id`, r.ScheduleID, nanos(r.Slot), nanos(now), from, nanos(leaseEnds)).Scan(&cl.ID)
		if isNoRows(err) {
			return fmt.Errorf("schedule %d slot %s: already claimed: %w", r.ScheduleID, r.Slot.UTC().Format(time.RFC3339), store.ErrConflict)
		}
		if err != nil {
			return c.wrap("claim", err)
		}
		cl.ScheduleID, cl.Slot, cl.Created, cl.LeaseEnds = r.ScheduleID, r.Slot, fromNanos(nanos(now)), fromNanos(nanos(leaseEnds))
		// Only items stored since the schedule's last claim are read (the
		// schedule's scanned_seq: every item up to it was claimed or ruled
		// out by summit or Since; a release moves it back), and claimed
		// ones are ruled out first, by the primary key.
		rows, err := tx.query(ctx, `INSERT INTO claim_items (schedule_id, item_key, claim_id, kind)
			SELECT ?, i.key, ?, i.kind FROM items i
			WHERE i.seq > ? AND i.first_seen >= ?
				AND NOT EXISTS (SELECT 1 FROM claim_items ci WHERE ci.schedule_id = ? AND ci.item_key = i.key)
				AND (EXISTS (SELECT 1 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.item_key = i.key AND (? = '' OR a.summit = ?))
					OR EXISTS (SELECT 1 FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.item_key = i.key AND (? = '' OR a.summit = ?))
					OR EXISTS (SELECT 1 FROM decisions d JOIN articles a ON a.id = d.article_id WHERE d.item_key = i.key AND (? = '' OR a.summit = ?)))
			ON CONFLICT (schedule_id, item_key) DO NOTHING RETURNING kind, item_key`,
			r.ScheduleID, cl.ID, from, nanos(r.Since), r.ScheduleID, summit, summit, summit, summit, summit, summit)
		if err != nil {
			return c.wrap("claim", err)
		}
		for rows.Next() {
			var it store.Item
			var kind string
			if err := rows.Scan(&kind, &it.Key); err != nil {
				rows.Close()
				return c.wrap("claim", err)
			}
			it.Kind = store.ItemKind(kind)
			cl.Items = append(cl.Items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c.wrap("claim", err)
		}
		_, err = tx.exec(ctx, `UPDATE schedules SET scanned_seq = (SELECT COALESCE(MAX(seq), 0) FROM items) WHERE id = ?`, r.ScheduleID)
		return c.wrap("claim", err)
	})
	if err != nil {
		return store.Claim{}, err
	}
	return cl, nil
}

// MarkPosted implements store.Store.
func (c *Core) MarkPosted(ctx context.Context, id int64, ts string) error {
	return c.inTx(ctx, true, func(tx *qtx) error {
		now := nanos(c.now())
		n, err := tx.exec(ctx, `UPDATE claims SET posted_at = ?, ts = ? WHERE id = ? AND posted_at = 0`, now, ts, id)
		if err != nil {
			return c.wrap("mark claim posted", err)
		}
		if n == 0 {
			var old string
			err := tx.row(ctx, `SELECT ts FROM claims WHERE id = ?`, id).Scan(&old)
			switch {
			case isNoRows(err):
				return notFound("claim %d", id)
			case err != nil:
				return c.wrap("mark claim posted", err)
			case old == ts:
				return nil
			default:
				return fmt.Errorf("claim %d: already posted as %q: %w", id, old, store.ErrConflict)
			}
		}
		_, err = tx.exec(ctx, `UPDATE schedules SET last_posted = ? WHERE id = (SELECT schedule_id FROM claims WHERE id = ?)`, now, id)
		return c.wrap("mark claim posted", err)
	})
}

// Release implements store.Store.
func (c *Core) Release(ctx context.Context, id int64) error {
	return c.inTx(ctx, true, func(tx *qtx) error {
		// In turn with claims: a claim running meanwhile would move the
		// schedule's scanned_seq past the items released here.
		if err := c.lock(ctx, tx); err != nil {
			return err
		}
		var sched, from int64
		err := tx.row(ctx, `SELECT schedule_id, from_seq FROM claims WHERE id = ? AND posted_at = 0`, id).Scan(&sched, &from)
		if err == nil {
			if _, err := tx.exec(ctx, `DELETE FROM claims WHERE id = ?`, id); err != nil {
				return c.wrap("release claim", err)
			}
			// The next claim reads again from where this one began.
			_, err = tx.exec(ctx, `UPDATE schedules SET scanned_seq = CASE WHEN scanned_seq > ? THEN ? ELSE scanned_seq END WHERE id = ?`, from, from, sched)
			return c.wrap("release claim", err)
		}
		if !isNoRows(err) {
			return c.wrap("release claim", err)
		}
		var one int
		err = tx.row(ctx, `SELECT 1 FROM claims WHERE id = ?`, id).Scan(&one)
		if isNoRows(err) {
			return notFound("claim %d", id)
		}
		if err != nil {
			return c.wrap("release claim", err)
		}
		return fmt.Errorf("claim %d: already posted: %w", id, store.ErrConflict)
	})
}

// OpenClaims implements store.Store.
func (c *Core) OpenClaims(ctx context.Context, schedule int64) ([]store.Claim, error) {
	var out []store.Claim
	err := c.inTx(ctx, false, func(tx *qtx) error {
		rows, err := tx.query(ctx, `SELECT `+claimColumns+` FROM claims
			WHERE posted_at = 0 AND (? = 0 OR schedule_id = ?) ORDER BY id`, schedule, schedule)
		if err != nil {
			return c.wrap("list open claims", err)
		}
		for rows.Next() {
			cl, err := scanClaim(rows)
			if err != nil {
				rows.Close()
				return c.wrap("list open claims", err)
			}
			out = append(out, cl)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c.wrap("list open claims", err)
		}
		for i := range out {
			if out[i].Items, err = claimItems(ctx, tx, out[i].ID); err != nil {
				return c.wrap("list open claims", err)
			}
		}
		return nil
	})
	return out, err
}

// TakeOver implements store.Store.
//
// The lease is renewed by one conditional UPDATE: SQLite runs one writer at
// a time, and PostgreSQL makes a second writer of the row wait for the
// first and check the condition again against the row the first wrote, so
// of several takers at once only the first sees an ended lease.
func (c *Core) TakeOver(ctx context.Context, id int64, lease time.Duration) (store.Claim, error) {
	var cl store.Claim
	err := c.inTx(ctx, true, func(tx *qtx) error {
		now := c.now()
		var err error
		cl, err = scanClaim(tx.row(ctx, `UPDATE claims SET lease_until = ?
			WHERE id = ? AND posted_at = 0 AND lease_until <= ? RETURNING `+claimColumns,
			nanos(now.Add(max(lease, 0))), id, nanos(now)))
		if isNoRows(err) {
			return c.whyNotTaken(ctx, tx, id)
		}
		if err != nil {
			return c.wrap("take over claim", err)
		}
		cl.Items, err = claimItems(ctx, tx, id)
		return c.wrap("take over claim", err)
	})
	if err != nil {
		return store.Claim{}, err
	}
	return cl, nil
}

// whyNotTaken tells why claim id could not be taken over.
func (c *Core) whyNotTaken(ctx context.Context, tx *qtx, id int64) error {
	var posted, until int64
	err := tx.row(ctx, `SELECT posted_at, lease_until FROM claims WHERE id = ?`, id).Scan(&posted, &until)
	switch {
	case isNoRows(err):
		return notFound("claim %d", id)
	case err != nil:
		return c.wrap("take over claim", err)
	case posted != 0:
		return fmt.Errorf("claim %d: already posted: %w", id, store.ErrConflict)
	default:
		return fmt.Errorf("claim %d: held until %s: %w", id, fromNanos(until).Format(time.RFC3339), store.ErrConflict)
	}
}

const claimColumns = `id, schedule_id, slot, created_at, lease_until`

// scanClaim reads the claimColumns of an open claim.
func scanClaim(r Row) (store.Claim, error) {
	var cl store.Claim
	var slot, created, until int64
	if err := r.Scan(&cl.ID, &cl.ScheduleID, &slot, &created, &until); err != nil {
		return store.Claim{}, err
	}
	cl.Slot, cl.Created, cl.LeaseEnds = fromNanos(slot), fromNanos(created), fromNanos(until)
	return cl, nil
}

// claimItems returns the items of claim id, by key.
func claimItems(ctx context.Context, tx *qtx, id int64) ([]store.Item, error) {
	rows, err := tx.query(ctx, `SELECT kind, item_key FROM claim_items WHERE claim_id = ? ORDER BY item_key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []store.Item
	for rows.Next() {
		var it store.Item
		var kind string
		if err := rows.Scan(&kind, &it.Key); err != nil {
			return nil, err
		}
		it.Kind = store.ItemKind(kind)
		items = append(items, it)
	}
	return items, rows.Err()
}

// FirstDelivery implements store.Store.
func (c *Core) FirstDelivery(ctx context.Context, eventID string, ttl time.Duration) (bool, error) {
	first := false
	err := c.inTx(ctx, true, func(tx *qtx) error {
		now := c.now()
		if _, err := tx.exec(ctx, `DELETE FROM slack_events WHERE seen_at < ?`, nanos(now.Add(-ttl))); err != nil {
			return c.wrap("expire events", err)
		}
		n, err := tx.exec(ctx, `INSERT INTO slack_events (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, eventID, nanos(now))
		first = n == 1
		return c.wrap("record event", err)
	})
	return first, err
}

// ChannelSetting implements store.Store.
func (c *Core) ChannelSetting(ctx context.Context, channel, key string) (string, error) {
	var v string
	err := c.inTx(ctx, false, func(tx *qtx) error {
		err := tx.row(ctx, `SELECT value FROM channel_settings WHERE channel = ? AND key = ?`, channel, key).Scan(&v)
		if isNoRows(err) {
			return notFound("setting %s of channel %s", key, channel)
		}
		return c.wrap("get channel setting", err)
	})
	return v, err
}

// SetChannelSetting implements store.Store.
func (c *Core) SetChannelSetting(ctx context.Context, channel, key, value string) error {
	return c.inTx(ctx, true, func(tx *qtx) error {
		_, err := tx.exec(ctx, `INSERT INTO channel_settings (channel, key, value) VALUES (?, ?, ?)
			ON CONFLICT (channel, key) DO UPDATE SET value = excluded.value`, channel, key, value)
		return c.wrap("set channel setting", err)
	})
}
