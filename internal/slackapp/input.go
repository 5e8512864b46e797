package slackapp

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// arg is one word of a command, or a quoted phrase.
type arg struct {
	Text string
	// Quoted is true for a phrase written between quote marks.
	Quoted bool
}

// commandLine is the text of a /summit command or a mention, understood.
type commandLine struct {
	// Name is the sub-command, lower-cased ("who-said"); "" when none.
	Name string
	// Args are the words and phrases after it.
	Args []arg
	// Rest is the text after the sub-command, decoded, as typed.
	Rest string
}

// slackLink matches Slack's escapes of links and mentions: <https://…|label>,
// <https://…>, <@U123|name>, <#C123|name>, <!here>.
var slackLink = regexp.MustCompile(`<([^<>|]*)(?:\|([^<>]*))?>`)

// decodeSlackText turns text as Slack sends it into what the user typed:
// links become their URL, user and channel mentions their label (or id),
// and the three HTML entities Slack escapes are decoded. Entities are
// decoded last, as Slack encodes them after it formats links.
func decodeSlackText(s string) string {
	s = slackLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := slackLink.FindStringSubmatch(m)
		target, label := sub[1], sub[2]
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "#"):
			if label != "" {
				return label
			}
			return target
		case strings.HasPrefix(target, "!"):
			return ""
		default:
			// A link: the URL is what matters, the label is how it looked.
			return target
		}
	})
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	return r.Replace(s)
}

// openQuotes maps each opening quote mark to the marks that close it.
// Phones and word processors turn " into curly quotes, and European
// keyboards type „…“ and «…».
var openQuotes = map[rune]string{
	'"':      `"“”`,
	'“':      `”"“`,
	'”':      `”"`,
	'„':      `“”"`,
	'«':      `»`,
	'»':      `«`,
	'\u2018': "\u2019'",
	'\'':     "'\u2019",
}

// parseCommandLine splits decoded text into a sub-command and its arguments.
// A quoted phrase is one argument; an unclosed quote runs to the end.
// Straight single quotes only open a phrase at the start of a word, so that
// "Sturgeon's" stays a word.
func parseCommandLine(text string) commandLine {
	text = strings.TrimSpace(decodeSlackText(text))
	var cl commandLine
	name, rest, _ := strings.Cut(text, " ")
	cl.Name = strings.ToLower(strings.TrimSpace(name))
	cl.Rest = strings.TrimSpace(rest)
	cl.Args = splitArgs(cl.Rest)
	return cl
}

func splitArgs(s string) []arg {
	var args []arg
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		if closers, ok := openQuotes[rs[i]]; ok {
			j := i + 1
			for j < len(rs) && !strings.ContainsRune(closers, rs[j]) {
				j++
			}
			phrase := strings.TrimSpace(string(rs[i+1 : min(j, len(rs))]))
			if phrase != "" {
				args = append(args, arg{Text: phrase, Quoted: true})
			}
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		args = append(args, arg{Text: string(rs[i:j])})
		i = j
	}
	return args
}

// joinWords joins args back into one string, as a name typed in several words.
func joinWords(args []arg) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = a.Text
	}
	return strings.Join(words, " ")
}

// webURL returns s as an absolute http or https URL, or false. Only these
// are fetched: a file path or another scheme typed in Slack must never
// reach the fetcher.
func webURL(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// articleRef is an article's short id (eight hex digits, see digest.ArticleID).
var articleRef = regexp.MustCompile(`^[0-9a-f]{8}$`)

// urls finds the http and https links in a message as Slack sends it.
func urls(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range slackLink.FindAllStringSubmatch(text, -1) {
		target := strings.NewReplacer("&amp;", "&").Replace(m[1])
		if u, ok := webURL(target); ok && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
