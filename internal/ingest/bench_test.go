package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func benchFile(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkParseHTML(b *testing.B) {
	data := benchFile(b, "article.html")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parseHTML(data, "text/html; charset=utf-8", nil)
	}
}

func BenchmarkMarkdownArticle(b *testing.B) {
	data := strings.Repeat(string(benchFile(b, "notes.md"))+"\n\n", 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		markdownArticle(data)
	}
}

func BenchmarkPlainText(b *testing.B) {
	data := []byte(strings.Repeat("“We have a plan that every one of us can defend at home,” Prime Minister Alva Rosen told reporters.\n\n", 2000))
	r := NewReader(Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.ReadBytes("a.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeWindows1252(b *testing.B) {
	data := []byte(strings.Repeat("\x93Caf\xe9 cr\xe8me,\x94 he said \x96 it\x92s done. ", 5000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		decode(data, "")
	}
}

// BenchmarkHostileMarkdown shows that stripping stays linear on input made
// to defeat it: time per byte must not grow with the size.
func BenchmarkHostileMarkdown(b *testing.B) {
	for _, unit := range []string{"[[[[ **a _b ` ", "[a](", "<a ", "`` ` ```"} {
		for _, size := range []int{64 << 10, 1 << 20} {
			data := strings.Repeat(unit, size/len(unit))
			b.Run(fmt.Sprintf("%q/%dKB", unit, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					markdownArticle(data)
				}
			})
		}
	}
}

// BenchmarkHostileHTML does the same for HTML: many links, many blocks.
func BenchmarkHostileHTML(b *testing.B) {
	for _, unit := range []string{"<a href='/x'>link</a> ", "<div><p>Some text here.</p></div>"} {
		for _, size := range []int{64 << 10, 1 << 20} {
			data := []byte("<html><body>" + strings.Repeat(unit, size/len(unit)) + "</body></html>")
			b.Run(fmt.Sprintf("%q/%dKB", unit[:6], size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					parseHTML(data, "text/html", nil)
				}
			})
		}
	}
}
