package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/summit-digest/summit-digest/internal/store"
)

// SyncConfig makes the store's config-file subscriptions (those with no
// creator) match scheds, the config file's `schedules:`: it adds the new
// ones and deletes those no longer listed. It keeps the Paused state of
// those still listed, so one that an admin turned off in Slack stays off
// across restarts. Subscriptions made in Slack are not touched. The config
// file may set any interval, seconds included.
//
// An entry whose cron spec or time zone was edited is the same
// subscription at another time, so the stored one is changed in place: it
// keeps its ID and with it the record of what its digests carried. Were it
// deleted and added anew, its first digest would look back again and post
// coverage the channel already saw.
func SyncConfig(ctx context.Context, st Store, scheds []store.Schedule, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	log = log.With(slog.String(logKeyComponent, "schedule"))
	want := make([]store.Schedule, len(scheds))
	for i, sc := range scheds {
		spec, err := Parse(sc.Spec, sc.TimeZone)
		if err != nil {
			return fmt.Errorf("config schedule %d for %s: %w", i, sc.Channel, err)
		}
		sc.Spec, sc.TimeZone = spec.String(), zoneName(spec)
		sc.CreatedBy = ""
		sc.Paused = false
		want[i] = sc
	}
	all, err := st.Schedules(ctx, "")
	if err != nil {
		return fmt.Errorf("list schedules: %w", err)
	}
	var stored []store.Schedule
	for _, sc := range all {
		if sc.CreatedBy == "" {
			stored = append(stored, sc)
		}
	}
	// Entries left unchanged first, so that an edit is paired only with
	// what is left of its channel and summit.
	keep := make(map[int64]bool, len(want))
	matched := make([]bool, len(want))
	for i, w := range want {
		for _, sc := range stored {
			if !keep[sc.ID] && sc.Channel == w.Channel && sc.Summit == w.Summit && sc.Spec == w.Spec && sc.TimeZone == w.TimeZone {
				keep[sc.ID], matched[i] = true, true
				break
			}
		}
	}
	for i, w := range want {
		if matched[i] {
			continue
		}
		for _, sc := range stored {
			if keep[sc.ID] || sc.Channel != w.Channel || sc.Summit != w.Summit {
				continue
			}
			sc.Spec, sc.TimeZone = w.Spec, w.TimeZone
			err := st.UpdateSchedule(ctx, sc)
			if errors.Is(err, store.ErrDuplicate) || errors.Is(err, store.ErrNotFound) {
				// Another schedule of the channel already reads so, or
				// another replica removed this one: add the entry instead.
				break
			}
			if err != nil {
				return fmt.Errorf("change config schedule %d for %s: %w", sc.ID, sc.Channel, err)
			}
			log.Info("config schedule changed", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
			keep[sc.ID], matched[i] = true, true
			break
		}
	}
	for i, w := range want {
		if matched[i] {
			continue
		}
		got, err := st.AddSchedule(ctx, w)
		switch {
		case err == nil:
			log.Info("config schedule added", slog.Int64(logKeySchedule, got.ID), slog.String(logKeyChannel, got.Channel))
		case errors.Is(err, store.ErrDuplicate):
		default:
			return fmt.Errorf("add config schedule %d for %s: %w", i, w.Channel, err)
		}
		keep[got.ID] = true
	}
	for _, sc := range stored {
		if keep[sc.ID] {
			continue
		}
		if err := st.DeleteSchedule(ctx, sc.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("delete schedule %d, gone from the config file: %w", sc.ID, err)
		}
		log.Info("config schedule removed", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
	}
	return nil
}
