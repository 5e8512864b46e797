package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
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
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantErr    error // nil, errSilent, errUsage or flag.ErrHelp
		wantStdout []string
		wantStderr []string
		// notStdout must not appear on standard output (tools parse it).
		notStdout []string
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
		{name: "unknown format", args: []string{"extract", "--format", "xml", sample}, wantErr: errUsage},
		{name: "no source", args: []string{"extract"}, wantErr: errUsage},
		{name: "unknown flag", args: []string{"digest", "--colour", sample}, wantErr: errUsage},
		{name: "unknown command", args: []string{"summarise"}, wantErr: errUsage},
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
		})
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
