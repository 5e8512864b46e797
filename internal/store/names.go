package store

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// Fold returns s as names and keywords are compared: lower-case, accents
// removed, letters and digits only, one space between words. "Zelenskyy's"
// folds to "zelenskyy s" and "Jean-Noël" to "jean noel".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// Invalid bytes would stop NFD from decomposing what follows them.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r2, ok := foldSpecial[r]; ok {
			r = r2
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// foldSpecial maps the Latin letters that NFD does not decompose into a base
// letter and a mark. It is only read.
var foldSpecial = map[rune]rune{
	'ł': 'l', 'Ł': 'l', 'ø': 'o', 'Ø': 'o', 'đ': 'd', 'Đ': 'd', 'ı': 'i', 'ħ': 'h', 'Ħ': 'h',
}

// nameParts returns a folded name's first given name ("" when it has
// none) and its surname, leaving out a possessive "s" ("Rutte's" folds to
// "rutte s"). It does not allocate: a name search compares the query with
// every form of every stored speaker.
func nameParts(folded string) (first, surname string) {
	var prev string
	n := 0
	for w := range strings.FieldsSeq(folded) {
		if n == 0 {
			first = w
		}
		prev, surname = surname, w
		n++
	}
	if n > 1 && surname == "s" {
		surname = prev
		n--
	}
	if n < 2 {
		return "", surname
	}
	return first, surname
}

// SameSpeaker reports whether two names name one person: their surnames are
// equal or, when longer than four letters, one slip apart (see slip),
// and their given names agree where both give one (equal, an initial of the
// other, or within one letter). "Zelensky" and "Volodymyr Zelenskyy" are
// one speaker; "Bill Clinton" and "Hillary Clinton" are two.
func SameSpeaker(a, b string) bool {
	return samePerson(Fold(a), Fold(b))
}

func samePerson(fa, fb string) bool {
	if fa == "" || fb == "" {
		return false
	}
	if fa == fb {
		return true
	}
	ga, sa := nameParts(fa)
	gb, sb := nameParts(fb)
	if sa != sb && !slip(sa, sb) {
		return false
	}
	if ga == "" || gb == "" {
		return true
	}
	return sameGiven(ga, gb)
}

// sameGiven compares first given names: equal, an initial and the name it
// starts ("v" and "volodymyr"), or longer than three letters and within one
// letter ("volodymyr" and "wolodymyr").
func sameGiven(a, b string) bool {
	if a == b {
		return true
	}
	if len([]rune(a)) == 1 || len([]rune(b)) == 1 {
		return []rune(a)[0] == []rune(b)[0]
	}
	return min(len(a), len(b)) > 3 && sameFirst(a, b) && within1(a, b)
}

// slip reports whether a and b, both longer than four letters, differ by a
// one-letter slip that keeps the first letter: "zelensky" and "zelenskyy",
// not "kallas" and "pallas", which are more likely two names.
func slip(a, b string) bool {
	return min(len(a), len(b)) > 4 && sameFirst(a, b) && within1(a, b)
}

func sameFirst(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra == rb
}

// within1 reports whether a and b are at most one edit apart: one letter
// inserted, deleted, replaced, or two neighbours swapped.
func within1(a, b string) bool {
	// Most pairs a name search compares differ in length by more than one:
	// telling that first spares decoding both.
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > 1 || d < -1 {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) {
		return true
	}
	if len(ra) == len(rb) {
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// distance is the Levenshtein distance of a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// NameMatches reports whether a search for query finds the speaker known as
// name with aliases: the query, folded, is the name, an alias, a surname or a
// word of them; a prefix of three letters or more of one; or a one-letter
// slip of a word longer than four letters that keeps its first letter.
func NameMatches(query, name string, aliases []string) bool {
	return ParseName(query).Matches(FoldForms(name, aliases))
}

// NameQuery is a name search folded once, to test against many speakers.
type NameQuery struct{ q string }

// ParseName folds a name search.
func ParseName(query string) NameQuery { return NameQuery{Fold(query)} }

// FoldForms returns the folded forms of a speaker: its name first, then its
// aliases, as NameQuery.Matches takes them.
func FoldForms(name string, aliases []string) []string {
	return append([]string{Fold(name)}, foldAll(aliases)...)
}

// Matches reports whether the query finds the speaker whose folded forms
// (see FoldForms) are forms; see NameMatches.
func (nq NameQuery) Matches(forms []string) bool {
	q := nq.q
	if q == "" {
		return false
	}
	for _, f := range forms {
		if f == "" {
			continue
		}
		if f == q || samePerson(q, f) {
			return true
		}
		if len(q) >= 3 && strings.HasPrefix(f, q) {
			return true
		}
		for w := range strings.FieldsSeq(f) {
			if len(q) >= 3 && strings.HasPrefix(w, q) {
				return true
			}
			if slip(q, w) {
				return true
			}
		}
	}
	return false
}

func foldAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, Fold(s))
	}
	return out
}

// Closest returns up to n of names nearest to query by edit distance over
// the whole name and each of its words, nearest first, leaving out those so
// far that suggesting them would be noise.
func Closest(query string, names []string, n int) []string {
	q := Fold(query)
	if q == "" || n <= 0 {
		return nil
	}
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	limit := max(1, len([]rune(q))/3)
	for _, name := range names {
		f := Fold(name)
		d := distance(q, f)
		for _, w := range strings.Fields(f) {
			d = min(d, distance(q, w))
			if len(q) >= 3 && strings.HasPrefix(w, q) {
				d = 0
			}
		}
		if d <= limit {
			cs = append(cs, cand{name, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	out := make([]string, 0, min(n, len(cs)))
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.name)
	}
	return out
}

// ItemKey is the stable identity of a piece of coverage: its kind, the
// store's ID of its speaker (0 when unknown; for a decision, its actor's),
// and its words folded as digest.QuoteKey folds them, hashed so that keys
// are short and hold no byte a database refuses. It survives a re-ingest of a
// grown live blog and is shared by outlets quoting the same words, so a
// claimed item is never new again.
func ItemKey(kind ItemKind, speakerID int64, text string) string {
	return itemKey(kind, digest.QuoteKey(strconv.FormatInt(speakerID, 10), text))
}

// DecisionKey is the ItemKey of a decision: its actor, folded, stands in for
// a speaker ID because actors are not speakers.
func DecisionKey(actor, text string) string {
	return itemKey(DecisionItem, digest.QuoteKey(actor, text))
}

func itemKey(kind ItemKind, key string) string {
	sum := sha256.Sum256([]byte(key))
	return string(kind) + ":" + hex.EncodeToString(sum[:16])
}

// MatchSummit returns the summit a belongs to: a.Summit when set, else the
// first of summits with a keyword that appears as whole words in the
// article's title or text (case and accents ignored), else "".
func MatchSummit(a digest.Article, summits []Summit) string {
	if a.Summit != "" {
		return a.Summit
	}
	if len(summits) == 0 {
		return ""
	}
	hay := " " + Fold(a.Title) + " " + Fold(a.Text) + " "
	for _, s := range summits {
		for _, kw := range s.Keywords {
			if k := Fold(kw); k != "" && strings.Contains(hay, " "+k+" ") {
				return s.Slug
			}
		}
	}
	return ""
}
