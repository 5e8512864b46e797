package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"
)

// envMap turns a map into a getenv function.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// messages returns the messages of the errors joined in err, in order.
func messages(err error) []string {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// validBase is a configuration that passes Validate(true), for the table
// to break one way at a time.
func validBase() Config {
	c := Default()
	c.Slack.BotToken = "xoxb-1-2-3"
	c.Slack.SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	c.Summits = []Summit{{Slug: "paris-2025", Title: "Paris", Keywords: []string{"Ukraine"}, Feeds: []string{"https://example.org/rss.xml"}}}
	c.Schedules = []Schedule{{Channel: "C0123456789", Summit: "paris-2025", Cron: "0 8 * * *", Timezone: "Europe/Paris"}}
	return c
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(c *Config)
		forServe bool
		want     []string
	}{
		{name: "valid for serve", edit: func(c *Config) {}, forServe: true},
		{name: "defaults valid offline", edit: func(c *Config) { *c = Default() }},
		{
			name:     "defaults lack tokens for serve",
			edit:     func(c *Config) { *c = Default() },
			forServe: true,
			want: []string{
				"slack.bot_token: is required to serve: set SLACK_BOT_TOKEN",
				"slack.signing_secret: is required to serve over HTTP: set SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode",
			},
		},
		{
			name: "app token replaces signing secret",
			edit: func(c *Config) {
				c.Slack.SigningSecret = ""
				c.Slack.AppToken = "xapp-1-A1-1-abc"
			},
			forServe: true,
		},
		{
			name: "wrong kinds of token",
			edit: func(c *Config) {
				c.Slack.BotToken = "xoxp-user-token"
				c.Slack.AppToken = "xoxb-not-an-app-token"
			},
			want: []string{
				"slack.bot_token: is not a bot token: it must start with xoxb-",
				"slack.app_token: is not an app-level token: it must start with xapp-",
			},
		},
		{
			name: "api url",
			edit: func(c *Config) { c.Slack.APIURL = "slack.test/api" },
			want: []string{`slack.api_url "slack.test/api": is not an http:// or https:// URL`},
		},
		{
			name: "database schemes",
			edit: func(c *Config) { c.Database = "mysql://root:hunter2@db/summit" },
			want: []string{`database "mysql://root:xxxxx@db/summit": must start with sqlite: or postgres://`},
		},
		{
			name: "sqlite without path",
			edit: func(c *Config) { c.Database = "sqlite:" },
			want: []string{`database "sqlite:": names no file: write sqlite:PATH`},
		},
		{
			name: "sqlite URL without path",
			edit: func(c *Config) { c.Database = "sqlite://" },
			want: []string{`database "sqlite://": names no file: write sqlite:PATH`},
		},
		{name: "sqlite URL", edit: func(c *Config) { c.Database = "sqlite:///data/summit.db" }},
		{
			name: "postgres without host",
			edit: func(c *Config) { c.Database = "postgres:///summit" },
			want: []string{`database "postgres:///summit": is not a valid postgres:// URL`},
		},
		{
			name: "postgresql scheme accepted",
			edit: func(c *Config) { c.Database = "postgresql://u:p@127.0.0.1:5432/summit?sslmode=disable" },
		},
		{
			name: "empty database",
			edit: func(c *Config) { c.Database = "" },
			want: []string{"database: is required: sqlite:PATH or postgres://…"},
		},
		{
			name: "pool size",
			edit: func(c *Config) { c.DatabasePoolSize = 0 },
			want: []string{`database_pool_size "0": must be at least 1`},
		},
		{
			name: "listen addresses",
			edit: func(c *Config) { c.Listen = "8080" },
			want: []string{`listen "8080": is not host:port, such as :8080 or 127.0.0.1:8080`},
		},
		{
			name: "listen port out of range",
			edit: func(c *Config) { c.Listen = "127.0.0.1:70000" },
			want: []string{`listen "127.0.0.1:70000": has no port number between 0 and 65535`},
		},
		{
			name: "listen port by name",
			edit: func(c *Config) { c.Listen = ":http" },
			want: []string{`listen ":http": has no port number between 0 and 65535`},
		},
		{
			name: "listen empty",
			edit: func(c *Config) { c.Listen = "" },
			want: []string{"listen: is required, such as :8080"},
		},
		{name: "listen ipv6", edit: func(c *Config) { c.Listen = "[::1]:0" }},
		{
			name: "log settings",
			edit: func(c *Config) {
				c.LogLevel = "verbose"
				c.LogFormat = "xml"
			},
			want: []string{
				`log_level "verbose": must be one of debug, info, warn, error`,
				`log_format "xml": must be one of auto, json, text`,
			},
		},
		{name: "log level any case", edit: func(c *Config) { c.LogLevel = "DEBUG" }},
		{
			name: "durations",
			edit: func(c *Config) {
				c.ShutdownTimeout = 0
				c.HTTP.ReadHeaderTimeout = -time.Second
				c.HTTP.ReadTimeout = 0
				c.HTTP.WriteTimeout = 0
				c.HTTP.IdleTimeout = 0
				c.Fetch.Timeout = 0
				c.Feeds.PollInterval = 0
				c.Digest.Lookback = 0
				c.Digest.CatchUp = -time.Hour
			},
			want: []string{
				`shutdown_timeout "0s": must be a positive duration such as 30s`,
				`http.read_header_timeout "-1s": must be a positive duration such as 30s`,
				`http.read_timeout "0s": must be a positive duration such as 30s`,
				`http.write_timeout "0s": must be a positive duration such as 30s`,
				`http.idle_timeout "0s": must be a positive duration such as 30s`,
				`fetch.timeout "0s": must be a positive duration such as 30s`,
				`feeds.poll_interval "0s": must be a positive duration such as 30s`,
				`digest.lookback "0s": must be a positive duration such as 30s`,
				`digest.catch_up "-1h0m0s": must not be negative`,
			},
		},
		{name: "no catch-up", edit: func(c *Config) { c.Digest.CatchUp = 0 }},
		{
			name: "sizes",
			edit: func(c *Config) {
				c.HTTP.MaxBodyBytes = 0
				c.Fetch.MaxBytes = -1
			},
			want: []string{
				`http.max_body_bytes "0": must be positive`,
				`fetch.max_bytes "-1": must be positive`,
			},
		},
		{
			name: "summit slugs",
			edit: func(c *Config) {
				c.Summits = append(c.Summits,
					Summit{Slug: ""},
					Summit{Slug: "Paris 2025"},
					Summit{Slug: "paris-2025"},
				)
			},
			want: []string{
				"summits[1].slug: is required",
				`summits[2].slug "Paris 2025": must be lower-case letters, digits and hyphens, such as paris-2025`,
				`summits[3].slug "paris-2025": is used by another summit`,
			},
		},
		{
			name: "summit keywords and feeds",
			edit: func(c *Config) {
				c.Summits[0].Keywords = []string{"Ukraine", " "}
				c.Summits[0].Feeds = []string{"ftp://example.org/feed", "example.org/rss"}
			},
			want: []string{
				"summits[0].keywords[1]: is empty",
				`summits[0].feeds[0] "ftp://example.org/feed": is not an http:// or https:// URL`,
				`summits[0].feeds[1] "example.org/rss": is not an http:// or https:// URL`,
			},
		},
		{
			name: "channel IDs",
			edit: func(c *Config) {
				c.Schedules = []Schedule{
					{Channel: "#general", Cron: "@daily"},
					{Channel: "c0123456789", Cron: "@daily"},
					{Channel: "U0123456789", Cron: "@daily"},
					{Channel: "C", Cron: "@daily"},
					{Channel: "", Cron: "@daily"},
					{Channel: "G0ABC", Cron: "@daily"},
					{Channel: "D0ABC", Cron: "@daily"},
				}
			},
			want: []string{
				`schedules[0].channel "#general": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)`,
				`schedules[1].channel "c0123456789": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)`,
				`schedules[2].channel "U0123456789": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)`,
				`schedules[3].channel "C": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)`,
				"schedules[4].channel: is required",
			},
		},
		{
			name: "unknown summit",
			edit: func(c *Config) { c.Schedules[0].Summit = "rome-2026" },
			want: []string{`schedules[0].summit "rome-2026": is not the slug of a summit under summits`},
		},
		{name: "all coverage", edit: func(c *Config) { c.Schedules[0].Summit = "" }},
		{
			name: "cron specs",
			edit: func(c *Config) {
				c.Schedules = []Schedule{
					{Channel: "C1", Cron: "0 8 * *"},
					{Channel: "C1", Cron: "0 0 8 * * *"},
					{Channel: "C1", Cron: "@fortnightly"},
					{Channel: "C1", Cron: "61 8 * * *"},
					{Channel: "C1", Cron: "CRON_TZ=Europe/Paris 0 8 * * *"},
					{Channel: "C1", Cron: ""},
					{Channel: "C1", Cron: "@every 6h"},
					{Channel: "C1", Cron: "*/15 7-19 * * MON-FRI"},
					{Channel: "C1", Cron: "0 8 30 2 *"},
					{Channel: "C1", Cron: "@every 1.5s"},
					{Channel: "C1", Cron: "@every 500ms"},
					{Channel: "C1", Cron: "@every soon"},
					{Channel: "C1", Cron: "0 0 29 2 *"},
					{Channel: "C1", Cron: "@every 1s"},
				}
			},
			want: []string{
				`schedules[0].cron "0 8 * *": is not a five-field cron spec or a descriptor such as @daily: expected exactly 5 fields, found 4: [0 8 * *]`,
				`schedules[1].cron "0 0 8 * * *": is not a five-field cron spec or a descriptor such as @daily: expected exactly 5 fields, found 6: [0 0 8 * * *]`,
				`schedules[2].cron "@fortnightly": is not a five-field cron spec or a descriptor such as @daily: unrecognized descriptor: @fortnightly`,
				`schedules[3].cron "61 8 * * *": is not a five-field cron spec or a descriptor such as @daily: end of range (61) above maximum (59): 61`,
				`schedules[4].cron "CRON_TZ=Europe/Paris 0 8 * * *": must not name a time zone: use the timezone key`,
				`schedules[5].cron: is required, such as "0 8 * * *" or @daily`,
				`schedules[8].cron "0 8 30 2 *": never fires: no date matches it`,
				`schedules[9].cron "@every 1.5s": has an interval that is not a whole number of seconds, at least 1s, such as @every 6h`,
				`schedules[10].cron "@every 500ms": has an interval that is not a whole number of seconds, at least 1s, such as @every 6h`,
				`schedules[11].cron "@every soon": has an interval that is not a whole number of seconds, at least 1s, such as @every 6h`,
			},
		},
		{
			name: "time zones",
			edit: func(c *Config) {
				c.Schedules = []Schedule{
					{Channel: "C1", Cron: "@daily", Timezone: "Mars/Olympus_Mons"},
					{Channel: "C1", Cron: "@daily", Timezone: "Local"},
					{Channel: "C1", Cron: "@daily", Timezone: "europe/paris "},
					{Channel: "C1", Cron: "@daily", Timezone: ""},
					{Channel: "C1", Cron: "@daily", Timezone: "America/New_York"},
				}
			},
			want: []string{
				`schedules[0].timezone "Mars/Olympus_Mons": is not a known IANA time zone such as Europe/Paris`,
				`schedules[1].timezone "Local": must name an IANA time zone such as Europe/Paris`,
				`schedules[2].timezone "europe/paris ": is not a known IANA time zone such as Europe/Paris`,
			},
		},
		{
			name: "allow hosts",
			edit: func(c *Config) {
				c.Fetch.AllowHosts = []string{"intranet.example.org", "http://x.example", "127.0.0.1:8080", ""}
			},
			want: []string{
				`fetch.allow_hosts[1] "http://x.example": must be a bare host name such as intranet.example.org`,
				`fetch.allow_hosts[2] "127.0.0.1:8080": must be a bare host name such as intranet.example.org`,
				`fetch.allow_hosts[3]: must be a bare host name such as intranet.example.org`,
			},
		},
		{
			name: "every problem at once",
			edit: func(c *Config) {
				c.Database = "redis://cache"
				c.Listen = "nowhere"
				c.Slack.BotToken = ""
				c.Schedules[0] = Schedule{Channel: "general", Summit: "nope", Cron: "daily", Timezone: "Paris"}
			},
			forServe: true,
			want: []string{
				`database "redis://cache": must start with sqlite: or postgres://`,
				`listen "nowhere": is not host:port, such as :8080 or 127.0.0.1:8080`,
				"slack.bot_token: is required to serve: set SLACK_BOT_TOKEN",
				`schedules[0].channel "general": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)`,
				`schedules[0].summit "nope": is not the slug of a summit under summits`,
				`schedules[0].cron "daily": is not a five-field cron spec or a descriptor such as @daily: expected exactly 5 fields, found 1: [daily]`,
				`schedules[0].timezone "Paris": is not a known IANA time zone such as Europe/Paris`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validBase()
			tt.edit(&c)
			err := c.Validate(tt.forServe)
			if diff := cmp.Diff(tt.want, messages(err)); diff != "" {
				t.Errorf("Validate(%v) errors mismatch (-want +got):\n%s", tt.forServe, diff)
			}
			// Every problem is a FieldError that a caller can pick out.
			if err != nil {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field == "" {
					t.Errorf("Validate(%v) = %v; want *FieldError values", tt.forServe, err)
				}
			}
		})
	}
}

