package digest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The summary is a LexRank: sentences are nodes, edges weigh how much two
// sentences share (cosine of their idf-weighted bags of content words), and
// a personalised PageRank whose teleport favours early sentences ranks them.
// News puts what matters first, so the position prior keeps a lead sentence
// from losing to a long, wordy one from the end; the graph keeps a lead that
// is only a dateline or a teaser from winning on position alone.
const (
	// summaryGraphCap bounds the sentences ranked, so a 100,000-sentence
	// input costs what a 200-sentence one does; a summit report says what
	// matters long before its 200th sentence.
	summaryGraphCap = 200
	// summaryDamping is PageRank's: the share of rank that flows along edges.
	summaryDamping = 0.85
	// summaryIterations and summaryEpsilon stop the power iteration; it
	// converges in a few dozen steps on graphs this small.
	summaryIterations = 60
	summaryEpsilon    = 1e-7
	// summaryMinEdge drops edges between sentences that share only a word in
	// passing: they add noise, and cost time on long articles.
	summaryMinEdge = 0.05
	// summaryRedundancy is the cosine above which two sentences say the same
	// thing; the lower-ranked one is left out.
	summaryRedundancy = 0.5
	// A summary sentence has between summaryMinWords and summaryMaxWords
	// words: fewer is a heading, a time stamp or a fragment; more is a run-on
	// list or a paragraph the splitter could not cut.
	summaryMinWords = 6
	summaryMaxWords = 80
)

