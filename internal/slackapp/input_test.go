package slackapp

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeSlackText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "who-said Rutte", "who-said Rutte"},
		{"link with label", "summary <https://example.org/a?x=1&amp;y=2|example.org/a>", "summary https://example.org/a?x=1&y=2"},
		{"bare link", "ingest <https://example.org/live>", "ingest https://example.org/live"},
		{"entities", "who-said &quot;R&amp;D&quot; &lt;now&gt;", "who-said &quot;R&D&quot; <now>"},
		{"user mention with label", "who-said <@U123|helena>", "who-said helena"},
		{"user mention without label", "who-said <@U123>", "who-said @U123"},
		{"channel mention", "digest <#C123|summit>", "digest summit"},
		{"special mention dropped", "<!here> help", " help"},
		{"escaped brackets are not links", "who-said &lt;https://x&gt;", "who-said <https://x>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeSlackText(tt.in); got != tt.want {
				t.Errorf("decodeSlackText(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCommandLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want commandLine
	}{
		{"empty", "", commandLine{}},
		{"spaces only", "   ", commandLine{}},
		{"name lower-cased", "HELP", commandLine{Name: "help"}},
		{"speaker in words", "who-said Anders Lunde", commandLine{
			Name: "who-said", Rest: "Anders Lunde",
			Args: []arg{{Text: "Anders"}, {Text: "Lunde"}},
		}},
		{"straight quotes", `who-said "open through the winter"`, commandLine{
			Name: "who-said", Rest: `"open through the winter"`,
			Args: []arg{{Text: "open through the winter", Quoted: true}},
		}},
		{"curly quotes", "who-said “price of bread”", commandLine{
			Name: "who-said", Rest: "“price of bread”",
			Args: []arg{{Text: "price of bread", Quoted: true}},
		}},
		{"German quotes", "who-said „sea lanes“", commandLine{
			Name: "who-said", Rest: "„sea lanes“",
			Args: []arg{{Text: "sea lanes", Quoted: true}},
		}},
		{"guillemets", "who-said «lifeline»", commandLine{
			Name: "who-said", Rest: "«lifeline»",
			Args: []arg{{Text: "lifeline", Quoted: true}},
		}},
		{"curly single quotes", "who-said ‘naive’", commandLine{
			Name: "who-said", Rest: "‘naive’",
			Args: []arg{{Text: "naive", Quoted: true}},
		}},
		{"apostrophe inside a word", "who-said O'Neill's", commandLine{
			Name: "who-said", Rest: "O'Neill's",
			Args: []arg{{Text: "O'Neill's"}},
		}},
		{"unclosed quote runs to the end", `who-said "we will not leave`, commandLine{
			Name: "who-said", Rest: `"we will not leave`,
			Args: []arg{{Text: "we will not leave", Quoted: true}},
		}},
		{"empty quotes dropped", `who-said ""`, commandLine{Name: "who-said", Rest: `""`}},
		{"entity-encoded phrase", "who-said &quot;x&quot;", commandLine{
			Name: "who-said", Rest: "&quot;x&quot;",
			Args: []arg{{Text: "&quot;x&quot;"}},
		}},
		{"link as Slack sends it", "ingest <https://example.org/a?b=1&amp;c=2|example.org>", commandLine{
			Name: "ingest", Rest: "https://example.org/a?b=1&c=2",
			Args: []arg{{Text: "https://example.org/a?b=1&c=2"}},
		}},
		{"schedule", `schedule "0 8 * * *" Europe/Paris valletta`, commandLine{
			Name: "schedule", Rest: `"0 8 * * *" Europe/Paris valletta`,
			Args: []arg{{Text: "0 8 * * *", Quoted: true}, {Text: "Europe/Paris"}, {Text: "valletta"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseCommandLine(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseCommandLine(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestWebURL(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"https://example.org/a", "https://example.org/a", true},
		{"http://example.org", "http://example.org", true},
		{"  https://example.org/x  ", "https://example.org/x", true},
		{"/etc/passwd", "", false},
		{"file:///etc/passwd", "", false},
		{"ftp://example.org/a", "", false},
		{"https://", "", false},
		{"example.org", "", false},
		{"-", "", false},
	}
	for _, tt := range tests {
		got, ok := webURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("webURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestURLs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"none", "nothing to see", nil},
		{"two links and a mention", "see <https://a.example/x|a> and <http://b.example/y?p=1&amp;q=2> cc <@U1>",
			[]string{"https://a.example/x", "http://b.example/y?p=1&q=2"}},
		{"duplicates once", "<https://a.example/x> <https://a.example/x|again>", []string{"https://a.example/x"}},
		{"mailto ignored", "<mailto:x@example.org|x@example.org>", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, urls(tt.in)); diff != "" {
				t.Errorf("urls(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		spec, tz string
		summit   string
		wantErr  bool
	}{
		{name: "quoted spec and zone", in: `schedule "0 8 * * *" Europe/Paris`, spec: "0 8 * * *", tz: "Europe/Paris"},
		{name: "curly-quoted spec with summit", in: "schedule “30 7 * * 1-5” Europe/Malta valletta", spec: "30 7 * * 1-5", tz: "Europe/Malta", summit: "valletta"},
		{name: "descriptor", in: "schedule @daily", spec: "@daily"},
		{name: "every with a space", in: "schedule @every 6h UTC", spec: "@every 6h", tz: "UTC"},
		{name: "bare five fields", in: "schedule 0 8 * * MON-FRI Europe/Paris", spec: "0 8 * * MON-FRI", tz: "Europe/Paris"},
		{name: "not a spec", in: "schedule tomorrow morning", wantErr: true},
		{name: "too many words", in: `schedule "0 8 * * *" Europe/Paris valletta extra`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSchedule(parseCommandLine(tt.in).Args)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("parseSchedule(%q) = %+v; want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseSchedule(%q): %v", tt.in, err)
			}
			if got.Spec != tt.spec || got.TimeZone != tt.tz || got.Summit != tt.summit {
				t.Errorf("parseSchedule(%q) = spec %q tz %q summit %q; want %q %q %q", tt.in, got.Spec, got.TimeZone, got.Summit, tt.spec, tt.tz, tt.summit)
			}
		})
	}
}

// FuzzParseCommandLine feeds arbitrary command text, as a user can type
// anything: parsing never panics, and every argument is a non-empty word
// or phrase without surrounding space.
func FuzzParseCommandLine(f *testing.F) {
	for _, s := range []string{
		"", "help", `who-said "legally binding"`, "who-said “price of bread”", "who-said „x“ «y» ‘z’",
		"ingest <https://example.org/a?b=1&amp;c=2|example.org>", "<@U1|a> <#C1> <!here>", `"`, "“", "«»",
		"who-said O'Neill's \"unclosed", "&lt;&gt;&amp;amp;", "\u00a0who-said\tRutte\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cl := parseCommandLine(s)
		if cl.Name != strings.ToLower(cl.Name) {
			t.Errorf("parseCommandLine(%q).Name = %q, not lower-cased", s, cl.Name)
		}
		for _, a := range cl.Args {
			if a.Text == "" || (a.Quoted && strings.TrimSpace(a.Text) != a.Text) || (!a.Quoted && strings.ContainsFunc(a.Text, unicode.IsSpace)) {
				t.Errorf("parseCommandLine(%q) has argument %+v", s, a)
			}
		}
		for _, u := range urls(s) {
			if _, ok := webURL(u); !ok {
				t.Errorf("urls(%q) found %q, not a web URL", s, u)
			}
		}
	})
}