func TestValidateNeverShowsSecrets(t *testing.T) {
	c := validBase()
	c.Slack.BotToken = "xoxp-the-user-token-4242"
	c.Slack.AppToken = "the-app-token-4242"
	c.Database = "mysql://root:hunter2@db/summit"
	err := c.Validate(true)
	if err == nil {
		t.Fatal("Validate(true) = nil; want errors")
	}
	for _, s := range []string{"4242", "hunter2"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("Validate(true) = %q; shows the secret %q", err, s)
		}
	}
}

func TestLoad(t *testing.T) {
	full := Default()
	full.Database = "postgres://digest:s3cret@db.internal:5432/digest?sslmode=disable"
	full.DatabasePoolSize = 4
	full.Listen = "127.0.0.1:9090"
	full.LogLevel = "debug"
	full.LogFormat = "json"
	full.ShutdownTimeout = 10 * time.Second
	full.HTTP = HTTP{ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 4 * time.Second, IdleTimeout: 5 * time.Second, MaxBodyBytes: 2048}
	full.Slack = Slack{BotToken: "xoxb-from-file", SigningSecret: "signing-from-file", APIURL: "http://127.0.0.1:9999/api/"}
	full.Summits = []Summit{{Slug: "geneva-talks", Title: "Geneva talks", Keywords: []string{"Geneva", "ceasefire"}, Feeds: []string{"https://news.example.com/geneva.xml"}}}
	full.Schedules = []Schedule{{Channel: "G12345ABC", Summit: "geneva-talks", Cron: "@every 6h", Timezone: "Asia/Tokyo"}}
	full.Fetch = Fetch{AllowHosts: []string{"intranet.example.org"}, MaxBytes: 1000, Timeout: 7 * time.Second}
	full.Feeds = Feeds{PollInterval: time.Minute}
	full.Digest = Digest{Lookback: 48 * time.Hour, CatchUp: 0, PostWhenEmpty: true}

	fromEnv := func(c Config) Config {
		c.Database = "sqlite:/data/summit.db"
		c.DatabasePoolSize = 20
		c.Listen = ":9999"
		c.LogLevel = "warn"
		c.LogFormat = "text"
		c.ShutdownTimeout = time.Second
		c.HTTP = HTTP{ReadHeaderTimeout: time.Minute, ReadTimeout: 2 * time.Minute, WriteTimeout: 3 * time.Minute, IdleTimeout: 4 * time.Minute, MaxBodyBytes: 99}
		c.Slack = Slack{BotToken: "xoxb-from-env", SigningSecret: "signing-from-env", AppToken: "xapp-from-env", APIURL: "http://[::1]:1/api/"}
		c.Fetch.AllowHosts = []string{"a.example", "b.example"}
		c.Fetch.MaxBytes = 77
		c.Fetch.Timeout = time.Hour
		c.Feeds.PollInterval = 2 * time.Hour
		c.Digest = Digest{Lookback: time.Hour, CatchUp: 30 * time.Minute, PostWhenEmpty: false}
		return c
	}
	allEnv := map[string]string{
		"DATABASE_URL":                    "sqlite:/data/summit.db",
		"SUMMIT_DATABASE_POOL_SIZE":       "20",
		"LISTEN_ADDR":                     ":9999",
		"SUMMIT_LOG_LEVEL":                "warn",
		"SUMMIT_LOG_FORMAT":               "text",
		"SUMMIT_SHUTDOWN_TIMEOUT":         "1s",
		"SUMMIT_HTTP_READ_HEADER_TIMEOUT": "1m",
		"SUMMIT_HTTP_READ_TIMEOUT":        "2m",
		"SUMMIT_HTTP_WRITE_TIMEOUT":       "3m",
		"SUMMIT_HTTP_IDLE_TIMEOUT":        "4m",
		"SUMMIT_HTTP_MAX_BODY_BYTES":      "99",
		"SLACK_BOT_TOKEN":                 "xoxb-from-env",
		"SLACK_SIGNING_SECRET":            "signing-from-env",
		"SLACK_APP_TOKEN":                 "xapp-from-env",
		"SLACK_API_URL":                   "http://[::1]:1/api/",
		"SUMMIT_FETCH_ALLOW_HOSTS":        " a.example, b.example,",
		"SUMMIT_FETCH_MAX_BYTES":          "77",
		"SUMMIT_FETCH_TIMEOUT":            "1h",
		"SUMMIT_FEEDS_POLL_INTERVAL":      "2h",
		"SUMMIT_DIGEST_LOOKBACK":          "1h",
		"SUMMIT_DIGEST_CATCH_UP":          "30m",
		"SUMMIT_DIGEST_POST_WHEN_EMPTY":   "false",
	}
	// The precedence cases below cover every variable.
	var probe Config
	for _, v := range envVars(&probe) {
		if _, ok := allEnv[v.name]; !ok {
			t.Errorf("TestLoad sets no %s; add it to allEnv", v.name)
		}
	}
	secretFile, err := filepath.Abs("testdata/bot_token.secret")
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		path string
		env  map[string]string
		want Config
	}{
		{name: "defaults", want: Default()},
		{name: "file", path: "testdata/full.yaml", want: full},
		{name: "file from SUMMIT_CONFIG", env: map[string]string{"SUMMIT_CONFIG": "testdata/full.yaml"}, want: full},
		{
			name: "path argument beats SUMMIT_CONFIG",
			path: "testdata/full.yaml",
			env:  map[string]string{"SUMMIT_CONFIG": "testdata/does-not-exist.yaml"},
			want: full,
		},
		{name: "empty file", path: "testdata/empty.yaml", want: Default()},
		{name: "environment over defaults", env: allEnv, want: fromEnv(Default())},
		{name: "environment over file", path: "testdata/full.yaml", env: allEnv, want: fromEnv(full)},
		{
			name: "secret from _FILE",
			path: "testdata/full.yaml",
			env:  map[string]string{"SLACK_BOT_TOKEN_FILE": secretFile},
			want: func() Config { c := full; c.Slack.BotToken = "xoxb-from-secret-file"; return c }(),
		},
		{
			name: "database URL from _FILE",
			env:  map[string]string{"DATABASE_URL_FILE": secretFile},
			want: func() Config { c := Default(); c.Database = "xoxb-from-secret-file"; return c }(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(tt.path, envMap(tt.env))
			if err != nil {
				t.Fatalf("Load(%q) error: %v", tt.path, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load(%q) mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

func TestLoadDefaultPath(t *testing.T) {
	// DefaultPath is relative to the working directory, so this test runs in
	// a directory of its own; it cannot run in parallel with others.
	dir := t.TempDir()
	t.Chdir(dir)

	got, err := Load("", envMap(nil))
	if err != nil {
		t.Fatalf("Load without %s: %v", DefaultPath, err)
	}
	if diff := cmp.Diff(Default(), got); diff != "" {
		t.Errorf("Load without %s mismatch (-want +got):\n%s", DefaultPath, diff)
	}

	if err := os.MkdirAll(filepath.Dir(DefaultPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(DefaultPath, []byte("listen: \":7070\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = Load("", envMap(nil))
	if err != nil {
		t.Fatalf("Load with %s: %v", DefaultPath, err)
	}
	if got.Listen != ":7070" {
		t.Errorf("Load with %s: Listen = %q; want %q", DefaultPath, got.Listen, ":7070")
	}
}

func TestLoadErrors(t *testing.T) {
	emptySecret, err := filepath.Abs("testdata/empty.secret")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		env  map[string]string
		want []string
	}{
		{
			name: "missing file",
			path: "testdata/nope.yaml",
			want: []string{"config file testdata/nope.yaml does not exist"},
		},
		{
			name: "missing file from SUMMIT_CONFIG",
			env:  map[string]string{"SUMMIT_CONFIG": "testdata/nope.yaml"},
			want: []string{"config file testdata/nope.yaml does not exist"},
		},
		{
			name: "unknown keys",
			path: "testdata/unknown.yaml",
			want: []string{
				`config file testdata/unknown.yaml: line 3: unknown key "slack.bot_tokn"`,
				`config file testdata/unknown.yaml: line 6: unknown key "schedules[0].crom"`,
				`config file testdata/unknown.yaml: line 7: unknown key "colour"`,
			},
		},
		{
			name: "bad types",
			path: "testdata/badtypes.yaml",
			want: []string{
				`config file testdata/badtypes.yaml: line 1: shutdown_timeout: "3" is not a duration such as 30s, 15m or 6h`,
				`config file testdata/badtypes.yaml: line 3: digest.lookback: "tomorrow" is not a duration such as 30s, 15m or 6h`,
				"config file testdata/badtypes.yaml: line 4: cannot unmarshal !!str `ten` into int",
			},
		},
		{
			name: "two documents",
			path: "testdata/twodocs.yaml",
			want: []string{"config file testdata/twodocs.yaml: more than one YAML document; the config is one"},
		},
		{
			name: "bad environment values",
			env: map[string]string{
				"SUMMIT_DATABASE_POOL_SIZE":     "many",
				"SUMMIT_SHUTDOWN_TIMEOUT":       "30",
				"SUMMIT_FETCH_MAX_BYTES":        "5MB",
				"SUMMIT_DIGEST_POST_WHEN_EMPTY": "sometimes",
			},
			want: []string{
				`SUMMIT_DATABASE_POOL_SIZE="many": not a whole number`,
				`SUMMIT_SHUTDOWN_TIMEOUT="30": not a duration such as 30s or 6h`,
				`SUMMIT_FETCH_MAX_BYTES="5MB": not a whole number`,
				`SUMMIT_DIGEST_POST_WHEN_EMPTY="sometimes": not true or false`,
			},
		},
		{
			name: "secret and its file both set",
			env:  map[string]string{"SLACK_SIGNING_SECRET": "abc", "SLACK_SIGNING_SECRET_FILE": emptySecret},
			want: []string{"SLACK_SIGNING_SECRET and SLACK_SIGNING_SECRET_FILE are both set; set one"},
		},
		{
			name: "secret file missing",
			env:  map[string]string{"SLACK_APP_TOKEN_FILE": "testdata/nope.secret"},
			want: []string{"SLACK_APP_TOKEN_FILE: open testdata/nope.secret: no such file or directory"},
		},
		{
			name: "secret file empty",
			env:  map[string]string{"SLACK_BOT_TOKEN_FILE": emptySecret},
			want: []string{fmt.Sprintf("SLACK_BOT_TOKEN_FILE: file %s is empty", emptySecret)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.path, envMap(tt.env))
			if diff := cmp.Diff(tt.want, messages(err)); diff != "" {
				t.Errorf("Load(%q) errors mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	const token = "xoxb-123-456-SeCrEt"
	c := validBase()
	c.Slack.BotToken = token
	c.Slack.SigningSecret = token
	c.Slack.AppToken = token
	c.Database = "postgres://digest:SeCrEt@db:5432/summit"

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("config", slog.Any("slack", c.Slack), slog.Any("token", c.Slack.BotToken), slog.Any("config", c))
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "token", c.Slack.BotToken, "config", c)

	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	ys, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v":  fmt.Sprintf("%v", c),
		"%+v": fmt.Sprintf("%+v", c),
		"%#v": fmt.Sprintf("%#v", c),
		//lint:ignore S1025 the %s verb itself is under test
		"%s":   fmt.Sprintf("%s", c.Slack.BotToken),
		"%q":   fmt.Sprintf("%q", c.Slack.BotToken),
		"%x":   fmt.Sprintf("%x", c.Slack.BotToken),
		"slog": logs.String(),
		"json": string(js),
		"yaml": string(ys),
	}
	for name, out := range outputs {
		if strings.Contains(out, "SeCrEt") {
			t.Errorf("%s of a Config shows the secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["yaml"], "bot_token: '[redacted]'") {
		t.Errorf("yaml.Marshal(Config) = %s; want bot_token: '[redacted]'", outputs["yaml"])
	}
	if got := Secret("").String(); got != "" {
		t.Errorf("Secret(\"\").String() = %q; want \"\" so that unset shows as unset", got)
	}
	if got := c.Slack.BotToken.Reveal(); got != token {
		t.Errorf("Reveal() = %q; want %q", got, token)
	}
}

func TestRedacted(t *testing.T) {
	tests := []struct {
		database, want string
	}{
		{"sqlite:/data/summit.db", "sqlite:/data/summit.db"},
		{"postgres://digest:s3cret@db:5432/summit?sslmode=disable", "postgres://digest:xxxxx@db:5432/summit?sslmode=disable"},
		{"postgres://db:5432/summit?password=s3cret&sslmode=disable", "postgres://db:5432/summit?password=xxxxx&sslmode=disable"},
		{"postgres://digest@db/summit", "postgres://digest@db/summit"},
		{"postgres://digest:s3c%ret@db/summit", "[redacted]"},
	}
	for _, tt := range tests {
		c := validBase()
		c.Database = tt.database
		r := c.Redacted()
		if r.Database != tt.want {
			t.Errorf("Redacted() of database %q = %q; want %q", tt.database, r.Database, tt.want)
		}
		if c.Database != tt.database {
			t.Errorf("Redacted() changed the original database to %q", c.Database)
		}
	}

	c := validBase()
	r := c.Redacted()
	for name, s := range map[string]Secret{"bot_token": r.Slack.BotToken, "signing_secret": r.Slack.SigningSecret} {
		if s.Reveal() != "[redacted]" {
			t.Errorf("Redacted().Slack.%s = %q; want [redacted]", name, s.Reveal())
		}
	}
	if r.Slack.AppToken.Reveal() != "" {
		t.Errorf("Redacted().Slack.app_token = %q; want \"\" for an unset secret", r.Slack.AppToken.Reveal())
	}
	r.Summits[0].Keywords[0] = "changed"
	r.Schedules[0].Channel = "C999"
	if c.Summits[0].Keywords[0] != "Ukraine" || c.Schedules[0].Channel != "C0123456789" {
		t.Error("editing Redacted()'s copy changed the original Config")
	}
}

// TestExampleConfig keeps config/bot.example.yaml loadable and valid, so
// that the file people copy works as it is.
func TestExampleConfig(t *testing.T) {
	const path = "../../config/bot.example.yaml"
	c, err := Load(path, envMap(map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1-2-3",
		"SLACK_SIGNING_SECRET": "abc",
	}))
	if err != nil {
		t.Fatalf("Load(%q): %v", path, err)
	}
	if err := c.Validate(true); err != nil {
		t.Errorf("Validate(true) of %s:\n%v", path, err)
	}
	if len(c.Summits) == 0 || len(c.Schedules) == 0 {
		t.Errorf("%s has %d summits and %d schedules; want examples of both", path, len(c.Summits), len(c.Schedules))
	}

	// Every scalar the example writes out must be its default, as its
	// header promises.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range yamlKeys(reflect.TypeFor[Config](), "") {
		if !strings.Contains(string(b), lastKey(key)+":") {
			t.Errorf("%s does not document key %s", path, key)
		}
	}
	c.Summits, c.Schedules = nil, nil
	c.Slack = Slack{}
	want := Default()
	if diff := cmp.Diff(want, c, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s differs from Default() (-default +example):\n%s", path, diff)
	}
}

// TestREADMEListsEveryKey keeps config/README.md in step with Config: every
// key and every environment variable must appear in it.
func TestREADMEListsEveryKey(t *testing.T) {
	const path = "../../config/README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, key := range yamlKeys(reflect.TypeFor[Config](), "") {
		if !strings.Contains(readme, "`"+key+"`") {
			t.Errorf("%s does not list key %s", path, key)
		}
	}
	var c Config
	keys := yamlKeys(reflect.TypeFor[Config](), "")
	for _, v := range envVars(&c) {
		if !slices.Contains(keys, v.key) {
			t.Errorf("variable %s names key %s, which Config does not have", v.name, v.key)
		}
		if !strings.Contains(readme, "`"+v.name+"`") {
			t.Errorf("%s does not list variable %s (key %s)", path, v.name, v.key)
		}
		if !strings.Contains(readme, "| `"+v.key+"` | `"+v.name) {
			t.Errorf("%s does not list variable %s beside key %s", path, v.name, v.key)
		}
		if v.secret && !strings.Contains(readme, "`"+v.name+"_FILE`") {
			t.Errorf("%s does not list variable %s_FILE", path, v.name)
		}
	}
	if !strings.Contains(readme, "`"+EnvConfig+"`") {
		t.Errorf("%s does not mention %s", path, EnvConfig)
	}
}

// yamlKeys lists the dotted YAML keys of t, with "[]" for list elements:
// "schedules", "schedules[].cron".
func yamlKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		key := join(prefix, name)
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Struct && ft != durationType:
			keys = append(keys, yamlKeys(ft, key)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			keys = append(keys, key)
			keys = append(keys, yamlKeys(ft.Elem(), key+"[]")...)
		default:
			keys = append(keys, key)
		}
	}
	return keys
}

func lastKey(key string) string {
	if i := strings.LastIndex(key, "."); i >= 0 {
		return key[i+1:]
	}
	return key
}

func TestMarshalYAML(t *testing.T) {
	c := validBase()
	c.HTTP.IdleTimeout = 90 * time.Minute
	c.Fetch.Timeout = 1500 * time.Millisecond
	c.Digest.CatchUp = 0
	b, err := yaml.Marshal(c)
	if err != nil {
		t.Fatalf("yaml.Marshal(Config): %v", err)
	}
	for _, want := range []string{
		"shutdown_timeout: 25s\n",
		"idle_timeout: 1h30m\n",
		"write_timeout: 30s\n",
		"poll_interval: 15m\n",
		"lookback: 24h\n",
		"catch_up: 0s\n",
		"timeout: 1.5s\n",
		"bot_token: '[redacted]'\n",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("yaml.Marshal(Config) lacks %q:\n%s", want, b)
		}
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse(yaml.Marshal(Config)): %v", err)
	}
	c.Slack = Slack{BotToken: "[redacted]", SigningSecret: "[redacted]"}
	if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Parse(yaml.Marshal(c)) mismatch (-want +got):\n%s", diff)
	}
}
