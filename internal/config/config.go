// Package config provides the configuration of Summit Digest: the Config
// struct with its defaults, loading it from a YAML file and the environment
// (defaults < file < environment), validation that names every bad key and
// value at once, and a redacted copy that is safe to print.
package config

import (
	"log/slog"
	"time"
)

// Defaults. Each is the value a key takes when neither the file nor the
// environment sets it; config/README.md lists them beside their keys.
const (
	// DefaultPath is read when no path is given and SUMMIT_CONFIG is unset,
	// but only when it exists: the bot runs without a config file.
	DefaultPath = "config/bot.yaml"

	DefaultDatabase         = "sqlite:summit.db"
	DefaultDatabasePoolSize = 10
	DefaultListen           = ":8080"
	DefaultLogLevel         = "info"
	DefaultLogFormat        = "auto"
	// DefaultShutdownTimeout leaves room under the 30 s that Docker and
	// Kubernetes wait between SIGTERM and SIGKILL.
	DefaultShutdownTimeout = 25 * time.Second

	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 15 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	// DefaultMaxBodyBytes is well above the largest request Slack sends
	// (an interactivity payload of a big modal is tens of kilobytes).
	DefaultMaxBodyBytes = 1 << 20

	DefaultFetchMaxBytes = 5 << 20
	DefaultFetchTimeout  = 20 * time.Second
	DefaultPollInterval  = 15 * time.Minute

	DefaultLookback = 24 * time.Hour
	DefaultCatchUp  = 6 * time.Hour
)

// Config is the whole configuration of the bot. Its YAML keys are the
// snake_case names in the struct tags; config/bot.example.yaml documents each.
type Config struct {
	// Database is "sqlite:PATH" for the embedded store or
	// "postgres://…" (or "postgresql://…") for PostgreSQL.
	Database string `yaml:"database"`
	// DatabasePoolSize caps the connections to PostgreSQL per process.
	DatabasePoolSize int `yaml:"database_pool_size"`
	// Listen is the HTTP server's address, host:port.
	Listen string `yaml:"listen"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `yaml:"log_level"`
	// LogFormat is json, text, or auto: JSON unless standard error is a terminal.
	LogFormat string `yaml:"log_format"`
	// ShutdownTimeout bounds the graceful stop after SIGTERM: in-flight
	// requests, commands and posts get this long to finish.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`

	HTTP      HTTP       `yaml:"http"`
	Slack     Slack      `yaml:"slack"`
	Summits   []Summit   `yaml:"summits"`
	Schedules []Schedule `yaml:"schedules"`
	Fetch     Fetch      `yaml:"fetch"`
	Feeds     Feeds      `yaml:"feeds"`
	Digest    Digest     `yaml:"digest"`
}

// HTTP holds the HTTP server's limits.
type HTTP struct {
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	// MaxBodyBytes caps the body of any request; larger ones get 413.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
}

// Slack holds the credentials of the Slack app and where its Web API is.
type Slack struct {
	// BotToken (xoxb-…) calls the Web API.
	BotToken Secret `yaml:"bot_token"`
	// SigningSecret verifies the HTTP requests Slack sends.
	SigningSecret Secret `yaml:"signing_secret"`
	// AppToken (xapp-…) turns Socket Mode on.
	AppToken Secret `yaml:"app_token"`
	// APIURL is the Web API base URL; empty means Slack's own. Tests point
	// it at a local fake.
	APIURL string `yaml:"api_url"`
}

// Summit is one summit the bot follows: articles are matched to it by its
// keywords, and its feeds are polled for new coverage.
type Summit struct {
	// Slug names the summit in commands and schedules, e.g. "paris-2025".
	Slug     string   `yaml:"slug"`
	Title    string   `yaml:"title"`
	Keywords []string `yaml:"keywords"`
	// Feeds are RSS or Atom URLs.
	Feeds []string `yaml:"feeds"`
}

// Schedule is one scheduled digest: to Channel, on Cron, read in Timezone.
type Schedule struct {
	// Channel is a Slack channel ID such as C0123456789.
	Channel string `yaml:"channel"`
	// Summit is a summit's slug; empty means all coverage.
	Summit string `yaml:"summit"`
	// Cron is a five-field spec or a descriptor (@daily, @every 6h).
	Cron string `yaml:"cron"`
	// Timezone is an IANA zone name; empty means UTC.
	Timezone string `yaml:"timezone"`
}

// Location returns the schedule's time zone. Validate has already rejected
// a zone that does not load, so an error here means an unvalidated Config.
func (s Schedule) Location() (*time.Location, error) {
	if s.Timezone == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(s.Timezone)
}

// Fetch holds the limits on reading articles and feeds from the web.
type Fetch struct {
	// AllowHosts are host names that may be fetched even when they resolve
	// to private or loopback addresses (tests, intranets). Everything else
	// on such addresses is refused, so a URL pasted in Slack cannot reach
	// the bot's own network.
	AllowHosts []string `yaml:"allow_hosts"`
	// MaxBytes caps the size of one fetched document.
	MaxBytes int64 `yaml:"max_bytes"`
	// Timeout bounds one fetch, connection to last byte.
	Timeout time.Duration `yaml:"timeout"`
}

// Feeds holds how summits' feeds are polled.
type Feeds struct {
	PollInterval time.Duration `yaml:"poll_interval"`
}

// Digest holds what goes into a scheduled digest.
type Digest struct {
	// Lookback is how far back the first digest of a new schedule reaches.
	Lookback time.Duration `yaml:"lookback"`
	// CatchUp is how late a missed scheduled digest may still be posted
	// after downtime; older missed runs are skipped.
	CatchUp time.Duration `yaml:"catch_up"`
	// PostWhenEmpty posts a short "no new coverage" message instead of
	// staying silent when a scheduled digest has nothing new.
	PostWhenEmpty bool `yaml:"post_when_empty"`
}

// Default returns the configuration used when nothing else is set.
func Default() Config {
	return Config{
		Database:         DefaultDatabase,
		DatabasePoolSize: DefaultDatabasePoolSize,
		Listen:           DefaultListen,
		LogLevel:         DefaultLogLevel,
		LogFormat:        DefaultLogFormat,
		ShutdownTimeout:  DefaultShutdownTimeout,
		HTTP: HTTP{
			ReadHeaderTimeout: DefaultReadHeaderTimeout,
			ReadTimeout:       DefaultReadTimeout,
			WriteTimeout:      DefaultWriteTimeout,
			IdleTimeout:       DefaultIdleTimeout,
			MaxBodyBytes:      DefaultMaxBodyBytes,
		},
		Fetch: Fetch{
			MaxBytes: DefaultFetchMaxBytes,
			Timeout:  DefaultFetchTimeout,
		},
		Feeds:  Feeds{PollInterval: DefaultPollInterval},
		Digest: Digest{Lookback: DefaultLookback, CatchUp: DefaultCatchUp},
	}
}

// Summit returns the summit whose slug is slug.
func (c Config) Summit(slug string) (Summit, bool) {
	for _, s := range c.Summits {
		if s.Slug == slug {
			return s, true
		}
	}
	return Summit{}, false
}

// Level returns LogLevel as a slog level; an unknown name (which Validate
// rejects) gives info.
func (c Config) Level() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return slog.LevelInfo
	}
	return l
}
