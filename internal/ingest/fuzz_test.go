package ingest

import (
	"bytes"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkText fails unless text keeps the promise Article.Text makes: valid
// UTF-8, one paragraph a line, no blank lines, no CR, lines trimmed.
func checkText(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Fatalf("text is not valid UTF-8: %q", text)
	}
	if strings.ContainsRune(text, '\r') {
		t.Fatalf("text has a CR: %q", text)
	}
	if text == "" {
		return
	}
	for i, l := range strings.Split(text, "\n") {
		if l == "" {
			t.Fatalf("line %d is blank in %q", i, text)
		}
		if strings.TrimSpace(l) != l && strings.Trim(l, " \t\n\v\f") != l {
			t.Fatalf("line %d is not trimmed: %q", i, l)
		}
	}
}

// addFixtures seeds f with the test fixtures that end in one of exts.
func addFixtures(f *testing.F, exts ...string) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		for _, ext := range exts {
			if strings.HasSuffix(e.Name(), ext) {
				b, err := os.ReadFile("testdata/" + e.Name())
				if err != nil {
					f.Fatal(err)
				}
				f.Add(b)
			}
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	addFixtures(f, ".html")
	f.Add([]byte(`<p>a<script>x</script><pre>  b
c</pre><table><tr><td>1<td>2</table>`))
	base, _ := url.Parse("https://news.example/a/b")
	f.Fuzz(func(t *testing.T, b []byte) {
		p := parseHTML(b, "", base)
		checkText(t, p.Text)
		for _, s := range []string{p.Title, p.Author, p.Canonical} {
			if !utf8.ValidString(s) {
				t.Fatalf("metadata is not valid UTF-8: %q", s)
			}
		}
		if p.Canonical != "" && !strings.HasPrefix(p.Canonical, "http") {
			t.Fatalf("canonical %q is not an http(s) URL", p.Canonical)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	addFixtures(f, ".md", ".txt")
	f.Add([]byte("# T\n\n[a](b) ![c](d) `e` **f** _g_ <h> &amp; \\* > q\n- l\n```\ncode"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !utf8.Valid(b) {
			b = []byte(decode(b, ""))
		}
		title, text := markdownArticle(string(b))
		checkText(t, text)
		if strings.ContainsRune(title, '\n') || !utf8.ValidString(title) {
			t.Fatalf("title %q is not one valid line", title)
		}
	})
}

func FuzzDecode(f *testing.F) {
	addFixtures(f, ".txt", ".html", ".md", ".bin", ".pdf")
	f.Add([]byte{0xFF, 0xFE, 0x00})
	f.Add([]byte{0xFE, 0xFF, 0xD8, 0x00})
	f.Add([]byte("caf\xe9 \x93x\x94"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, cs := range []string{"", "utf-8", "iso-8859-1", "shift_jis", "utf-16"} {
			if s := decode(b, cs); !utf8.ValidString(s) {
				t.Fatalf("decode(%q, %q) = %q, not valid UTF-8", b, cs, s)
			}
		}
		checkText(t, paragraphs(decode(b, "")))
		sniffBinary(b)
		// A declared UTF-16 body comes out as UTF-8, unless a byte-order
		// mark says otherwise and it is left for decode.
		for _, ct := range []string{"text/plain; charset=utf-16le", "text/html; charset=utf-16"} {
			u := fromDeclaredUTF16(b, ct)
			marked := false
			for _, bom := range boms {
				marked = marked || bytes.HasPrefix(u, bom.mark)
			}
			if !marked && !utf8.Valid(u) {
				t.Fatalf("fromDeclaredUTF16(%q, %q) = %q, neither UTF-8 nor marked", b, ct, u)
			}
		}
	})
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://News.example:443/a/?utm_source=x&b=2&a=1#f",
		"http://[::1]:80/",
		"https://x.example/%zz/",
		"https://x.example/a?%=1&utm_x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CanonicalURL(s)
		if again := CanonicalURL(c); again != c {
			t.Fatalf("CanonicalURL is not idempotent: %q -> %q -> %q", s, c, again)
		}
	})
}

func FuzzRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /a*b$\nAllow: /a\nCrawl-delay: 1e9\n"), "/a/b")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		parseRobots(body, "SummitDigest").allowed(path)
	})
}
