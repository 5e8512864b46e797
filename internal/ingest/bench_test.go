package ingest

import (
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
