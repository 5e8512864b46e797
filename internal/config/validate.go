package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// FieldError is one problem with one key of a Config.
type FieldError struct {
	// Field is the key's path as written in YAML, e.g. "schedules[0].cron".
	Field string
	// Value is the bad value as it would be printed; secrets are never
	// put here, and it is "" when the problem is a missing value.
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("%s %q: %v", e.Field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// cronParser accepts what DESIGN.md promises: five fields, or a descriptor
// such as @daily or @every 6h. It is the parser the scheduler must use too,
// so that a spec valid here is valid there.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron parses a schedule's cron spec the way Validate checks it.
func ParseCron(spec string) (cron.Schedule, error) {
	return cronParser.Parse(spec)
}

var (
	// channelID is a public (C), private (G) or direct-message (D) channel.
	channelID = regexp.MustCompile(`^[CGD][A-Z0-9]+$`)
	slug      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

// The log levels and formats Validate accepts.
var (
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"auto", "json", "text"}
)

// Validate checks every key of c and returns all the problems at once,
// joined, each a *FieldError naming the key and the bad value. forServe
// adds what `bot serve` needs beyond the offline commands: a bot token,
// and a signing secret or an app token.
func (c Config) Validate(forServe bool) error {
	var v validator
	v.database(c.Database)
	if c.DatabasePoolSize < 1 {
		v.add("database_pool_size", strconv.Itoa(c.DatabasePoolSize), "must be at least 1")
	}
	v.listen("listen", c.Listen)
	if !slices.Contains(logLevels, strings.ToLower(c.LogLevel)) {
		v.add("log_level", c.LogLevel, "must be one of "+strings.Join(logLevels, ", "))
	}
	if !slices.Contains(logFormats, c.LogFormat) {
		v.add("log_format", c.LogFormat, "must be one of "+strings.Join(logFormats, ", "))
	}
	v.positive("shutdown_timeout", c.ShutdownTimeout)

	v.positive("http.read_header_timeout", c.HTTP.ReadHeaderTimeout)
	v.positive("http.read_timeout", c.HTTP.ReadTimeout)
	v.positive("http.write_timeout", c.HTTP.WriteTimeout)
	v.positive("http.idle_timeout", c.HTTP.IdleTimeout)
	if c.HTTP.MaxBodyBytes < 1 {
		v.add("http.max_body_bytes", strconv.FormatInt(c.HTTP.MaxBodyBytes, 10), "must be positive")
	}

	v.slack(&c.Slack, forServe)

	seen := map[string]bool{}
	for i, s := range c.Summits {
		at := fmt.Sprintf("summits[%d]", i)
		switch {
		case s.Slug == "":
			v.add(at+".slug", "", "is required")
		case !slug.MatchString(s.Slug):
			v.add(at+".slug", s.Slug, "must be lower-case letters, digits and hyphens, such as paris-2025")
		case seen[s.Slug]:
			v.add(at+".slug", s.Slug, "is used by another summit")
		}
		seen[s.Slug] = true
		for j, k := range s.Keywords {
			if strings.TrimSpace(k) == "" {
				v.add(fmt.Sprintf("%s.keywords[%d]", at, j), "", "is empty")
			}
		}
		for j, f := range s.Feeds {
			v.httpURL(fmt.Sprintf("%s.feeds[%d]", at, j), f)
		}
	}

	for i, s := range c.Schedules {
		at := fmt.Sprintf("schedules[%d]", i)
		if s.Channel == "" {
			v.add(at+".channel", "", "is required")
		} else if !channelID.MatchString(s.Channel) {
			v.add(at+".channel", s.Channel, "is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)")
		}
		if s.Summit != "" && !seen[s.Summit] {
			v.add(at+".summit", s.Summit, "is not the slug of a summit under summits")
		}
		v.cron(at+".cron", s.Cron)
		v.timezone(at+".timezone", s.Timezone)
	}

	for i, h := range c.Fetch.AllowHosts {
		if h == "" || strings.ContainsAny(h, "/:@ ") {
			v.add(fmt.Sprintf("fetch.allow_hosts[%d]", i), h, "must be a bare host name such as intranet.example.org")
		}
	}
	if c.Fetch.MaxBytes < 1 {
		v.add("fetch.max_bytes", strconv.FormatInt(c.Fetch.MaxBytes, 10), "must be positive")
	}
	v.positive("fetch.timeout", c.Fetch.Timeout)
	v.positive("feeds.poll_interval", c.Feeds.PollInterval)
	v.positive("digest.lookback", c.Digest.Lookback)
	if c.Digest.CatchUp < 0 {
		v.add("digest.catch_up", c.Digest.CatchUp.String(), "must not be negative")
	}
	return errors.Join(v.errs...)
}

// validator collects FieldErrors.
type validator struct{ errs []error }

func (v *validator) add(field, value, msg string) {
	v.errs = append(v.errs, &FieldError{Field: field, Value: value, Err: errors.New(msg)})
}

func (v *validator) positive(field string, d time.Duration) {
	if d <= 0 {
		v.add(field, d.String(), "must be a positive duration such as 30s")
	}
}

func (v *validator) database(raw string) {
	const field = "database"
	switch {
	case raw == "":
		v.add(field, "", "is required: sqlite:PATH or postgres://…")
	case strings.HasPrefix(raw, "sqlite:"):
		// sqlite://PATH is accepted too, as the store opens it.
		if strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//") == "" {
			v.add(field, raw, "names no file: write sqlite:PATH")
		}
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			v.add(field, RedactURL(raw), "is not a valid postgres:// URL")
		}
	default:
		v.add(field, RedactURL(raw), "must start with sqlite: or postgres://")
	}
}

