package store

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
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
// every form of every stored speaker. Folded names separate words with
// ASCII spaces only, so it looks for nothing else.
func nameParts(folded string) (first, surname string) {
	var prev string
	n := 0
	for rest := folded; rest != ""; {
		i := strings.IndexByte(rest, ' ')
		w := rest
		if i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w == "" {
			continue
		}
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
// other, or within one letter).
// "Zelensky" and "Volodymyr Zelenskyy" are one speaker; "Bill Clinton" and
// "Hillary Clinton" are two. A name that ends another is not taken for it:
// "Barth Eide" may be Espen Barth Eide's compound surname, but "Mette
// Frederiksen" is not Anne Mette Frederiksen, and merging two people at
// ingest cannot be undone. Search finds both (see NameMatches).
func SameSpeaker(a, b string) bool {
	return samePerson(Fold(a), Fold(b))
}

func samePerson(fa, fb string) bool {
	ga, sa := nameParts(fa)
	return samePersonAs(fa, ga, sa, fb)
}

// samePersonAs is samePerson with fa's nameParts given, so that a search
// splits its query once, not once per name it is compared with.
func samePersonAs(fa, ga, sa, fb string) bool {
	if fa == "" || fb == "" {
		return false
	}
	if fa == fb {
		return true
	}
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

// searchSlip is slip for a searched word against a word of a name: a
// search is asked for by someone typing a name they heard, so a slip of a
// four-letter word counts too when it is a letter left out or added
// ("rute" for "rutte"), where telling two speakers apart asks for more.
// Four letters and four letters stay apart ("marc" is not "mark").
func searchSlip(q, w string) bool {
	if !sameFirst(q, w) {
		return false
	}
	nq, nw := utf8.RuneCountInString(q), utf8.RuneCountInString(w)
	return min(nq, nw) >= 4 && max(nq, nw) >= 5 && within1(q, w)
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
	if isASCII(a) && isASCII(b) {
		// Most names: compared as bytes, without decoding them to runes.
		return within1Of([]byte(a), []byte(b))
	}
	return within1Of([]rune(a), []rune(b))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// within1Of is within1 on the letters of a and b.
func within1Of[L byte | rune](ra, rb []L) bool {
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
		if slices.Equal(ra[i+1:], rb[i+1:]) {
			return true
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
	}
	return slices.Equal(ra[i:], rb[i+1:])
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
// name with aliases: the query, folded, names the same person (see
// SameSpeaker), or its words are consecutive words of the name or an alias
// (a surname, a compound surname, a given name), each word the same or a
// one-letter slip that keeps its first letter (see searchSlip), the last
// word possibly a prefix, for a query of three letters or more.
// "Barth Eide", "barth eid" and "Rute" find Espen Barth Eide and Mark
// Rutte.
func NameMatches(query, name string, aliases []string) bool {
	return ParseName(query).Matches(FoldForms(name, aliases))
}

// NameQuery is a name search folded once, to test against many speakers.
type NameQuery struct {
	q     string
	words []string
	// given and surname are q's nameParts.
	given, surname string
}

// ParseName folds a name search.
func ParseName(query string) NameQuery {
	q := Fold(query)
	given, surname := nameParts(q)
	return NameQuery{q: q, words: strings.Fields(q), given: given, surname: surname}
}

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
	prefix := len(q) >= 3
	for _, f := range forms {
		if f == "" {
			continue
		}
		if f == q || samePersonAs(q, nq.given, nq.surname, f) {
			return true
		}
		// The query's words from each word of f on.
		for rest := f; ; {
			if wordsAt(nq.words, rest, prefix) {
				return true
			}
			i := strings.IndexByte(rest, ' ')
			if i < 0 {
				break
			}
			rest = rest[i+1:]
		}
	}
	return false
}

// wordsAt reports whether the words qw are the first words of the folded
// f, each equal to its word or a searchSlip of it, the last possibly a
// prefix of its word when prefix is set.
func wordsAt(qw []string, f string, prefix bool) bool {
	for j, q := range qw {
		if f == "" {
			return false
		}
		w, rest, _ := strings.Cut(f, " ")
		if w != q && !(prefix && j == len(qw)-1 && strings.HasPrefix(w, q)) && !searchSlip(q, w) {
			return false
		}
		f = rest
	}
	return true
}

func foldAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, Fold(s))
	}
	return out
}

// Closest returns up to n of names nearest to query by edit distance over
// the whole name and each run of as many of its words as the query has,
// nearest first, leaving out those so far that suggesting them would be
// noise.
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
	words := strings.Count(q, " ") + 1
	for _, name := range names {
		f := Fold(name)
		d := distance(q, f)
		// Every run of as many words as the query has: a surname, or a
		// compound one ("Barth Eide" of "Espen Barth Eide").
		ws := strings.Fields(f)
		for i := 0; i+words <= len(ws); i++ {
			w := strings.Join(ws[i:i+words], " ")
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
