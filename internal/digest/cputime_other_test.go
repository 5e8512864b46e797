//go:build !unix

package digest

import "time"

// processCPUTime is not measured here; benchmarks report wall time alone.
func processCPUTime() (time.Duration, bool) { return 0, false }
