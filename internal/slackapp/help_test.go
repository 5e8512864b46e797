package slackapp

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestHelpNamesEverySubcommand checks that help is the one list of what
// /summit offers: every sub-command that dispatch knows has its line.
func TestHelpNamesEverySubcommand(t *testing.T) {
	b, err := json.Marshal(helpMessage().Blocks)
	if err != nil {
		t.Fatal(err)
	}
	help := string(b)
	for _, usage := range []string{
		"who-said NAME", `who-said \"PHRASE\"`, "speakers", "digest [SUMMIT]", "digest post", "summary URL|ARTICLE",
		"ingest URL", "forget URL|ARTICLE", "schedule \\\"0 8", "schedule off", "schedule on", "watch on|off", "feeds", "help",
	} {
		name, _, _ := strings.Cut(usage, " ")
		if label := subcommandLabel(name); label == "unknown" {
			t.Errorf("subcommandLabel(%q) = unknown; help lists it", name)
		}
		if !strings.Contains(help, "`"+slashCommand+" "+usage) {
			t.Errorf("helpMessage() lacks %q:\n%s", usage, help)
		}
	}
	if !strings.Contains(help, "whole workspace") {
		t.Errorf("helpMessage() does not say that watched links are coverage for the whole workspace:\n%s", help)
	}
}

func TestSafeMrkdwn(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "plain", in: "Resumed the digest of `paris-2025`.", want: "Resumed the digest of `paris-2025`."},
		{name: "user mention kept", in: "set by <@U0CREATOR1>", want: "set by <@U0CREATOR1>"},
		{name: "channel mention with label kept", in: "in <#C0123|summit>", want: "in <#C0123|summit>"},
		{name: "entities not escaped twice", in: "R&amp;D &lt;b&gt;", want: "R&amp;D &lt;b&gt;"},
		{name: "bare ampersand", in: "Q&A", want: "Q&amp;A"},
		{name: "link escaped", in: "<https://evil.example|click>", want: "&lt;https://evil.example|click&gt;"},
		{name: "broadcast escaped", in: "<!channel> wake up", want: "&lt;!channel&gt; wake up"},
		{name: "lower-case id is no mention", in: "<@someone>", want: "&lt;@someone&gt;"},
		{name: "comparison", in: "1 < 2 > 0", want: "1 &lt; 2 &gt; 0"},
		{name: "mention inside junk", in: "<<@U1>>", want: "&lt;<@U1>&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeMrkdwn(tt.in); got != tt.want {
				t.Errorf("safeMrkdwn(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzSafeMrkdwn checks that whatever the scheduler's text holds, what is
// shown has no markup but mentions and entities, and that escaping again
// changes nothing (nothing is escaped twice).
func FuzzSafeMrkdwn(f *testing.F) {
	for _, s := range []string{"", "set by <@U0CREATOR1>", "<#C1|x> & <!here> &amp; &lt;", "<<@U1>>", "<@U1|a<b>", "<https://x|y>", "&&amp;;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeMrkdwn(s)
		if again := safeMrkdwn(got); again != got {
			t.Errorf("safeMrkdwn(safeMrkdwn(%q)) = %q; want %q", s, again, got)
		}
		if rest := keptMrkdwn.ReplaceAllString(got, ""); strings.ContainsAny(rest, "<>&") {
			t.Errorf("safeMrkdwn(%q) = %q leaves markup outside mentions and entities: %q", s, got, rest)
		}
	})
}