// summarize picks up to n sentences that summarise the text they come from,
// and returns their indices in text order. It is deterministic: ties go to
// the earlier sentence.
func summarize(sentences []string, n int) []int {
	if n <= 0 || len(sentences) == 0 {
		return nil
	}
	sents := sentences[:min(len(sentences), summaryGraphCap)]
	vecs, words := sentenceVectors(sents)
	rank := lexRank(vecs)
	// Floating-point noise (sums in another order, a fused multiply-add on
	// another CPU) must not decide between two equal ranks: rounded, they
	// tie, and the tie goes to the earlier sentence.
	for i, s := range sents {
		rank[i] = math.Round(rank[i]*standAlone(s)*1e9) / 1e9
	}

	order := make([]int, 0, len(sents))
	for i := range sents {
		if words[i] >= summaryMinWords && words[i] <= summaryMaxWords && len(vecs[i]) > 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		// Nothing looks like a full sentence (a list of headlines, a very
		// short note): rank whatever has content words, but never a run-on
		// "sentence" of thousands of words, which summarises nothing.
		for i := range sents {
			if len(vecs[i]) > 0 && words[i] <= summaryMaxWords {
				order = append(order, i)
			}
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(rank[b], rank[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})

	chosen := make([]int, 0, min(n, len(order)))
	for _, i := range order {
		if len(chosen) == n {
			break
		}
		redundant := false
		for _, j := range chosen {
			if cosine(vecs[i], vecs[j]) > summaryRedundancy {
				redundant = true
				break
			}
		}
		if !redundant {
			chosen = append(chosen, i)
		}
	}
	slices.Sort(chosen)
	return chosen
}

// standAlone scores how well a sentence reads out of its paragraph: one
// that opens on a pronoun or a connective ("He added that …", "However, …")
// leans on the sentence before it, which the summary may not have, and a
// question asks rather than tells. The rank is multiplied by it.
func standAlone(s string) float64 {
	s = strings.TrimLeft(s, " \t\"'“‘«(–—-")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	if end < 0 {
		end = len(s)
	}
	score := 1.0
	// lowerKey lower-cases ASCII only, and returns "" for any other word,
	// which none of these could be.
	var buf [24]byte
	low, _ := lowerKey(&buf, s[:end])
	switch low {
	case "he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its",
		"however", "but", "and", "also", "meanwhile", "still", "yet", "so", "then", "there",
		"here", "such", "both", "instead", "moreover", "furthermore", "nevertheless", "nonetheless":
		score = 0.6
	}
	if strings.HasSuffix(strings.TrimRight(s, " \"'”’»)"), "?") {
		score *= 0.7
	}
	return score
}

// termWeight is one coordinate of a sparse sentence vector.
type termWeight struct {
	term   int32
	weight float64
}

// sentenceVectors returns each sentence's unit-length vector of content
// words weighted by tf·idf, sorted by term, and its count of words of any
// kind. The vectors share one backing array.
func sentenceVectors(sents []string) (vecs [][]termWeight, words []int) {
	// Words are known by a 64-bit hash rather than by a copy of the word:
	// no allocation per word, and a collision (about one in 10^10 for a
	// long article) would at worst merge two words in one summary.
	// News runs at about six bytes a word, half of them distinct.
	var size int
	for _, s := range sents {
		size += len(s)
	}
	ids := newTermTable(size / 12)
	df := make([]int, 0, size/12)
	flat := make([]termWeight, 0, size/6)
	ends := make([]int, len(sents))
	words = make([]int, len(sents))
	// slot is where each term sits in flat: within the current sentence
	// when at or past its start. A search of the sentence's terms instead
	// would make a run-on "sentence" of n distinct words cost n².
	slot := make([]int, 0, size/12)
	buf := make([]byte, 0, 32)
	for i, s := range sents {
		start := len(flat)
		forEachWord(s, buf, func(w []byte) {
			words[i]++
			if isStopWord(w) {
				return
			}
			id, ok := ids.idOf(hashWord(stem(w)), int32(len(df)))
			if !ok {
				df = append(df, 0)
				slot = append(slot, -1)
			}
			if k := slot[id]; k >= start {
				flat[k].weight++
				return
			}
			slot[id] = len(flat)
			flat = append(flat, termWeight{term: id, weight: 1})
			df[id]++
		})
		sortByTerm(flat[start:])
		ends[i] = len(flat)
	}
	n := float64(len(sents))
	vecs = make([][]termWeight, len(sents))
	for i := range vecs {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		v := flat[start:ends[i]:ends[i]]
		var norm float64
		for k := range v {
			// 1+log(n/df) keeps a word found in every sentence from
			// vanishing in a two-sentence text.
			v[k].weight *= 1 + math.Log(n/float64(df[v[k].term]))
			norm += v[k].weight * v[k].weight
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k].weight /= norm
		}
		vecs[i] = v
	}
	return vecs, words
}

// termTable maps word hashes to term ids. It is a map[uint64]int32 cut to
// the one operation sentenceVectors does for every word of the article, by
// open addressing: about half the cost of the built-in map there.
type termTable struct {
	keys  []uint64
	ids   []int32 // id+1; 0 marks a free slot
	n     int
	shift uint
}

// newTermTable returns a table sized for about n terms.
func newTermTable(n int) *termTable {
	size, shift := 16, uint(64-4)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	return &termTable{keys: make([]uint64, size), ids: make([]int32, size), shift: shift}
}

// idOf returns the id of term h, which is next if h is new: ok is false then.
func (t *termTable) idOf(h uint64, next int32) (id int32, ok bool) {
	mask := uint64(len(t.keys) - 1)
	// Fibonacci hashing spreads the FNV hash's top bits over the slots.
	for i := (h * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		switch {
		case t.ids[i] == 0:
			t.keys[i], t.ids[i] = h, next+1
			t.n++
			if 2*t.n > len(t.keys) {
				t.grow()
			}
			return next, false
		case t.keys[i] == h:
			return t.ids[i] - 1, true
		}
	}
}

// grow doubles the table, keeping it at most half full.
func (t *termTable) grow() {
	keys, ids := t.keys, t.ids
	t.keys, t.ids, t.shift = make([]uint64, 2*len(keys)), make([]int32, 2*len(ids)), t.shift-1
	mask := uint64(len(t.keys) - 1)
	for k, id := range ids {
		if id == 0 {
			continue
		}
		i := (keys[k] * 0x9E3779B97F4A7C15) >> t.shift
		for t.ids[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.ids[i] = keys[k], id
	}
}

// sortByTerm sorts v by term. A sentence has a few dozen terms, each once:
// insertion sort with the comparison inlined beats slices.SortFunc there,
// and the order is the same, as no two terms tie.
func sortByTerm(v []termWeight) {
	if len(v) > 64 {
		slices.SortFunc(v, func(a, b termWeight) int { return cmp.Compare(a.term, b.term) })
		return
	}
	for i := 1; i < len(v); i++ {
		x := v[i]
		j := i
		for ; j > 0 && v[j-1].term > x.term; j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
}

// hashWord is FNV-1a, 64 bits.
func hashWord(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// cosine is the dot product of two unit vectors sorted by term.
func cosine(a, b []termWeight) float64 {
	var dot float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].term < b[j].term:
			i++
		case a[i].term > b[j].term:
			j++
		default:
			dot += a[i].weight * b[j].weight
			i++
			j++
		}
	}
	return dot
}

// lexRank ranks the sentences by a PageRank over their similarity graph,
// teleporting to sentence i in proportion to 1/√(i+1).
func lexRank(vecs [][]termWeight) []float64 {
	n := len(vecs)
	// Dot products through an inverted index: only pairs that share a word
	// cost anything, which in a long article is a small part of all pairs.
	var terms int32
	for _, v := range vecs {
		for _, t := range v {
			terms = max(terms, t.term+1)
		}
	}
	type posting struct {
		sent   int32
		weight float64
	}
	// One array for all posting lists, laid out by a counting pass.
	offsets := make([]int, terms+1)
	for _, v := range vecs {
		for _, t := range v {
			offsets[t.term+1]++
		}
	}
	for t := int32(1); t <= terms; t++ {
		offsets[t] += offsets[t-1]
	}
	flat := make([]posting, offsets[terms])
	fill := slices.Clone(offsets[:terms])
	for i, v := range vecs {
		for _, t := range v {
			flat[fill[t.term]] = posting{int32(i), t.weight}
			fill[t.term]++
		}
	}
	// The graph is its list of edges, each once, in index order: the power
	// iteration walks it in both directions.
	type pair struct {
		i, j   int32
		weight float64
	}
	pairs := make([]pair, 0, 4*n)
	out := make([]float64, n)
	acc := make([]float64, n)
	touched := make([]int32, 0, n)
	// A term's postings are in sentence order, so sentence i's own posting
	// of it is the first one not yet passed, and those after are the
	// sentences after i: fill, reset, tracks that first posting.
	copy(fill, offsets[:terms])
	for i, v := range vecs {
		for _, t := range v {
			k := fill[t.term]
			fill[t.term]++
			for _, p := range flat[k+1 : offsets[t.term+1]] {
				j := p.sent
				if acc[j] == 0 { // weights are positive: zero means not yet reached
					touched = append(touched, j)
				}
				acc[j] += t.weight * p.weight
			}
		}
		slices.Sort(touched) // edges in index order: sums do not depend on the order words were met
		for _, j := range touched {
			s := acc[j]
			acc[j] = 0
			if s < summaryMinEdge {
				continue
			}
			pairs = append(pairs, pair{int32(i), j, s})
			out[i] += s
			out[j] += s
		}
		touched = touched[:0]
	}
	prior := make([]float64, n)
	var total float64
	for i := range prior {
		prior[i] = 1 / math.Sqrt(float64(i+1))
		total += prior[i]
	}
	for i := range prior {
		prior[i] /= total
	}

	rank := slices.Clone(prior)
	next := make([]float64, n)
	// share[i] is the part of sentence i's rank that flows along each unit
	// of edge weight.
	share := make([]float64, n)
	for range summaryIterations {
		// A sentence linked to nothing hands its rank back through the prior.
		var dangling float64
		for i := range rank {
			if out[i] == 0 {
				dangling += rank[i]
				share[i] = 0
			} else {
				share[i] = summaryDamping * rank[i] / out[i]
			}
		}
		for i := range next {
			next[i] = (1 - summaryDamping + summaryDamping*dangling) * prior[i]
		}
		for _, p := range pairs {
			next[p.j] += share[p.i] * p.weight
			next[p.i] += share[p.j] * p.weight
		}
		var delta float64
		for i := range rank {
			delta += math.Abs(next[i] - rank[i])
		}
		rank, next = next, rank
		if delta < summaryEpsilon {
			break
		}
	}
	return rank
}

// forEachWord calls fn with each word of s lower-cased, a run of letters and
// digits, with inner apostrophes and hyphens kept ("don't", "cease-fire")
// and a possessive "'s" dropped. The slice fn gets is reused: copy to keep it.
func forEachWord(s string, buf []byte, fn func(w []byte)) {
	buf = buf[:0]
	flush := func() {
		w := buf
		if n := len(w); n > 2 && w[n-2] == '\'' && w[n-1] == 's' {
			w = w[:n-2]
		}
		for len(w) > 0 && (w[len(w)-1] == '\'' || w[len(w)-1] == '-') {
			w = w[:len(w)-1]
		}
		if len(w) > 0 {
			fn(w)
		}
		buf = buf[:0]
	}
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			buf = append(buf, byte(r))
		case 'A' <= r && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case (r == '\'' || r == '’' || r == '-') && len(buf) > 0 && i+utf8.RuneLen(r) < len(s):
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !unicode.IsLetter(next) {
				flush()
				continue
			}
			if r == '’' {
				r = '\''
			}
			buf = utf8.AppendRune(buf, r)
		default:
			if len(buf) > 0 {
				flush()
			}
		}
	}
	if len(buf) > 0 {
		flush()
	}
}

