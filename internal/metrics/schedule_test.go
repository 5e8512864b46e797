package metrics_test

import (
	"slices"
	"testing"

	"github.com/summit-digest/summit-digest/internal/metrics"
	"github.com/summit-digest/summit-digest/internal/schedule"
)

// TestDigestOutcomesAreSchedulerResults keeps the digest outcomes equal to
// the scheduler's results, which cmd/bot passes on as the label.
func TestDigestOutcomesAreSchedulerResults(t *testing.T) {
	var results []string
	for _, r := range schedule.Results() {
		results = append(results, string(r))
	}
	got := slices.Sorted(slices.Values(metrics.DigestOutcomes()))
	want := slices.Sorted(slices.Values(results))
	if !slices.Equal(got, want) {
		t.Errorf("DigestOutcomes() = %v; want schedule.Results() = %v", got, want)
	}
}
