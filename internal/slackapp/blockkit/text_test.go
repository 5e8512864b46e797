package blockkit

import (
	"strings"
	"testing"
)

func TestMrkdwn(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"plain", "We must not be naive", 100, "We must not be naive"},
		{"entities", "oil & gas <targets>", 100, "oil &amp; gas &lt;targets&gt;"},
		{"mention is inert", "<!channel> look", 100, "&lt;!channel&gt; look"},
		{"formatting marks", "the *real* _plan_ ~x~ `y`", 100, "the \u200b*real\u200b* \u200b_plan\u200b_ \u200b~x\u200b~ \u200b`y\u200b`"},
		{"white space folds", "  two\n\nlines\t here ", 100, "two lines here"},
		{"cut with ellipsis", "abcdefghij", 5, "abcd…"},
		{"cut never splits an entity", "abc&def", 6, "abc…"},
		{"entity fits exactly", "ab&", 7, "ab&amp;"},
		{"cut on runes", "Zelenskyy’s ünïcödé", 12, "Zelenskyy’s…"},
		{"drops trailing space before ellipsis", "one two three", 5, "one…"},
		{"zero max", "abc", 0, ""},
		{"max one", "abc", 1, "…"},
		{"invalid utf-8 dropped", "a\xffb", 10, "a b"},
		{"controls fold to a space", "a\x1b[2Jb\x07c", 20, "a [2Jb c"},
		{"bidi overrides dropped", "pay \u202egpj.exe\u202c now \u2066x\u2069", 30, "pay gpj.exe now x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mrkdwn(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("mrkdwn(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if runes(got) > tt.max {
				t.Errorf("mrkdwn(%q, %d) has %d runes", tt.in, tt.max, runes(got))
			}
		})
	}
}

func TestMrkdwnLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"keeps lines", "• one &\n• two", 100, "• one &amp;\n• two"},
		{"folds blank lines", "a\n\n\n\nb\n", 100, "a\n\nb"},
		{"folds spaces in a line", "a   b\t c", 100, "a b c"},
		{"cuts the last line", "first\nsecond line", 10, "first\nsec…"},
		{"drops lines past the limit", "first\nsecond", 6, "first"},
		{"empty", " \n ", 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mrkdwnLines(tt.in, tt.max)
			if got != tt.want || runes(got) > tt.max {
				t.Errorf("mrkdwnLines(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer header text", 10, "a longer…"},
		{"日本語のテキスト", 4, "日本語…"},
	}
	for _, tt := range tests {
		if got := cut(tt.in, tt.max); got != tt.want {
			t.Errorf("cut(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestLink(t *testing.T) {
	tests := []struct {
		name, url, label, want string
	}{
		{"https", "https://example.org/a", "Title", "<https://example.org/a|Title>"},
		{"query escaped", "https://example.org/a?x=1&y=2", "T", "<https://example.org/a?x=1&amp;y=2|T>"},
		{"bar encoded", "https://example.org/a|b", "T", "<https://example.org/a%7Cb|T>"},
		{"label escaped", "https://example.org/", "A <b> & *c*", "<https://example.org/|A &lt;b&gt; &amp; \u200b*c\u200b*>"},
		{"empty label uses host", "https://example.org/x", "", "<https://example.org/x|example.org>"},
		{"file is text", "", "paris.txt", "paris.txt"},
		{"javascript is text", "javascript:alert(1)", "click", "click"},
		{"mention url is text", "<!channel>", "", "&lt;!channel&gt;"},
		{"relative is text", "/a/b", "rel", "rel"},
		{"user and password dropped", "https://ann:secret@example.org/a", "T", "<https://example.org/a|T>"},
		{"user dropped", "https://ann@example.org/a", "", "<https://example.org/a|example.org>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := link(tt.url, tt.label); got != tt.want {
				t.Errorf("link(%q, %q) = %q; want %q", tt.url, tt.label, got, tt.want)
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	s := "He added that the security guarantees must be 'strong and legally binding' to provide a shield."
	i := strings.Index(s, "strong and legally binding")
	j := i + len("strong and legally binding")
	tests := []struct {
		name string
		max  int
		want string
	}{
		{"fits", 200, "He added that the security guarantees must be '*strong and legally binding*' to provide a shield."},
		{"context cut both sides", 50, "…must be '*strong and legally binding*' to provi…"},
		{"match alone", 28, "*strong and legally binding*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := highlight(s, i, j, tt.max)
			if got != tt.want {
				t.Errorf("highlight(…, %d) = %q; want %q", tt.max, got, tt.want)
			}
			if runes(got) > tt.max {
				t.Errorf("highlight(…, %d) has %d runes", tt.max, runes(got))
			}
		})
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, phrase string
		want               string
		ok                 bool
	}{
		{"case", "We must not be naive about Russia", "NAIVE about", "naive about", true},
		{"curly quotes", "it is ‘strong’ now", "'strong'", "‘strong’", true},
		{"spaces", "legally\n  binding guarantees", "legally binding", "legally\n  binding", true},
		{"absent", "nothing here", "naive", "", false},
		{"empty phrase", "text", "  ", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, j, ok := find(tt.text, tt.phrase)
			if ok != tt.ok || (ok && tt.text[i:j] != tt.want) {
				t.Errorf("find(%q, %q) = %q, %v; want %q, %v", tt.text, tt.phrase, tt.text[i:j], ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", " ", "  ", "a\xffb", "é ü", " a b "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, edges bool) {
		if got, want := fold(s, edges), foldSlow(s, edges); got != want {
			t.Errorf("fold(%q, %v) = %q; want %q as without the fast path", s, edges, got, want)
		}
	})
}

func FuzzMrkdwn(f *testing.F) {
	for _, s := range []string{"a & b", "<!here>", "*bold*", "x\xff\xfey", "日本語 & <>"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%4000 + 1
		if max < 1 {
			max = -max + 1
		}
		got := mrkdwn(s, max)
		if runes(got) > max {
			t.Fatalf("mrkdwn(%q, %d) has %d runes", s, max, runes(got))
		}
		checkMrkdwn(t, "mrkdwn", got)
	})
}
