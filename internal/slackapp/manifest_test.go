package slackapp_test

import (
	"bytes"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/slack-go/slack"
	"gopkg.in/yaml.v3"

	"github.com/summit-digest/summit-digest/internal/slackapp"
)

// TestManifest parses config/slack-manifest.yaml with slack-go's Manifest
// type, refusing unknown keys, and checks that it asks for what the app
// handles: the command, the routes, the events and the scopes they need.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("../../config/slack-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var m slack.Manifest
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode manifest: %v", err)
	}
	if m.Display.Name == "" || m.Features.BotUser.DisplayName == "" {
		t.Error("manifest names no app or bot user")
	}

	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/summit" {
		t.Fatalf("slash commands %+v; want /summit", m.Features.SlashCommands)
	}
	routes := map[string]string{
		"slash command": m.Features.SlashCommands[0].Url,
		"events":        m.Settings.EventSubscriptions.RequestUrl,
		"interactivity": m.Settings.Interactivity.RequestUrl,
	}
	want := map[string]string{"slash command": "/slack/commands", "events": "/slack/events", "interactivity": "/slack/interactivity"}
	host := ""
	for name, raw := range routes {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Path != want[name] {
			t.Errorf("%s URL %q; want https://…%s", name, raw, want[name])
			continue
		}
		if host != "" && u.Host != host {
			t.Errorf("%s URL is on %s, the others on %s: one deployment serves all three", name, u.Host, host)
		}
		host = u.Host
	}
	if !m.Settings.Interactivity.IsEnabled {
		t.Error("interactivity is off: buttons would do nothing")
	}

	// Every event the app acts on, and the scope Slack requires for it.
	events := map[string]string{
		"app_mention":           "app_mentions:read",
		"member_joined_channel": "channels:read",
		"member_left_channel":   "channels:read",
		"channel_archive":       "channels:read",
		"channel_deleted":       "channels:read",
		"group_archive":         "groups:read",
		"message.channels":      "channels:history",
		"app_uninstalled":       "",
		"tokens_revoked":        "",
	}
	scopes := m.OAuthConfig.Scopes.Bot
	for ev, scope := range events {
		if !slices.Contains(m.Settings.EventSubscriptions.BotEvents, ev) {
			t.Errorf("bot_events lacks %s", ev)
		}
		if scope != "" && !slices.Contains(scopes, scope) {
			t.Errorf("event %s needs scope %s", ev, scope)
		}
	}
	for _, ev := range m.Settings.EventSubscriptions.BotEvents {
		if _, ok := events[ev]; !ok {
			t.Errorf("bot_events has %s, which the app does not handle", ev)
		}
	}
	for _, s := range []string{
		"commands", "chat:write", "chat:write.public", "app_mentions:read", "channels:history", "groups:history",
		"reactions:write", // the ✅ on watched links
		"users:read",      // IsAdmin
		"im:write",        // telling a schedule's creator
	} {
		if !slices.Contains(scopes, s) {
			t.Errorf("bot scopes lack %s", s)
		}
	}

	if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0].CallbackID != slackapp.ShortcutAddToDigest || m.Features.Shortcuts[0].Type != slack.ShortcutType("message") {
		t.Errorf("shortcuts %+v; want the message shortcut %s", m.Features.Shortcuts, slackapp.ShortcutAddToDigest)
	}
}
