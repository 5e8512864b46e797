package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"

	"github.com/summit-digest/summit-digest/internal/config"
	"github.com/summit-digest/summit-digest/internal/server"
)

// runBot runs the program with args and the environment vars, and returns
// what it printed and its error.
func runBot(tb testing.TB, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		getenv: func(k string) string { return vars[k] },
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errOut,
	}
	err = run(context.Background(), args, e)
	return out.String(), errOut.String(), err
}

func TestConfigCheck(t *testing.T) {
	const token = "xoxb-111-222-TopSecret"
	tests := []struct {
		name       string
		args       []string
		vars       map[string]string
		wantErr    error
		wantStderr string
		// wantKeys are keys of the printed YAML and their values.
		wantKeys map[string]string
	}{
		{
			name:     "defaults",
			args:     []string{"config", "check"},
			wantKeys: map[string]string{"database": "sqlite:summit.db", "listen": ":8080"},
		},
		{
			name: "file and environment, secrets redacted",
			args: []string{"config", "check", "--serve", "--config", "testdata/config-valid.yaml"},
			vars: map[string]string{
				"SLACK_BOT_TOKEN":      token,
				"SLACK_SIGNING_SECRET": "TopSecret-signing",
				"DATABASE_URL":         "postgres://digest:TopSecret@db:5432/summit",
			},
			wantKeys: map[string]string{
				"listen":   "127.0.0.1:8181",
				"database": "postgres://digest:xxxxx@db:5432/summit",
			},
		},
		{
			name: "file from SUMMIT_CONFIG",
			args: []string{"config", "check"},
			vars: map[string]string{"SUMMIT_CONFIG": "testdata/config-valid.yaml"},
			wantKeys: map[string]string{
				"listen": "127.0.0.1:8181",
			},
		},
		{
			name:    "serve needs tokens",
			args:    []string{"config", "check", "--serve"},
			wantErr: errSilent,
			wantStderr: `bot: the configuration has 2 problems:
  - slack.bot_token: is required to serve: set SLACK_BOT_TOKEN
  - slack.signing_secret: is required to serve over HTTP: set SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode
`,
			wantKeys: map[string]string{"listen": ":8080"},
		},
		{
			name:    "every problem listed",
			args:    []string{"config", "check", "--config", "testdata/config-invalid.yaml"},
			wantErr: errSilent,
			wantStderr: `bot: the configuration has 5 problems:
  - database "mysql://root:xxxxx@db/summit": must start with sqlite: or postgres://
  - schedules[0].channel "general": is not a Slack channel ID (an upper-case C, G or D followed by upper-case letters and digits, such as C0123456789)
  - schedules[0].summit "rome-2026": is not the slug of a summit under summits
  - schedules[0].cron "every morning": is not a five-field cron spec or a descriptor such as @daily: expected exactly 5 fields, found 2: [every morning]
  - schedules[0].timezone "Europe/Pariss": is not a known IANA time zone such as Europe/Paris
`,
			wantKeys: map[string]string{"database": "mysql://root:xxxxx@db/summit"},
		},
		{
			name:       "unknown key",
			args:       []string{"config", "check", "--config", "testdata/config-typo.yaml"},
			wantErr:    errSilent,
			wantStderr: "bot: the configuration is invalid: config file testdata/config-typo.yaml: line 2: unknown key \"slack.bot_tokn\"\n",
		},
		{
			name:       "missing file",
			args:       []string{"config", "check", "--config", "testdata/nope.yaml"},
			wantErr:    errSilent,
			wantStderr: "bot: the configuration is invalid: config file testdata/nope.yaml does not exist\n",
		},
		{
			name:    "no sub-command",
			args:    []string{"config"},
			wantErr: errUsage,
		},
		{
			name:    "unknown sub-command",
			args:    []string{"config", "show"},
			wantErr: errUsage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runBot(t, tt.vars, tt.args...)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("bot %s = %v; want %v (stderr %q)", strings.Join(tt.args, " "), err, tt.wantErr, stderr)
			}
			if tt.wantErr != errUsage {
				if diff := cmp.Diff(tt.wantStderr, stderr); diff != "" {
					t.Errorf("bot %s stderr mismatch (-want +got):\n%s", strings.Join(tt.args, " "), diff)
				}
			}
			for _, out := range []string{stdout, stderr} {
				if strings.Contains(out, "TopSecret") || strings.Contains(out, "hunter2") {
					t.Errorf("bot %s printed a secret:\n%s", strings.Join(tt.args, " "), out)
				}
			}
			if tt.wantKeys == nil {
				return
			}
			var got map[string]any
			if err := yaml.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("bot %s printed no YAML: %v\n%s", strings.Join(tt.args, " "), err, stdout)
			}
			for k, want := range tt.wantKeys {
				if got[k] != want {
					t.Errorf("bot %s printed %s: %v; want %q", strings.Join(tt.args, " "), k, got[k], want)
				}
			}
			if slack, _ := got["slack"].(map[string]any); tt.vars["SLACK_BOT_TOKEN"] != "" && slack["bot_token"] != "[redacted]" {
				t.Errorf("bot %s printed slack.bot_token: %v; want [redacted]", strings.Join(tt.args, " "), slack["bot_token"])
			}
		})
	}
}

// TestConfigCheckOutputLoads: what config check prints is a config file
// that loads back to the same settings (secrets aside), so an operator can
// start from it.
func TestConfigCheckOutputLoads(t *testing.T) {
	stdout, _, err := runBot(t, nil, "config", "check", "--config", "testdata/config-valid.yaml")
	if err != nil {
		t.Fatalf("bot config check: %v", err)
	}
	path := t.TempDir() + "/printed.yaml"
	if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	again, _, err := runBot(t, nil, "config", "check", "--config", path)
	if err != nil {
		t.Fatalf("bot config check of its own output: %v", err)
	}
	if diff := cmp.Diff(stdout, again); diff != "" {
		t.Errorf("config check of its own output differs (-first +second):\n%s", diff)
	}
}

func TestServerOptions(t *testing.T) {
	cfg, err := config.Load("testdata/config-valid.yaml", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTP.MaxBodyBytes = 4096
	got := serverOptions(&cfg, nil)
	want := server.Options{
		Addr:              "127.0.0.1:8181",
		ReadHeaderTimeout: config.DefaultReadHeaderTimeout,
		ReadTimeout:       config.DefaultReadTimeout,
		WriteTimeout:      config.DefaultWriteTimeout,
		IdleTimeout:       config.DefaultIdleTimeout,
		MaxBodyBytes:      4096,
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(server.Options{}, "Logger")); diff != "" {
		t.Errorf("serverOptions mismatch (-want +got):\n%s", diff)
	}
}
