package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

const sample = "../../samples/paris-summit-2025-09-04.txt"

// extractOutput is the part of the extract JSON contract these tests read.
type extractOutput struct {
	Articles []struct {
		Source string `json:"source"`
		Quotes []struct {
			Speaker *string `json:"speaker"`
			Text    string  `json:"text"`
			Time    *string `json:"time"`
		} `json:"quotes"`
	} `json:"articles"`
}

func TestExtractAndDigestCommands(t *testing.T) {
	talks, err := os.ReadFile("testdata/extract/talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A news site on the loopback address, which is refused unless allowed.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(talks)
	}))
	defer srv.Close()
	url := srv.URL + "/news/talks"

	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantErr    error // nil, errSilent, errUsage or flag.ErrHelp
		wantStdout []string
		wantStderr []string
		// notStdout must not appear on standard output (tools parse it).
		notStdout []string
		notStderr []string
	}{
		{
			name:       "extract json of the sample",
			args:       []string{"extract", "--format", "json", sample},
			wantStdout: []string{`"source": "paris-summit-2025-09-04.txt"`, `"speaker": "Emmanuel Macron"`, `"time": "16:25"`},
			notStdout:  []string{"../"},
		},
		{
			name:       "a bad source is reported and the good one still goes through",
			args:       []string{"extract", "testdata/extract/empty.txt", "testdata/extract/binary.txt", "testdata/extract/talks.txt"},
			wantErr:    errSilent,
			wantStdout: []string{`"speaker": "Anna Berger"`, `"time": "09:15"`},
			wantStderr: []string{"empty.txt: the file is empty", "binary.txt:"},
			notStdout:  []string{"empty.txt", "binary.txt"},
		},
		{
			name:       "extract from standard input",
			args:       []string{"extract", "-"},
			stdin:      "\"We will not give up,\" Prime Minister Lena Holm said on Sunday.\n",
			wantStdout: []string{`"source": "stdin"`, `"speaker": "Lena Holm"`, `"text": "We will not give up,"`},
		},
		{
			name:       "extract as text",
			args:       []string{"extract", "--format", "text", "testdata/extract/talks.txt"},
			wantStdout: []string{"Anna Berger", "We are here to find a path to a ceasefire"},
		},
		{
			name:       "digest of the sample in Markdown",
			args:       []string{"digest", sample},
			wantStdout: []string{"Macron", "16:25", "16:37", "16:46", "16:49", "17:11", "10:09", "strong and legally binding", "We must not be naive about Russia"},
		},
		{
			name:       "digest as text",
			args:       []string{"digest", "--format", "text", sample},
			wantStdout: []string{"We must not be naive about Russia"},
			notStdout:  []string{"## ", "**"},
		},
		{
			name:       "flags after the sources",
			args:       []string{"extract", "testdata/extract/talks.txt", "--format", "text"},
			wantStdout: []string{"Anna Berger", "We are here to find a path to a ceasefire"},
			notStdout:  []string{`"articles"`},
		},
		{
			name:       "flags before and after a source of the digest",
			args:       []string{"digest", "--format", "text", "testdata/extract/talks.txt", "--title", "Ceasefire talks"},
			wantStdout: []string{"Ceasefire talks\n=", "Anna Berger"},
			notStdout:  []string{"## "},
		},
		{
			name:       "-- ends the flags",
			args:       []string{"extract", "--format", "text", "--", "--format"},
			wantErr:    errSilent,
			wantStderr: []string{"bot: --format: the file does not exist"},
		},
		{
			name:       "a loopback URL is refused with the way to allow it",
			args:       []string{"extract", url},
			wantErr:    errSilent,
			wantStderr: []string{"is a loopback address", "--allow-host 127.0.0.1", "fetch.allow_hosts"},
		},
		{
			name:       "--allow-host lets a loopback URL through",
			args:       []string{"extract", url, "--allow-host", "127.0.0.1"},
			wantStdout: []string{`"source": "` + url + `"`, `"speaker": "Anna Berger"`},
		},
		{
			name:       "--allow-host in the digest",
			args:       []string{"digest", "--allow-host", "127.0.0.1", url},
			wantStdout: []string{"Anna Berger"},
		},
		{
			name:       "a source over the limit says how to raise it",
			args:       []string{"extract", "--max-bytes", "100", "testdata/extract/talks.txt"},
			wantErr:    errSilent,
			wantStderr: []string{"talks.txt: ", "--max-bytes"},
		},
		{
			name:      "a flag error prints neither the usage on stdout nor the error twice",
			args:      []string{"extract", "--colour", sample},
			wantErr:   errUsage,
			notStdout: []string{"Usage:", "articles"},
			notStderr: []string{"flag provided", "Usage:"},
		},
		{
			name:       "a URL without its scheme is taken for a file, and the message says so",
			args:       []string{"extract", "example.org/news/talks"},
			wantErr:    errSilent,
			wantStderr: []string{"the file does not exist (for a web page, give the whole URL: https://example.org/news/talks)"},
		},
		{
			name:       "a missing file is only missing",
			args:       []string{"extract", "testdata/extract/nosuch.txt"},
			wantErr:    errSilent,
			wantStderr: []string{"bot: nosuch.txt: the file does not exist\n"},
		},
		{name: "standard input twice", args: []string{"digest", "-", "testdata/extract/talks.txt", "-"}, stdin: string(talks), wantErr: errUsage},
		{name: "digest help has examples", args: []string{"digest", "--help"}, wantErr: flag.ErrHelp,
			wantStdout: []string{"Usage: bot digest", "Examples:", "--since yesterday", "-allow-host"}},
		{name: "who-said help has examples", args: []string{"who-said", "--help"}, wantErr: flag.ErrHelp,
			wantStdout: []string{"Examples:", "bot who-said Rutte"}},
		{name: "unknown format", args: []string{"extract", "--format", "xml", sample}, wantErr: errUsage},
		{name: "no source", args: []string{"extract"}, wantErr: errUsage},
		{name: "unknown flag", args: []string{"digest", "--colour", sample}, wantErr: errUsage},
		{name: "unknown command", args: []string{"summarise"}, wantErr: errUsage},
		{name: "help of a command", args: []string{"help", "digest"}, wantErr: flag.ErrHelp, wantStdout: []string{"Usage: bot digest", "--since"}},
		{name: "no command", args: nil, wantErr: errUsage, wantStderr: []string{"Commands:"}},
		{name: "help", args: []string{"--help"}, wantStdout: []string{"Commands:", "extract", "who-said", "serve"}},
		{name: "command help", args: []string{"extract", "--help"}, wantErr: flag.ErrHelp, wantStdout: []string{"Usage: bot extract", "-format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut strings.Builder
			e := &env{getenv: func(string) string { return "" }, stdin: strings.NewReader(tt.stdin), stdout: &out, stderr: &errOut}
			err := run(context.Background(), tt.args, e)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("run(%q) = %v; want nil\nstderr: %s", tt.args, err, errOut.String())
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("run(%q) = %v; want %v", tt.args, err, tt.wantErr)
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(out.String(), w) {
					t.Errorf("run(%q) stdout lacks %q:\n%s", tt.args, w, out.String())
				}
			}
			for _, w := range tt.notStdout {
				if strings.Contains(out.String(), w) {
					t.Errorf("run(%q) stdout holds %q:\n%s", tt.args, w, out.String())
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("run(%q) stderr lacks %q:\n%s", tt.args, w, errOut.String())
				}
			}
			for _, w := range tt.notStderr {
				if strings.Contains(errOut.String(), w) {
					t.Errorf("run(%q) stderr holds %q:\n%s", tt.args, w, errOut.String())
				}
			}
		})
	}
}

