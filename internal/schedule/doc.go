// Package schedule posts scheduled digests: per-channel subscriptions with a
// cron expression and a time zone, fired with robfig/cron/v3. Each piece of
// coverage goes into exactly one scheduled digest per subscription, however
// many replicas run and however often they restart, because the coverage is
// claimed in the store before it is posted.
package schedule
