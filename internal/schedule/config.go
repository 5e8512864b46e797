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
func SyncConfig(ctx context.Context, st Store, scheds []store.Schedule, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	log = log.With(slog.String(logKeyComponent, "schedule"))
	keep := make(map[int64]bool, len(scheds))
	for i, sc := range scheds {
		spec, err := Parse(sc.Spec, sc.TimeZone)
		if err != nil {
			return fmt.Errorf("config schedule %d for %s: %w", i, sc.Channel, err)
		}
		sc.Spec = spec.String()
		sc.CreatedBy = ""
		sc.Paused = false
		got, err := st.AddSchedule(ctx, sc)
		switch {
		case err == nil:
			log.Info("config schedule added", slog.Int64(logKeySchedule, got.ID), slog.String(logKeyChannel, got.Channel))
		case errors.Is(err, store.ErrDuplicate):
		default:
			return fmt.Errorf("add config schedule %d for %s: %w", i, sc.Channel, err)
		}
		keep[got.ID] = true
	}
	all, err := st.Schedules(ctx, "")
	if err != nil {
		return fmt.Errorf("list schedules: %w", err)
	}
	for _, sc := range all {
		if sc.CreatedBy != "" || keep[sc.ID] {
			continue
		}
		if err := st.DeleteSchedule(ctx, sc.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("delete schedule %d, gone from the config file: %w", sc.ID, err)
		}
		log.Info("config schedule removed", slog.Int64(logKeySchedule, sc.ID), slog.String(logKeyChannel, sc.Channel))
	}
	return nil
}
