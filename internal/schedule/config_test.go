package schedule

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/store"
)

func TestSyncConfig(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	log := (&logBuffer{}).logger()
	first := []store.Schedule{
		{Channel: "C0AAAAAAA1", Spec: "0 8 * * *", TimeZone: "Europe/Paris"},
		{Channel: "C0BBBBBBB1", Summit: "lisbon-2026", Spec: "@every 2s"},
	}
	if err := SyncConfig(ctx, e.store, first, log); err != nil {
		t.Fatalf("SyncConfig: %v", err)
	}
	addSchedule(t, e.store, store.Schedule{Channel: "C0AAAAAAA1", Summit: "lisbon-2026", Spec: "@daily", CreatedBy: alice})
	// An admin turned the first off in Slack.
	scheds, _ := e.store.Schedules(ctx, "C0AAAAAAA1")
	for _, sc := range scheds {
		if sc.CreatedBy == "" {
			sc.Paused = true
			if err := e.store.UpdateSchedule(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The next start: the second is gone from the file, a third is new.
	second := []store.Schedule{
		{Channel: "C0AAAAAAA1", Spec: "0  8 * * *", TimeZone: "Europe/Paris"},
		{Channel: "C0CCCCCCC1", Spec: "@hourly"},
	}
	if err := SyncConfig(ctx, e.store, second, log); err != nil {
		t.Fatalf("SyncConfig again: %v", err)
	}
	all, err := e.store.Schedules(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Channel, Summit, Spec, TimeZone, CreatedBy string
		Paused                                     bool
	}
	var got []row
	for _, sc := range all {
		got = append(got, row{sc.Channel, sc.Summit, sc.Spec, sc.TimeZone, sc.CreatedBy, sc.Paused})
	}
	want := []row{
		{Channel: "C0AAAAAAA1", Spec: "0 8 * * *", TimeZone: "Europe/Paris", Paused: true},
		{Channel: "C0AAAAAAA1", Summit: "lisbon-2026", Spec: "@daily", CreatedBy: alice},
		{Channel: "C0CCCCCCC1", Spec: "@hourly"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedules after two syncs (-want +got):\n%s", diff)
	}

	if err := SyncConfig(ctx, e.store, []store.Schedule{{Channel: "C0DDDDDDD1", Spec: "61 * * * *"}}, log); err == nil {
		t.Errorf("SyncConfig with a bad spec = nil; want an error")
	}
}
