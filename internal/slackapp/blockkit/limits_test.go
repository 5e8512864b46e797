package blockkit

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// linkRE matches the links this package writes: an http(s) URL with no
// space, bar or angle bracket, then a label with no angle bracket.
var linkRE = regexp.MustCompile(`<https?://[^\s|<>]+\|[^<>]+>`)

// entityRE matches the only entities Slack decodes.
var entityRE = regexp.MustCompile(`&(amp|lt|gt);`)

// checkMessage fails tb for every way msg breaks Slack's limits or lets raw
// mrkdwn control characters through. It measures the marshalled JSON, which
// is what Slack receives, not the Go values.
func checkMessage(tb testing.TB, name string, msg Message) {
	tb.Helper()
	if msg.Text == "" || runes(msg.Text) > MaxFallbackText {
		tb.Errorf("%s: fallback text has %d runes; want 1..%d", name, runes(msg.Text), MaxFallbackText)
	}
	checkMrkdwn(tb, name+" fallback", msg.Text)
	raw, err := json.Marshal(msg.Blocks)
	if err != nil {
		tb.Fatalf("%s: marshal blocks: %v", name, err)
	}
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		tb.Fatalf("%s: unmarshal blocks: %v", name, err)
	}
	if len(blocks) == 0 || len(blocks) > MaxBlocks {
		tb.Errorf("%s: %d blocks; want 1..%d", name, len(blocks), MaxBlocks)
	}
	size := 0
	for i, b := range blocks {
		where := name + " block " + itoa(i)
		switch b["type"] {
		case "header":
			size += checkText(tb, where, b["text"], "plain_text", MaxHeaderText)
		case "section":
			if t, ok := b["text"]; ok {
				size += checkText(tb, where, t, "mrkdwn", MaxSectionText)
			}
			if f, ok := b["fields"].([]any); ok {
				if len(f) > MaxFields {
					tb.Errorf("%s: %d fields; want at most %d", where, len(f), MaxFields)
				}
				for _, x := range f {
					size += checkText(tb, where+" field", x, "", MaxFieldText)
				}
			}
			if _, ok := b["text"]; !ok && b["fields"] == nil {
				tb.Errorf("%s: section with neither text nor fields", where)
			}
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > MaxContextElements {
				tb.Errorf("%s: %d context elements; want 1..%d", where, len(els), MaxContextElements)
			}
			for _, e := range els {
				size += checkText(tb, where+" element", e, "", MaxContextText)
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > MaxActionElements {
				tb.Errorf("%s: %d action elements; want 1..%d", where, len(els), MaxActionElements)
			}
			for _, e := range els {
				el, _ := e.(map[string]any)
				checkText(tb, where+" button", el["text"], "plain_text", MaxButtonText)
				if v, _ := el["value"].(string); runes(v) > MaxButtonValue {
					tb.Errorf("%s: button value has %d runes; want at most %d", where, runes(v), MaxButtonValue)
				}
				if id, _ := el["action_id"].(string); id == "" || runes(id) > MaxActionID {
					tb.Errorf("%s: action_id %q; want 1..%d runes", where, id, MaxActionID)
				}
			}
		default:
			tb.Errorf("%s: unexpected block type %v", where, b["type"])
		}
	}
	if size > messageBudget {
		tb.Errorf("%s: %d runes of text; want at most %d", name, size, messageBudget)
	}
}

// checkText checks one text object and returns its length.
func checkText(tb testing.TB, where string, v any, typ string, max int) int {
	tb.Helper()
	t, ok := v.(map[string]any)
	if !ok {
		tb.Errorf("%s: text object missing", where)
		return 0
	}
	if typ != "" && t["type"] != typ {
		tb.Errorf("%s: text type %v; want %s", where, t["type"], typ)
	}
	s, _ := t["text"].(string)
	if strings.TrimSpace(s) == "" || runes(s) > max {
		tb.Errorf("%s: text has %d runes (%.40q); want 1..%d", where, runes(s), s, max)
	}
	if !utf8.ValidString(s) {
		tb.Errorf("%s: text is not valid UTF-8", where)
	}
	if t["type"] == "mrkdwn" {
		checkMrkdwn(tb, where, s)
	}
	return runes(s)
}

// checkMrkdwn fails when s has an angle bracket outside a link of ours or
// an ampersand that does not start an entity: either would let article text
// act as markup (a <!channel>, a fake link).
func checkMrkdwn(tb testing.TB, where, s string) {
	tb.Helper()
	rest := linkRE.ReplaceAllString(s, "")
	// A > that opens a line is a block quote, the one raw > we write.
	rest = strings.ReplaceAll("\n"+rest, "\n> ", "\n")
	if strings.ContainsAny(rest, "<>") {
		tb.Errorf("%s: raw angle bracket in mrkdwn %q", where, s)
	}
	if strings.Count(rest, "&") != len(entityRE.FindAllString(rest, -1)) {
		tb.Errorf("%s: bare ampersand in mrkdwn %q", where, s)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