func (v *validator) listen(field, addr string) {
	if addr == "" {
		v.add(field, "", "is required, such as :8080")
		return
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		v.add(field, addr, "is not host:port, such as :8080 or 127.0.0.1:8080")
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		v.add(field, addr, "has no port number between 0 and 65535")
		return
	}
	if strings.ContainsAny(host, " /") {
		v.add(field, addr, "has an invalid host")
	}
}

func (v *validator) httpURL(field, raw string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.add(field, raw, "is not an http:// or https:// URL")
	}
}

func (v *validator) slack(s *Slack, forServe bool) {
	if s.BotToken.IsSet() && !strings.HasPrefix(s.BotToken.Reveal(), "xoxb-") {
		// The value is a secret even when it is the wrong one.
		v.add("slack.bot_token", "", "is not a bot token: it must start with xoxb-")
	}
	if s.AppToken.IsSet() && !strings.HasPrefix(s.AppToken.Reveal(), "xapp-") {
		v.add("slack.app_token", "", "is not an app-level token: it must start with xapp-")
	}
	if s.APIURL != "" {
		v.httpURL("slack.api_url", s.APIURL)
	}
	if !forServe {
		return
	}
	if !s.BotToken.IsSet() {
		v.add("slack.bot_token", "", "is required to serve: set SLACK_BOT_TOKEN")
	}
	if !s.SigningSecret.IsSet() && !s.AppToken.IsSet() {
		v.add("slack.signing_secret", "", "is required to serve over HTTP: set SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode")
	}
}

func (v *validator) cron(field, spec string) {
	if spec == "" {
		v.add(field, "", "is required, such as \"0 8 * * *\" or @daily")
		return
	}
	// A zone inside the spec would fight the schedule's timezone key.
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		v.add(field, spec, "must not name a time zone: use the timezone key")
		return
	}
	if d, ok := strings.CutPrefix(spec, "@every "); ok {
		// cron rounds what it cannot do up to a second; the scheduler
		// refuses it instead, and so does the config.
		every, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil || every < time.Second || every%time.Second != 0 {
			v.add(field, spec, "has an interval that is not a whole number of seconds, at least 1s, such as @every 6h")
		}
		return
	}
	sched, err := cronParser.Parse(spec)
	if err != nil {
		v.add(field, spec, "is not a five-field cron spec or a descriptor such as @daily: "+err.Error())
		return
	}
	// "0 8 30 2 *" parses but never fires; cron's Next gives the zero time
	// for it. A fixed start keeps the check independent of today's date.
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		v.add(field, spec, "never fires: no date matches it")
	}
}

func (v *validator) timezone(field, name string) {
	if name == "" {
		return
	}
	// "Local" depends on the host; a container's is UTC, which would
	// surprise whoever wrote it.
	if name == "Local" {
		v.add(field, name, "must name an IANA time zone such as Europe/Paris")
		return
	}
	if _, err := time.LoadLocation(name); err != nil {
		v.add(field, name, "is not a known IANA time zone such as Europe/Paris")
	}
}
