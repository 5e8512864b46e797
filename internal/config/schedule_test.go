package config_test

import (
	"testing"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/schedule"
)

// TestSchedulesAgreeWithScheduler: a schedule the config accepts is one
// the scheduler can run, and one it refuses the scheduler refuses too, so
// that `bot config check` passing means `bot serve` will not fail later on
// the same spec.
func TestSchedulesAgreeWithScheduler(t *testing.T) {
	specs := []struct{ cron, tz string }{
		{"0 8 * * *", "Europe/Paris"},
		{"*/15 7-19 * * MON-FRI", ""},
		{"30 6 * * 1-5", "America/New_York"},
		{"@daily", "UTC"},
		{"@hourly", "Asia/Tokyo"},
		{"@every 6h", ""},
		{"@every 90s", ""},
		{"@every 1.5s", ""},
		{"@every 500ms", ""},
		{"@every -1h", ""},
		{"@every", ""},
		{"0 8 * *", ""},
		{"0 0 8 * * *", ""},
		{"61 8 * * *", ""},
		{"0 8 30 2 *", ""},
		{"0 0 29 2 *", ""},
		{"@fortnightly", ""},
		{"CRON_TZ=Europe/Paris 0 8 * * *", ""},
		{"TZ=", ""},
		{"0 8 * * *", "Local"},
		{"0 8 * * *", "Mars/Olympus_Mons"},
		{"", ""},
	}
	for _, s := range specs {
		c := config.Default()
		c.Schedules = []config.Schedule{{Channel: "C0123456789", Cron: s.cron, Timezone: s.tz}}
		configOK := c.Validate(false) == nil
		_, err := schedule.Parse(s.cron, s.tz)
		schedulerOK := err == nil
		if configOK != schedulerOK {
			t.Errorf("cron %q in %q: config accepts = %v, scheduler accepts = %v (%v)", s.cron, s.tz, configOK, schedulerOK, err)
		}
	}
}