// stem folds the commonest English inflections so that "sanction",
// "sanctions" and "sanctioned" count as one word. It is deliberately light:
// a wrong merge links unrelated sentences, a missed one only weakens a link.
func stem(w []byte) []byte {
	n := len(w)
	switch {
	case n > 5 && string(w[n-3:]) == "ies":
		return append(w[:n-3], 'y')
	case n > 5 && string(w[n-3:]) == "ing":
		return w[:n-3]
	case n > 4 && string(w[n-2:]) == "ed":
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i':
		return w[:n-1]
	}
	return w
}

// isStopWord reports whether w (lower-cased) is a function word, or a word
// so common in news about a meeting that it links every sentence to every
// other ("said", "told").
func isStopWord(w []byte) bool {
	if len(w) == 1 {
		return true
	}
	switch string(w) {
	case "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between",
		"both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do",
		"does", "doesn't", "doing", "don't", "down", "during", "each", "even", "ever", "few", "for",
		"from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
		"her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if",
		"in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's", "may",
		"me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now",
		"of", "off", "on", "once", "one", "only", "or", "other", "ought", "our", "ours",
		"ourselves", "out", "over", "own", "same", "shall", "she", "should", "shouldn't", "so",
		"some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
		"there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
		"upon", "us", "very", "was", "wasn't", "we", "were", "weren't", "what", "when", "where",
		"which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
		"won't", "would", "wouldn't", "yet", "you", "your", "yours", "yourself",
		"said", "says", "say", "saying", "told", "tell", "added", "according", "noted",
		"mr", "mrs", "ms", "dr", "pm", "new", "like", "get", "got",
		"two", "three", "first", "last", "year", "years", "day", "week", "time", "per", "via":
		return true
	}
	return false
}
