package digest

import (
	"cmp"
	"slices"
	"strings"
)

// Merging items across articles: the same words, or words one of them
// contains, by the same speaker are one item.

// occurrence is one article's instance of an item: index into builder.exts,
// then into the article's list of that kind.
type occurrence struct {
	src, idx int
}

func compareOcc(a, b occurrence) int {
	if c := cmp.Compare(a.src, b.src); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// group is one item of the digest (a quote, a statement, a decision) with
// every occurrence of it across the sources.
type group struct {
	// who is the folded, resolved speaker or actor; "" when unknown.
	who string
	// text is the folded text: lower case, letters and digits, one space between words.
	text string
	// occ lists the occurrences whose text folds to text exactly.
	occ []occurrence
	// parent is the group this one was merged into, -1 for a root.
	parent int
	// all lists the occurrences of this group and of those merged into it,
	// in source order; set on roots by groupItems.
	all []occurrence
}

// minContainedWords is the fewest words a text needs before it is merged into
// a longer text that contains it: "we will" is in every other quote.
const minContainedWords = 3

// groupItems groups items by (who, folded text), merges an item into a
// longer one of the same speaker that contains it, and merges an item with
// no speaker into the one speaker whose item contains it. It returns the
// roots, in the order of their first occurrence. item appends the folded
// text of item i to buf, so that a text seen before costs no allocation.
func groupItems(n int, item func(i int, buf []byte) (who string, text []byte, at occurrence)) []*group {
	byWho := make(map[string]map[string]int)
	var groups []*group
	buf := make([]byte, 0, 256)
	for i := range n {
		who, text, at := item(i, buf[:0])
		buf = text
		if len(text) == 0 {
			continue
		}
		texts := byWho[who]
		if texts == nil {
			texts = make(map[string]int)
			byWho[who] = texts
		}
		g, ok := texts[string(text)]
		if !ok {
			g = len(groups)
			texts[string(text)] = g
			groups = append(groups, &group{who: who, text: string(text), parent: -1})
		}
		groups[g].occ = append(groups[g].occ, at)
	}

	// Longest first, so that an item is only ever merged into one already
	// known to be a root, and into the longest that contains it.
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(len(groups[b].text), len(groups[a].text))
	})

	// An index of word pairs over every root, longest first, each
	// speaker's apart: a pair's hash is salted with the speaker's, so that
	// a quote is only ever compared with its own speaker's. Thousands of
	// people who all said "thank you very much" would otherwise each be
	// compared with all the others. A quote with no speaker is looked up
	// across speakers, in a second index that holds only its own pairs.
	postings := make(map[uint64][]int32, 4*len(groups))
	shared := make(map[uint64][]int32)
	var unattributed []int
	for _, gi := range order {
		if g := groups[gi]; g.who == "" && wordCount(g.text) >= minContainedWords {
			unattributed = append(unattributed, gi)
			forEachPair(g.text, func(pair string) bool {
				shared[hashString(pair)] = nil
				return true
			})
		}
	}
	for _, gi := range order {
		g := groups[gi]
		if g.who == "" || wordCount(g.text) < minContainedWords {
			continue
		}
		salt := hashString(g.who)
		for _, c := range candidates(postings, salt, g.text) {
			if groups[c].who == g.who && containsWords(groups[c].text, g.text) {
				g.parent = int(c)
				break
			}
		}
		if g.parent >= 0 {
			continue
		}
		forEachPair(g.text, func(pair string) bool {
			h := hashString(pair)
			addPosting(postings, h^salt, gi)
			if _, ok := shared[h]; ok {
				addPosting(shared, h, gi)
			}
			return true
		})
	}
	for _, gi := range unattributed {
		g := groups[gi]
		// The same words attributed elsewhere give this copy its speaker,
		// but only when every source that attributes them agrees on who.
		target := -1
		for _, c := range candidates(shared, 0, g.text) {
			if !containsWords(groups[c].text, g.text) {
				continue
			}
			if target >= 0 && groups[target].who != groups[c].who {
				target = -1
				break
			}
			if target < 0 {
				target = int(c)
			}
		}
		if target >= 0 {
			g.parent = target
		}
	}

	var roots []*group
	for _, g := range groups {
		r := g
		for r.parent >= 0 {
			r = groups[r.parent]
		}
		r.all = append(r.all, g.occ...)
	}
	for _, g := range groups {
		if g.parent < 0 {
			slices.SortFunc(g.all, compareOcc)
			roots = append(roots, g)
		}
	}
	slices.SortFunc(roots, func(a, b *group) int { return compareOcc(a.all[0], b.all[0]) })
	return roots
}

// candidates returns the groups that may contain text: those that hold its
// rarest pair of adjacent words, nil when some pair is in no group. Pairs
// are far more selective than words (every quote has "the" and "Russia").
// They are known by a 64-bit hash, salted (see groupItems): a collision
// only adds a candidate, which containsWords then turns down. Postings are
// in the order groups were added: longest first.
func candidates(postings map[uint64][]int32, salt uint64, text string) []int32 {
	var best []int32
	none := false
	forEachPair(text, func(pair string) bool {
		p := postings[hashString(pair)^salt]
		if len(p) == 0 {
			none = true
			return false
		}
		if best == nil || len(p) < len(best) {
			best = p
		}
		return true
	})
	if none {
		return nil
	}
	return best
}

// addPosting adds group g to the posting list of hash h, once: a pair may
// repeat in one text.
func addPosting(postings map[uint64][]int32, h uint64, g int) {
	p := postings[h]
	if len(p) == 0 || p[len(p)-1] != int32(g) {
		postings[h] = append(p, int32(g))
	}
}

// hashString is FNV-1a, 64 bits, like hashWord.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// forEachPair calls fn with each pair of adjacent words of a folded text
// ("a b c" gives "a b", "b c") until fn returns false.
func forEachPair(text string, fn func(pair string) bool) {
	start := 0
	mid := strings.IndexByte(text, ' ')
	for mid >= 0 {
		end := strings.IndexByte(text[mid+1:], ' ')
		if end < 0 {
			fn(text[start:])
			return
		}
		end += mid + 1
		if !fn(text[start:end]) {
			return
		}
		start, mid = mid+1, end
	}
}

// wordCount counts the words of a folded text.
func wordCount(text string) int {
	if text == "" {
		return 0
	}
	return strings.Count(text, " ") + 1
}

// containsWords reports whether the folded text long holds short as whole words.
func containsWords(long, short string) bool {
	for i := 0; i <= len(long)-len(short); {
		j := strings.Index(long[i:], short)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(short)
		if (j == 0 || long[j-1] == ' ') && (end == len(long) || long[end] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// sourcesOf lists the distinct sources of a group's occurrences, in order.
func sourcesOf(all []occurrence) []int {
	out := make([]int, 0, len(all))
	for _, o := range all {
		if len(out) == 0 || out[len(out)-1] != o.src {
			out = append(out, o.src)
		}
	}
	return out
}
