package digest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchArticles reads the realistic articles the extraction benchmark runs
// over: the bundled sample and the fixtures of testdata/extract.
func benchArticles(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "extract", "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	paths = append(paths, filepath.Join("..", "..", "samples", "paris-summit-2025-09-04.txt"))
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// BenchmarkExtract measures extraction over realistic articles; its MB/s is
// the figure the speed goal (20 MB/s on one core) is about.
func BenchmarkExtract(b *testing.B) {
	texts := benchArticles(b)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		for _, t := range texts {
			Extract(Article{Text: t})
		}
	}
}

// hostileTexts builds inputs of about n bytes that attack the scanners:
// no punctuation at all, quote marks only, unbalanced quotes, and one
// endless sentence full of speech verbs and capitalised names.
func hostileTexts(n int) map[string]string {
	rep := func(unit string) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }
	return map[string]string{
		"no-punctuation": rep("word another thing "),
		"quote-marks":    rep(`"'“”‘’«»`),
		"unbalanced":     rep(`he said "yes and 'no `),
		"one-sentence":   rep("Macron said that Rutte told Mr. Stubb, the NATO chief, that “we agree, ” "),
		"apostrophes":    rep("leaders' plans' '90s 'n' "),
	}
}

// BenchmarkExtractHostile shows that hostile input costs time in proportion
// to its size: ns/op should grow about fourfold with each size.
func BenchmarkExtractHostile(b *testing.B) {
	for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
		texts := hostileTexts(n)
		for _, name := range []string{"no-punctuation", "quote-marks", "unbalanced", "one-sentence", "apostrophes"} {
			text := texts[name]
			b.Run(fmt.Sprintf("%s/bytes=%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					Extract(Article{Text: text})
				}
			})
		}
	}
}
