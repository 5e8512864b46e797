// Package schedule posts scheduled digests: per-channel subscriptions with a
// cron expression and a time zone, fired with robfig/cron/v3. Each piece of
// coverage goes into exactly one scheduled digest per subscription, however
// many replicas run and however often they restart, because the coverage is
// claimed in the store before it is posted.
package schedule

// The time zone database is embedded so that a subscription's zone loads
// on hosts without one (the distroless image has it, a scratch image or a
// bare Windows host does not), and so that every binary reads DST rules
// alike. It costs about 450 KB.
import _ "time/tzdata"