func TestLooksLikeHost(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"example.org/news", true},
		{"www.bbc.co.uk", true},
		{"lemonde.fr/international/article", true},
		{"example.org", false}, // a file name as much as a host
		{"article.html", false},
		{"notes/x.md", false},
		{"dir.v2/a.txt", false},
		{"drafts.md/today.txt", false},
		{"./example.org/news", false},
		{"https://example.org/news", false},
	}
	for _, tt := range tests {
		if got := looksLikeHost(tt.src); got != tt.want {
			t.Errorf("looksLikeHost(%q) = %v; want %v", tt.src, got, tt.want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		cmd, want string
	}{
		{"digets", "; did you mean digest?"},
		{"whosaid", "; did you mean who-said?"},
		{"Ingest", "; did you mean ingest?"},
		{"summarise", `unknown command "summarise"`},
	}
	for _, tt := range tests {
		_, _, err := runBot(t, nil, tt.cmd)
		if !errors.Is(err, errUsage) || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("bot %s = %v; want a usage error ending %q", tt.cmd, err, tt.want)
		}
	}
}

func TestUsageHint(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a command", []string{"digest", "--since", "soon"}, "Run 'bot digest --help' for usage."},
		{"who-said", []string{"who-said"}, "Run 'bot who-said --help' for usage."},
		{"no command", nil, "Run 'bot --help' for usage."},
		{"unknown command", []string{"summarise"}, "Run 'bot --help' for usage."},
	}
	for _, tt := range tests {
		if got := usageHint(tt.args); got != tt.want {
			t.Errorf("%s: usageHint(%q) = %q; want %q", tt.name, tt.args, got, tt.want)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2025, 9, 5, 14, 30, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{in: "36h", want: now.Add(-36 * time.Hour)},
		{in: "90m", want: now.Add(-90 * time.Minute)},
		{in: "7d", want: now.AddDate(0, 0, -7)},
		{in: "2w", want: now.AddDate(0, 0, -14)},
		{in: "today", want: time.Date(2025, 9, 5, 0, 0, 0, 0, time.UTC)},
		{in: "Yesterday", want: time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)},
		{in: "2025-09-04", want: time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC)},
		{in: "2025-09-04 16:00", want: time.Date(2025, 9, 4, 16, 0, 0, 0, time.UTC)},
		{in: "2025-09-04T16:00", want: time.Date(2025, 9, 4, 16, 0, 0, 0, time.UTC)},
		{in: "2025-09-04T16:00:00+02:00", want: time.Date(2025, 9, 4, 14, 0, 0, 0, time.UTC)},
		{in: "-3h", wantErr: "without the minus sign"},
		{in: "2025-09-06", wantErr: "in the future"},
		{in: "last week", wantErr: "want a duration"},
		{in: "1y", wantErr: "want a duration"},
	}
	for _, tt := range tests {
		got, err := parseSince(tt.in, now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseSince(%q) = %v, %v; want an error saying %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestDigestBlocks checks that --format blocks prints the Slack messages as
// JSON that chat.postMessage takes: a header first, and "&" unescaped, as
// mrkdwn text has its own escapes.
func TestDigestBlocks(t *testing.T) {
	stdout, stderr, err := runBot(t, nil, "digest", sample, "--format", "blocks", "--title", "Paris & the coalition")
	if err != nil {
		t.Fatalf("digest --format blocks: %v\n%s", err, stderr)
	}
	var msgs []struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(stdout), &msgs); err != nil {
		t.Fatalf("digest --format blocks printed no JSON array of messages: %v\n%s", err, stdout)
	}
	if len(msgs) == 0 || msgs[0].Text == "" || len(msgs[0].Blocks) == 0 {
		t.Fatalf("digest --format blocks = %s; want messages with text and blocks", stdout)
	}
	if b := msgs[0].Blocks[0]; b.Type != "header" || b.Text.Text != "Paris & the coalition" {
		t.Errorf("digest --format blocks: first block = %+v; want the header with the title", b)
	}
	if !strings.Contains(stdout, "We must not be naive about Russia") {
		t.Errorf("digest --format blocks lacks Rutte's quote:\n%s", stdout)
	}
	if strings.Contains(stdout, `\u0026`) {
		t.Errorf("digest --format blocks escapes & as \\u0026:\n%s", stdout)
	}
}

// TestExtractJSONIsTheContract checks that the JSON parses and that every
// quote's text is a verbatim substring of the sample, as DESIGN.md requires.
func TestExtractJSONIsTheContract(t *testing.T) {
	stdout, stderr, err := runBot(t, nil, "extract", "--format", "json", sample)
	if err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr)
	}
	var got extractOutput
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("extract output is not JSON: %v\n%s", err, stdout)
	}
	if len(got.Articles) != 1 || len(got.Articles[0].Quotes) == 0 {
		t.Fatalf("extract found %d articles; want 1 with quotes:\n%s", len(got.Articles), stdout)
	}
	text, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range got.Articles[0].Quotes {
		if !strings.Contains(string(text), q.Text) {
			t.Errorf("quote %q is not a substring of the article", q.Text)
		}
	}
}
