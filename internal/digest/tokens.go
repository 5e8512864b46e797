package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tokWord uint8 = iota
	tokPunct
	tokQuote // stands for a whole quote in a frame (see frameOf)
)

// token is a word or a punctuation sign of the text, as byte offsets.
type token struct {
	start, end int
	// low is the word lower-cased for the lexicons, "" when it is not
	// short ASCII; cls are its lexicon classes.
	low string
	cls uint32
	// quote indexes the quote a tokQuote stands for.
	quote int32
	kind  uint8
}

// tokenize cuts text into words and punctuation. A word keeps its inner
// apostrophes, hyphens and dots (Russia's, Ki-moon, U.S.) and the dot of an
// abbreviation or an initial (Mr., J.), so that names read as written.
func tokenize(text string) []token {
	// English runs about one token to four bytes, punctuation included.
	toks := make([]token, 0, len(text)/4+16)
	// Lower-casing ASCII keeps every byte offset, so one lower-cased copy of
	// the text gives each word its key as a slice: one allocation for the
	// text instead of one for each capitalised word.
	lowText := asciiLower(text)
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			// ASCII, nearly all of an English text: a table says what it is.
			switch asciiClass[c] {
			case classSpace:
				i++
				continue
			case classWord:
				j := i + 1
				for j < len(text) && text[j] < utf8.RuneSelf && (asciiClass[text[j]] == classWord ||
					isJoiner(text[j]) && j+1 < len(text) && text[j+1] < utf8.RuneSelf && asciiClass[text[j+1]] == classWord &&
						!gluedSentences(text, i, j)) {
					j++
				}
				if j == len(text) || text[j] < utf8.RuneSelf && !isJoiner(text[j]) {
					if j < len(text) && text[j] == '.' && abbreviationWord(text[i:j]) {
						j++
					}
					// The fast path saw ASCII only.
					low := ""
					if j-i <= maxKeyLen {
						low = lowText[i:j]
					}
					toks = append(toks, token{start: i, end: j, kind: tokWord, low: low, cls: lexicon[low]})
					i = j
					continue
				}
				// A non-ASCII letter or joiner follows: the general path below.
			}
		}
		r, size := rune(c), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if !isWordRune(r) {
			end := i + size
			if r == '.' {
				for end < len(text) && text[end] == '.' {
					end++
				}
			}
			toks = append(toks, token{start: i, end: end, kind: tokPunct})
			i = end
			continue
		}
		j := i + size
		for j < len(text) {
			c, n := rune(text[j]), 1
			if c >= utf8.RuneSelf {
				c, n = utf8.DecodeRuneInString(text[j:])
			}
			if isWordRune(c) || unicode.Is(unicode.Mn, c) {
				j += n
				continue
			}
			if c == '-' || c == '\'' || c == '’' || c == '.' || c == '&' {
				if j+n < len(text) && !gluedSentences(text, i, j) {
					d, _ := utf8.DecodeRuneInString(text[j+n:])
					if isWordRune(d) {
						j += n
						continue
					}
				}
			}
			break
		}
		if j < len(text) && text[j] == '.' && abbreviationWord(text[i:j]) {
			j++
		}
		low := ""
		if j-i <= maxKeyLen && isASCII(text[i:j]) {
			low = lowText[i:j]
		}
		toks = append(toks, token{start: i, end: j, kind: tokWord, low: low, cls: lexicon[low]})
		i = j
	}
	return toks
}

// maxKeyLen is the longest word lowerKey gives a key.
const maxKeyLen = len([24]byte{})

// asciiLower returns s with its ASCII capitals lower-cased and every other
// byte as it is, so that offsets into s are offsets into the result.
func asciiLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	// In chunks through a buffer on the stack: a tight loop over the
	// bytes, then one copy, instead of a write for each capital.
	var chunk [512]byte
	for len(s) > 0 {
		n := copy(chunk[:], s)
		for i, c := range chunk[:n] {
			if c-'A' < 26 {
				chunk[i] = c + 'a' - 'A'
			}
		}
		b.Write(chunk[:n])
		s = s[n:]
	}
	return b.String()
}

// isASCII reports whether s is ASCII only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ASCII classes for the tokenizer's fast path.
const (
	classOther = iota
	classSpace
	classWord
)

// asciiClass tells the ASCII letters and digits and the white space apart.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[c] = classWord
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			t[c] = classSpace
		}
	}
	return t
}()

// gluedSentences reports whether the period at text[j] ends the word
// text[i:j] and a sentence whose next one lost its space: "… Trump
// said.Trump claimed …". The word is two or more lower-case letters and a
// capitalised word follows; "fivethirtyeight.com" and "U.S.Army" are no such.
func gluedSentences(text string, i, j int) bool {
	if text[j] != '.' || j-i < 2 || j+2 >= len(text) || text[j+1] < 'A' || text[j+1] > 'Z' || text[j+2] < 'a' || text[j+2] > 'z' {
		return false
	}
	for k := i; k < j; k++ {
		if text[k] < 'a' || text[k] > 'z' {
			return false
		}
	}
	return true
}

// isJoiner reports whether c may join two parts of one word (Ki-moon,
// Russia's, U.S, AT&T).
func isJoiner(c byte) bool { return c == '-' || c == '\'' || c == '.' || c == '&' }

// abbreviationWord reports whether w, followed by a dot, keeps the dot: an
// initial, a dotted abbreviation (U.S), or a title (Mr, Gov).
func abbreviationWord(w string) bool {
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	return containsByte(w, '.') || titleAbbrevs[w] || sentenceFinalAbbrevs[w]
}

// isCapitalized reports whether w starts with an upper-case letter.
func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// lowerKey returns w lower-cased when w is short ASCII, for looking it up in
// the lexicons; ok is false otherwise. A word with no capital is returned as
// it is, so that only capitalised words cost an allocation.
func lowerKey(buf *[24]byte, w string) (string, bool) {
	if len(w) > len(buf) {
		return "", false
	}
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		upper = upper || c >= 'A' && c <= 'Z'
	}
	if !upper {
		return w, true
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(w)]), true
}

// stripPossessive drops a trailing 's or ’s (Trump’s → Trump).
func stripPossessive(w string) string {
	switch {
	case len(w) > 2 && (w[len(w)-2:] == "'s" || w[len(w)-2:] == "'S"):
		return w[:len(w)-2]
	case len(w) > 4 && w[len(w)-4:] == "’s":
		return w[:len(w)-4]
	}
	return w
}

// isPossessive reports whether w ends in 's or ’s.
func isPossessive(w string) bool {
	return stripPossessive(w) != w
}
