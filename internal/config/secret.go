package config

import (
	"log/slog"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// redacted stands in for a secret wherever one would be printed.
const redacted = "[redacted]"

// Secret is a credential. Every way of printing it — fmt verbs, slog,
// JSON, YAML — shows "[redacted]" (or "" when unset, so that an operator
// can still tell a missing secret from a present one), because a token
// that reaches a log line has leaked. Reveal gives the value to the code
// that sends it.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// String returns "[redacted]", or "" for an unset secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return "config.Secret(" + `"` + s.String() + `"` + ")" }

// LogValue keeps slog from printing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText keeps JSON, YAML and any other text encoding from printing
// the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// RedactURL returns raw with the password of its user info, if any,
// replaced, so that a postgres:// URL can be printed. A string that does
// not parse as a URL is returned as "[redacted]" entirely: it may be a URL
// whose password broke the parser.
func RedactURL(raw string) string {
	if raw == "" || strings.HasPrefix(raw, "sqlite:") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return redacted
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
		return u.String()
	}
	// A password can also be a query parameter (postgres://host/db?password=…).
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return raw
}

// Redacted returns a copy of c that is safe to print or log: the secrets
// are replaced by "[redacted]" and the database URL's password is masked.
func (c Config) Redacted() Config {
	r := c
	r.Database = RedactURL(c.Database)
	r.Slack.BotToken = Secret(c.Slack.BotToken.String())
	r.Slack.SigningSecret = Secret(c.Slack.SigningSecret.String())
	r.Slack.AppToken = Secret(c.Slack.AppToken.String())
	// Copy the slices too, so that a caller editing the copy cannot edit c.
	r.Summits = nil
	for _, s := range c.Summits {
		s.Keywords = slices.Clone(s.Keywords)
		s.Feeds = slices.Clone(s.Feeds)
		r.Summits = append(r.Summits, s)
	}
	r.Schedules = slices.Clone(c.Schedules)
	r.Fetch.AllowHosts = slices.Clone(c.Fetch.AllowHosts)
	return r
}

// String returns c as redacted YAML, so that printing a Config with any
// fmt verb cannot leak the database password or a token.
func (c Config) String() string {
	b, err := yaml.Marshal(c.Redacted())
	if err != nil {
		return "config: " + err.Error()
	}
	return string(b)
}

// GoString is String, for %#v.
func (c Config) GoString() string { return c.String() }

// LogValue logs c redacted.
func (c Config) LogValue() slog.Value {
	// A type without methods, or slog would call LogValue again.
	type plain Config
	return slog.AnyValue(plain(c.Redacted()))
}
