package digest

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
)

// Ranking: each item gets signals in [0, 1] that weights add up into a
// score; key quotes then give way to other speakers.

// signals are what an item is ranked on, each in [0, 1] once normalised.
type signals struct {
	prominence, corroboration, centrality, direct, timed, length float64
}

// weights say how much each signal counts in an item's rank; they add up to 1.
type weights = signals

// Quotes put the speaker and the number of outlets first: a line every
// outlet carried from a head of state is the news. Statements and decisions
// lean on a time: within one article, where corroboration is the same for
// all, a timed one outranks any untimed one (0.65 against at most 0.60), so
// the caps never drop a timed item for an untimed one.
func quoteWeights() weights {
	return weights{prominence: 0.25, corroboration: 0.25, centrality: 0.15, direct: 0.15, timed: 0.10, length: 0.10}
}

func statementWeights() weights {
	return weights{prominence: 0.20, corroboration: 0.25, centrality: 0.15, timed: 0.40}
}

func decisionWeights() weights {
	return weights{corroboration: 0.35, centrality: 0.25, timed: 0.40}
}

// rankGroups scores each root and returns the indices of roots sorted by
// score, best first, with ties in order of first occurrence.
func rankGroups(roots []*group, w weights, sig func(g *group) signals) ([]int, []float64) {
	sigs := make([]signals, len(roots))
	var maxProm, maxCorr float64
	for i, g := range roots {
		s := sig(g)
		s.corroboration = math.Log1p(float64(len(sourcesOf(g.all))))
		maxProm = max(maxProm, s.prominence)
		maxCorr = max(maxCorr, s.corroboration)
		sigs[i] = s
	}
	central := centrality(roots)
	scores := make([]float64, len(roots))
	for i, s := range sigs {
		if maxProm > 0 {
			s.prominence /= maxProm
		}
		if maxCorr > 0 {
			s.corroboration /= maxCorr
		}
		score := w.prominence*s.prominence + w.corroboration*s.corroboration +
			w.centrality*central[i] + w.direct*s.direct + w.timed*s.timed + w.length*s.length
		// Round so that float noise cannot reorder equal scores.
		scores[i] = math.Round(score*1e6) / 1e6
	}
	order := make([]int, len(roots))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	return order, scores
}

// centrality scores each group by how much its words are the words of all
// the groups (cosine with the corroboration-weighted centroid), normalised
// so that the most central scores 1. The groups' words are weighed as the
// summary weighs a sentence's.
func centrality(roots []*group) []float64 {
	texts := make([]string, len(roots))
	for i, g := range roots {
		texts[i] = g.text
	}
	vecs, _ := sentenceVectors(texts)
	var terms int32
	for _, v := range vecs {
		for _, t := range v {
			terms = max(terms, t.term+1)
		}
	}
	centroid := make([]float64, terms)
	for i, v := range vecs {
		weight := math.Log1p(float64(len(sourcesOf(roots[i].all))))
		for _, t := range v {
			centroid[t.term] += weight * t.weight
		}
	}
	out := make([]float64, len(roots))
	var best float64
	for i, v := range vecs {
		var dot float64
		for _, t := range v {
			dot += t.weight * centroid[t.term]
		}
		out[i] = dot
		best = max(best, dot)
	}
	if best > 0 {
		for i := range out {
			out[i] /= best
		}
	}
	return out
}

// repeatFactor is what each key quote already chosen from a speaker
// multiplies the score of their next one by: the most quoted leader still
// leads, but a digest of ten quotes is not ten quotes of one person.
const repeatFactor = 0.8

// diversify re-ranks items, given best first with their scores, so that
// each further item of the same speaker counts for less (see
// repeatFactor), and returns the first limit of them with their adjusted
// scores, still best first. Items with no speaker are not held back: they
// may be anyone's. Ties keep the given order.
func diversify(order []int, scores []float64, who func(i int) string, limit int) ([]int, []float64) {
	// Each speaker's items stay in their given order, so the best remaining
	// item overall is the best head of a queue: a heap of queue heads finds
	// it in log(speakers) steps.
	queues := make(map[string][]int)
	var speakers []string
	for _, i := range order {
		w := who(i)
		if _, ok := queues[w]; !ok {
			speakers = append(speakers, w)
		}
		queues[w] = append(queues[w], i)
	}
	rankOf := make(map[int]int, len(order))
	for r, i := range order {
		rankOf[i] = r
	}
	h := make(headHeap, 0, len(speakers))
	taken := make(map[string]int, len(speakers))
	for _, w := range speakers {
		i := queues[w][0]
		h = append(h, head{who: w, item: i, score: scores[i], rank: rankOf[i]})
	}
	heap.Init(&h)
	n := min(limit, len(order))
	outOrder := make([]int, 0, n)
	outScores := make([]float64, len(scores))
	for len(outOrder) < n && h.Len() > 0 {
		top := heap.Pop(&h).(head)
		outOrder = append(outOrder, top.item)
		outScores[top.item] = top.score
		q := queues[top.who][1:]
		queues[top.who] = q
		if len(q) == 0 {
			continue
		}
		if top.who != "" {
			taken[top.who]++
		}
		next := q[0]
		adjusted := scores[next] * math.Pow(repeatFactor, float64(taken[top.who]))
		heap.Push(&h, head{who: top.who, item: next, score: math.Round(adjusted*1e6) / 1e6, rank: rankOf[next]})
	}
	return outOrder, outScores
}

// head is the best remaining item of one speaker.
type head struct {
	who   string
	item  int
	score float64
	// rank is the item's place in the given order, the tie-breaker.
	rank int
}

// headHeap is a max-heap of heads by score, then by given rank (container/heap).
type headHeap []head

func (h headHeap) Len() int { return len(h) }
func (h headHeap) Less(a, b int) bool {
	if h[a].score != h[b].score {
		return h[a].score > h[b].score
	}
	return h[a].rank < h[b].rank
}
func (h headHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *headHeap) Push(x any)   { *h = append(*h, x.(head)) }
func (h *headHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// quoteLength scores a quote's length in words: a sentence or two of
// speech (8 to 40 words) makes a key quote; a fragment says little alone,
// and a paragraph-long quote buries its point.
func quoteLength(words int) float64 {
	switch {
	case words < 8:
		return float64(words) / 8
	case words <= 40:
		return 1
	default:
		return max(0, 1-float64(words-40)/80)
	}
}
