package digest

import (
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range [start, end) of an article's text.
type span struct{ start, end int }

// splitSentences cuts text into sentences, as byte ranges trimmed of white
// space. A line break always ends a sentence (articles hold one paragraph a
// line). A period ends one only when what follows looks like the start of a
// new sentence, so abbreviations (Mr., U.S., a.m., Sept.), initials, decimals
// and ellipses inside a sentence survive. Quotes are not tracked here: a
// quote of several sentences is several sentences, and callers join them.
// It runs in one pass and never looks further back than one word.
func splitSentences(text string) []span {
	out := make([]span, 0, len(text)/100+1)
	start := 0
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c == '\n':
			out = appendTrimmed(out, text, start, i)
			start = i + 1
			i++
		case c == '.' || c == '!' || c == '?':
			end := i + 1
			for end < n && (text[end] == '.' || text[end] == '!' || text[end] == '?') {
				end++
			}
			ellipsis := c == '.' && end-i >= 3
			end = skipClosers(text, end)
			if sentenceEnds(text, i, end, c == '.' && end-i == 1, ellipsis) {
				out = appendTrimmed(out, text, start, end)
				start = end
			}
			i = end
		case c == 0xE2 && i+2 < n && text[i+1] == 0x80 && text[i+2] == 0xA6: // …
			end := skipClosers(text, i+3)
			if sentenceEnds(text, i, end, false, true) {
				out = appendTrimmed(out, text, start, end)
				start = end
			}
			i = end
		default:
			i++
		}
	}
	return appendTrimmed(out, text, start, n)
}

// appendTrimmed appends text[start:end] without its surrounding white space,
// unless nothing is left.
func appendTrimmed(out []span, text string, start, end int) []span {
	for start < end && (isSpaceByte(text[start]) || isNBSP(text, start)) {
		if isNBSP(text, start) {
			start++
		}
		start++
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if start < end {
		out = append(out, span{start, end})
	}
	return out
}

// isNBSP reports whether a no-break space (U+00A0) starts at text[i].
func isNBSP(text string, i int) bool {
	return i+1 < len(text) && text[i] == 0xC2 && text[i+1] == 0xA0
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// skipClosers moves past the closing quote marks and brackets that belong to
// the sentence a terminal mark just ended ('… Ukraine."').
func skipClosers(text string, i int) int {
	for i < len(text) {
		switch {
		case text[i] == '"' || text[i] == '\'' || text[i] == ')' || text[i] == ']':
			i++
		case i+2 < len(text) && text[i] == 0xE2 && text[i+1] == 0x80 && (text[i+2] == 0x9D || text[i+2] == 0x99):
			i += 3 // ” ’
		case i+1 < len(text) && text[i] == 0xC2 && text[i+1] == 0xBB:
			i += 2 // »
		default:
			return i
		}
	}
	return i
}

// sentenceEnds reports whether the terminal mark at text[mark] (its closers
// running to end) ends a sentence. period is true for a single '.', whose
// word before it may be an abbreviation.
func sentenceEnds(text string, mark, end int, period, ellipsis bool) bool {
	if end >= len(text) {
		return true
	}
	if !isSpaceByte(text[end]) && !isNBSP(text, end) {
		// 3.5, U.S.-led, "Why?"— go on; "said.Trump claimed" ends.
		return period && end == mark+1 && gluedSentences(text, mark-len(wordBefore(text, mark)), mark)
	}
	j := end
	for j < len(text) {
		if text[j] == ' ' || text[j] == '\t' {
			j++
		} else if isNBSP(text, j) {
			j += 2 // pasted web text keeps its no-break spaces between sentences
		} else {
			break
		}
	}
	if j >= len(text) || text[j] == '\n' || text[j] == '\r' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	if unicode.IsLower(r) {
		return false // "4 p.m. on Friday", "wait… and see", "“Why?” he asked"
	}
	if ellipsis && !unicode.IsUpper(r) {
		return false
	}
	if end-mark > 1 && text[end-1] != ')' && text[end-1] != ']' && attributionFollows(text, j, text[mark] != '.') {
		return false // "… missing.” Trump said." is one sentence
	}
	if !period {
		return true
	}
	w := wordBefore(text, mark)
	if w == "" {
		return true
	}
	next := wordAt(text, j)
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		// An initial ("Donald J. Trump") unless a sentence plainly starts.
		return sentenceStarters[next]
	}
	if titleAbbrevs[w] {
		return false
	}
	if containsByte(w, '.') || sentenceFinalAbbrevs[w] {
		// U.S., a.m., Inc. end sentences too; only a word that usually
		// starts one tells.
		return sentenceStarters[next] || next == ""
	}
	return true
}

// wordBefore returns the letters and dots right before text[i].
func wordBefore(text string, i int) string {
	j := i
	for j > 0 {
		c := text[j-1]
		if c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			j--
			continue
		}
		break
	}
	return text[j:i]
}

// wordAt returns the ASCII letters starting at text[i], "" when a quote mark
// or other sign comes first.
func wordAt(text string, i int) string {
	j := i
	for j < len(text) && (text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z') {
		j++
	}
	return text[i:j]
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// titleAbbrevs precede a name or a number and never end a sentence.
var titleAbbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gen": true, "Sen": true, "Rep": true,
	"Gov": true, "Lt": true, "Col": true, "Sgt": true, "Capt": true, "Maj": true, "Adm": true,
	"Prof": true, "St": true, "Rev": true, "Hon": true, "Sens": true, "Reps": true, "Gens": true,
	"Cmdr": true, "Pres": true, "Ft": true, "Mt": true, "No": true, "Nos": true, "vs": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Aug": true, "Sept": true, "Sep": true, "Oct": true,
	"Nov": true, "Dec": true, "Atty": true, "Supt": true, "Insp": true, "Det": true, "Cpl": true,
	"Pvt": true, "Brig": true, "Msgr": true, "Fr": true, "Amb": true, "Sec": true,
}

