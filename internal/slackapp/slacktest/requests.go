package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// Signature returns the X-Slack-Signature Slack computes for body sent at
// timestamp (Unix seconds, as a string) with the app's signing secret.
func Signature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Sign sets the signature headers on r for body, as Slack would at time at.
func Sign(r *http.Request, secret string, at time.Time, body []byte) {
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", Signature(secret, ts, body))
}

// Command is a slash command invocation, with the fields Slack sends.
type Command struct {
	Command     string // default "/summit"
	Text        string
	TeamID      string // default TeamID
	ChannelID   string
	ChannelName string
	UserID      string
	UserName    string
	ResponseURL string
	TriggerID   string
}

// Form returns the command as Slack form-encodes it: every field, in Slack's order.
func (c Command) Form() []byte {
	cmd := c.Command
	if cmd == "" {
		cmd = "/summit"
	}
	team := c.TeamID
	if team == "" {
		team = TeamID
	}
	trigger := c.TriggerID
	if trigger == "" {
		trigger = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	}
	// Slack sends the fields in this order; url.Values would sort them, so
	// the body is built by hand to look exactly like the real thing.
	fields := [][2]string{
		{"token", "gIkuvaNzQIHg97ATvDxqgjtO"},
		{"team_id", team},
		{"team_domain", "fake"},
		{"channel_id", c.ChannelID},
		{"channel_name", c.ChannelName},
		{"user_id", c.UserID},
		{"user_name", c.UserName},
		{"command", cmd},
		{"text", c.Text},
		{"api_app_id", AppID},
		{"is_enterprise_install", "false"},
		{"response_url", c.ResponseURL},
		{"trigger_id", trigger},
	}
	var b bytes.Buffer
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f[0]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f[1]))
	}
	return b.Bytes()
}

// Payload returns the command as a Socket Mode slash_commands envelope carries it.
func (c Command) Payload() map[string]string {
	v, _ := url.ParseQuery(string(c.Form()))
	m := make(map[string]string, len(v))
	for k := range v {
		m[k] = v.Get(k)
	}
	return m
}

// NewCommandRequest returns the POST Slack sends to baseURL+"/slack/commands"
// for c, signed with secret at time at.
func NewCommandRequest(tb testing.TB, baseURL, secret string, at time.Time, c Command) *http.Request {
	tb.Helper()
	body := c.Form()
	r, err := http.NewRequest(http.MethodPost, baseURL+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("slacktest: bad base URL %q: %v", baseURL, err)
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	Sign(r, secret, at, body)
	return r
}

// EventCallback wraps inner (an event such as an app_mention) in the
// event_callback envelope the Events API delivers.
func EventCallback(eventID string, inner map[string]any) map[string]any {
	return map[string]any{
		"token":          "gIkuvaNzQIHg97ATvDxqgjtO",
		"team_id":        TeamID,
		"api_app_id":     AppID,
		"event":          inner,
		"type":           "event_callback",
		"event_id":       eventID,
		"event_time":     time.Now().Unix(),
		"authorizations": []map[string]any{{"team_id": TeamID, "user_id": BotUserID, "is_bot": true}},
	}
}

// NewJSONRequest returns a signed POST of v as JSON to baseURL+path, as the
// Events API sends it.
func NewJSONRequest(tb testing.TB, baseURL, path, secret string, at time.Time, v any) *http.Request {
	tb.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("slacktest: encode event: %v", err)
	}
	r, err := http.NewRequest(http.MethodPost, baseURL+path, bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("slacktest: bad base URL %q: %v", baseURL, err)
	}
	r.Header.Set("Content-Type", "application/json")
	Sign(r, secret, at, body)
	return r
}

// NewInteractionRequest returns the signed POST Slack sends to
// baseURL+"/slack/interactivity": the payload JSON in a "payload" form field.
func NewInteractionRequest(tb testing.TB, baseURL, secret string, at time.Time, payload any) *http.Request {
	tb.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		tb.Fatalf("slacktest: encode payload: %v", err)
	}
	body := []byte("payload=" + url.QueryEscape(string(raw)))
	r, err := http.NewRequest(http.MethodPost, baseURL+"/slack/interactivity", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("slacktest: bad base URL %q: %v", baseURL, err)
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	Sign(r, secret, at, body)
	return r
}
