package digest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// distinctWords is a run-on text of n words, none repeated: the worst case
// for anything that looks a word up among the words of its own text.
func distinctWords(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("w" + strconv.Itoa(i))
	}
	return b.String()
}

// BenchmarkHostileLongItems shows that one enormous quote or summary
// sentence (an article with no full stop, a page of numbers) costs time in
// proportion to its length: ns/op should grow about tenfold with each size.
func BenchmarkHostileLongItems(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		text := distinctWords(n)
		b.Run(fmt.Sprintf("summarize/words=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				summarize([]string{text, "A short sentence of a few more words."}, 3)
			}
		})
		exts := []Extraction{{
			Article: Article{ID: "a", Text: text},
			Quotes:  []Quote{{Speaker: "Ann Lee", Text: text, Kind: Direct}, {Speaker: "Ann Lee", Text: "w1 w2 w3 w4"}},
		}}
		b.Run(fmt.Sprintf("build/words=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Build(exts, BuildOptions{})
			}
		})
	}
}

// BenchmarkHostileSameWords is n articles in which n different people say
// the same words, and an unattributed copy of them: each speaker's quotes
// are compared with their own only, so ns/op should grow about tenfold
// with each size, not a hundredfold.
func BenchmarkHostileSameWords(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		exts := make([]Extraction, n)
		for i := range exts {
			exts[i] = Extraction{
				Article: Article{ID: strconv.Itoa(i)},
				Quotes: []Quote{
					{Speaker: "Person " + strconv.Itoa(i), Text: "Thank you very much indeed, all of you.", Kind: Direct},
					{Text: "Thank you very much indeed, all of you.", Kind: Direct},
				},
			}
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Build(exts, BuildOptions{})
			}
		})
	}
}