// sentenceFinalAbbrevs may end a sentence as well as sit inside one.
var sentenceFinalAbbrevs = map[string]bool{
	"Inc": true, "Co": true, "Corp": true, "Ltd": true, "Jr": true, "Sr": true, "etc": true, "Bros": true,
}

// sentenceStarters are words that, after an abbreviation's period, show that
// a new sentence began.
var sentenceStarters = map[string]bool{
	"The": true, "He": true, "She": true, "It": true, "They": true, "We": true, "I": true,
	"But": true, "And": true, "In": true, "A": true, "An": true, "This": true, "That": true,
	"These": true, "Those": true, "His": true, "Her": true, "Their": true, "Our": true,
	"There": true, "Here": true, "As": true, "At": true, "On": true, "For": true, "If": true,
	"When": true, "While": true, "After": true, "Before": true, "Still": true, "Yet": true,
	"So": true, "Meanwhile": true, "However": true, "Some": true, "Many": true, "Most": true,
	"Both": true, "Its": true, "What": true, "Why": true, "How": true, "Who": true, "You": true,
	"Now": true, "Then": true, "Since": true, "Although": true, "Despite": true, "Officials": true,
}

// attributionVerb reports whether w is a speech verb in the past tense or
// the present's third person ("said", "asks", "pressed"), and never a noun
// ("remarks", "claims").
func attributionVerb(w string) bool {
	var buf [24]byte
	lk, _ := lowerKey(&buf, w)
	if lk != w || lexicon[lk]&lexSpeech == 0 || nounOrVerb[lk] {
		return false
	}
	n := len(lk)
	return lk[n-1] == 's' || n > 2 && lk[n-2:] == "ed" || lk == "said" || lk == "told" || lk == "wrote"
}

// attributionFollows reports whether one of the next three words at text[j:]
// is a speech verb in the past tense, as in "“…?” Biden said." After a
// question or an exclamation (asked), where a sentence of the narrative
// rarely starts with a name and a verb, any speech verb in the past tense
// or the present's third person will do: "“…?” she asks.", "“…!” he
// pressed."; after a period only the common ones, as "“… death.” Sanders
// called Trump …" starts anew.
func attributionFollows(text string, j int, asked bool) bool {
	if sentenceStarters[wordAt(text, j)] {
		return false // "… again.” She said later that …" starts anew
	}
	// Three words, or after a question or an exclamation a longer name and
	// title ("“…!” US Senator Jeff Sessions said"), then the verb. After a
	// period a long name starts a sentence more often than it attributes:
	// "“… now.” Ohio Gov. John Kasich said he …".
	for n := 0; n < 6 && j < len(text); n++ {
		w := wordAt(text, j)
		if w == "" || n >= 3 && (!asked || (w[0] < 'A' || w[0] > 'Z') && !isAttribution(w, text, j, asked)) {
			return false
		}
		if isAttribution(w, text, j, asked) {
			return true
		}
		j += len(w)
		if j < len(text) && text[j] == '.' {
			j++ // Mr. Rhodes
		}
		if j < len(text) && text[j] == ',' {
			// "“…?” Miller, a retired worker, said": an appositive, then
			// the verb after its closing comma.
			return n < 3 && verbAfterAppositive(text, j, asked)
		}
		if j >= len(text) || text[j] != ' ' {
			return false
		}
		j++
	}
	return false
}

// isAttribution reports whether w, at text[j], is the verb of an
// attribution after a quote: a common one, or after a question or an
// exclamation (asked) any speech verb, or a verb ending the sentence
// ("“…?” Hannity pressed.").
func isAttribution(w, text string, j int, asked bool) bool {
	if e := j + len(w); e < len(text) && text[e] == ':' {
		return false // "Zahed said: “…”" introduces the next quote
	}
	switch w {
	case "said", "says", "asked", "added", "told", "wrote", "explained", "responded", "replied", "recalled", "continued", "noted":
		return true
	}
	if !asked {
		return false
	}
	if attributionVerb(w) {
		return true
	}
	// A verb that ends the clause, maybe with a particle: "Hannity
	// pressed.", "Trump went on, as if …".
	e := j + len(w)
	if e+1 < len(text) && text[e] == ' ' {
		if p := wordAt(text, e+1); p == "on" || p == "back" || p == "out" || p == "in" {
			e += 1 + len(p)
		}
	}
	return looksLikeVerb(w) && e < len(text) && (text[e] == '.' || text[e] == ',')
}

// verbAfterAppositive reports whether an attribution's verb follows one of
// the next commas from text[c] on, within the same sentence and before
// another quote: "Miller, a retired worker from a plant, said".
func verbAfterAppositive(text string, c int, asked bool) bool {
	for k := c; k < len(text) && k < c+160; k++ {
		switch text[k] {
		case '.', '?', '!', '"', '\n', ';', ':':
			return false
		case 0xE2: // “ ” «
			if k+2 < len(text) && text[k+1] == 0x80 && (text[k+2] == 0x9C || text[k+2] == 0x9D) {
				return false
			}
		case ',':
			j := k + 1
			for j < len(text) && text[j] == ' ' {
				j++
			}
			if w := wordAt(text, j); w != "" && isAttribution(w, text, j, asked) {
				return true
			}
		}
	}
	return false
}
