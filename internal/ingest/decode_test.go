package ingest

import (
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func utf16(tb testing.TB, s string, bigEndian bool) []byte {
	tb.Helper()
	order := unicode.LittleEndian
	if bigEndian {
		order = unicode.BigEndian
	}
	b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		declared string
		want     string
	}{
		{"ascii", []byte("plain words"), "", "plain words"},
		{"utf-8", []byte("Zürich – “yes”"), "", "Zürich – “yes”"},
		{"utf-8 bom", []byte("\xEF\xBB\xBFZürich"), "", "Zürich"},
		{"utf-16 le bom", utf16(t, "Genève “oui”", false), "", "Genève “oui”"},
		{"utf-16 be bom", utf16(t, "Genève “oui”", true), "", "Genève “oui”"},
		{"bom beats declaration", append([]byte("\xEF\xBB\xBF"), "é"...), "iso-8859-1", "é"},
		{"windows-1252 smart quotes", []byte("\x93Yes,\x94 he said \x96 it\x92s done\x85"), "", "“Yes,” he said – it’s done…"},
		{"latin-1 accents", []byte("caf\xe9 cr\xe8me \xe0 Gen\xe8ve"), "", "café crème à Genève"},
		{"declared latin-1", []byte("Gen\xe8ve"), "ISO-8859-1", "Genève"},
		{"declared but unknown", []byte("Genève"), "x-no-such-charset", "Genève"},
		{"declared utf-8, bytes latin-1", []byte("Gen\xe8ve"), "utf-8", "Genève"},
		{"declared utf-16 without bom", []byte("plain"), "utf-16", "plain"},
		{"utf-8 with one stray byte", []byte("Zürich, Genève, Köln, Málaga \xff end"), "", "Zürich, Genève, Köln, Málaga \uFFFD end"},
		{"declared koi8-r", []byte{0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4}, "koi8-r", "Привет"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decode(tt.in, tt.declared); got != tt.want {
				t.Errorf("decode(%q, %q) = %q; want %q", tt.in, tt.declared, got, tt.want)
			}
		})
	}
}

func TestMetaCharset(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"meta charset", `<html><head><meta charset="windows-1252"><title>x</title>`, "windows-1252"},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`, "ISO-8859-1"},
		{"none", `<html><head><title>x</title></head>`, ""},
		{"in body text only", `<p>charset=koi8-r</p>`, ""},
	}
	for _, tt := range tests {
		if got := metaCharset([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: metaCharset(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestSniffBinary(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want bool
	}{
		{"text", []byte("The summit opened."), false},
		{"windows-1252", []byte("\x93Yes\x94"), false},
		{"utf-16 text", utf16(t, "The summit opened.", false), false},
		{"nul", []byte("abc\x00def"), true},
		{"pdf", []byte("%PDF-1.7\n"), true},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), true},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), true},
		{"control characters", []byte("\x01\x02\x03\x04\x05abc\x06\x07\x0e\x0f\x10"), true},
		{"utf-16 of controls", utf16(t, "\x01\x02\x03\x04\x05\x06", true), true},
		{"html", []byte("<!doctype html><p>x</p>"), false},
	}
	for _, tt := range tests {
		if got := sniffBinary(tt.in); got != tt.want {
			t.Errorf("%s: sniffBinary(%q) = %v; want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             kind
	}{
		{"html by name", "a.html", "just words", kindHTML},
		{"htm by name", "a.HTM", "just words", kindHTML},
		{"md by name", "a.md", "just words", kindMarkdown},
		{"txt", "a.txt", "just words", kindText},
		{"saved page named txt", "a.txt", "  <!DOCTYPE html><html>", kindHTML},
		{"stdin html", "stdin", "<html><body>x</body></html>", kindHTML},
		{"stdin markdown", "stdin", "# Title\n\nSome **bold** words and a [link](https://x.example).", kindMarkdown},
		{"stdin text", "stdin", "He said: “# is a hash sign.”", kindText},
		{"txt with markdown stays text", "a.txt", "# Title\n\n**bold**", kindText},
	}
	for _, tt := range tests {
		if got := kindOf(tt.file, tt.text); got != tt.want {
			t.Errorf("%s: kindOf(%q, %q) = %v; want %v", tt.name, tt.file, tt.text, got, tt.want)
		}
	}
}
