package schedule

import (
	"context"
	"testing"
	"time"

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

// TestSyncConfigEditedScheduleKeepsItsHistory checks that editing a config
// schedule's time changes the stored subscription rather than replacing
// it: a replacement would be a new subscription whose first digest looks
// back and posts again what the channel already saw.
func TestSyncConfigEditedScheduleKeepsItsHistory(t *testing.T) {
	exts := loadCoverage(t)
	e := newEnv(t, nil)
	ctx := context.Background()
	log := (&logBuffer{}).logger()
	save(t, e.store, exts[0])
	e.clock.Advance(time.Hour) // 08:00
	before := []store.Schedule{
		{Channel: testChannel, Summit: "lisbon-2026", Spec: "0 9 * * *", TimeZone: "UTC"},
		{Channel: testChannel, Spec: "@daily"},
	}
	if err := SyncConfig(ctx, e.store, before, log); err != nil {
		t.Fatalf("SyncConfig: %v", err)
	}
	scheds, err := e.store.Schedules(ctx, testChannel)
	if err != nil || len(scheds) != 2 {
		t.Fatalf("Schedules = %v, %v; want 2", scheds, err)
	}
	lisbon := scheds[0]
	slot := e.clock.Advance(time.Hour) // 09:00
	e.run(t, lisbon.ID, slot)
	if n := len(e.poster.Digests(testChannel)); n != 1 {
		t.Fatalf("first digest: %d posted; want 1", n)
	}

	// The operator moves the digest to 10:00 Lisbon time and restarts.
	after := []store.Schedule{
		{Channel: testChannel, Summit: "lisbon-2026", Spec: "0 10 * * *", TimeZone: "Europe/Lisbon"},
		{Channel: testChannel, Spec: "@daily"},
	}
	if err := SyncConfig(ctx, e.store, after, log); err != nil {
		t.Fatalf("SyncConfig after the edit: %v", err)
	}
	scheds, err = e.store.Schedules(ctx, testChannel)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID                     int64
		Summit, Spec, TimeZone string
		Created                time.Time
	}
	var got []row
	for _, sc := range scheds {
		got = append(got, row{sc.ID, sc.Summit, sc.Spec, sc.TimeZone, sc.Created})
	}
	want := []row{
		{lisbon.ID, "lisbon-2026", "0 10 * * *", "Europe/Lisbon", lisbon.Created},
		{scheds[1].ID, "", "@daily", "", scheds[1].Created},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedules after the edit (-want +got):\n%s", diff)
	}

	// Its next digest has nothing new to say.
	next := time.Date(2026, 6, 2, 10, 0, 0, 0, mustLoad(t, "Europe/Lisbon"))
	e.clock.Set(next)
	e.run(t, lisbon.ID, next)
	if n := len(e.poster.Digests(testChannel)); n != 1 {
		t.Errorf("after the edit: %d digests posted; want still 1 (the coverage was posted before the edit)", n)
	}
}
