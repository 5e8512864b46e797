package ingest

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// boms are the byte-order marks that settle a text's encoding by themselves.
var boms = []struct {
	mark []byte
	enc  encoding.Encoding
}{
	{[]byte{0xEF, 0xBB, 0xBF}, xunicode.UTF8},
	{[]byte{0xFF, 0xFE}, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)},
	{[]byte{0xFE, 0xFF}, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)},
}

// decode turns the bytes of a text or HTML document into UTF-8. declared is
// the charset the source itself names (an HTTP Content-Type parameter or an
// HTML <meta>), "" when none. A byte-order mark wins over a declaration,
// a declaration over guessing; undeclared bytes that are not valid UTF-8
// are read as Windows-1252, the superset of Latin-1 that old newsroom
// systems and Word exports actually use.
func decode(b []byte, declared string) string {
	for _, bom := range boms {
		if bytes.HasPrefix(b, bom.mark) {
			return transcode(b[len(bom.mark):], bom.enc)
		}
	}
	if declared != "" {
		if enc, name := charset.Lookup(declared); enc != nil {
			// HTML's rule: a document that says UTF-16 without a BOM is
			// really in an ASCII-compatible encoding.
			if name != "utf-8" && !strings.HasPrefix(name, "utf-16") {
				return transcode(b, enc)
			}
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	if mostlyUTF8(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return transcode(b, charmap.Windows1252)
}

// fromDeclaredUTF16 turns into UTF-8 a body that the server's Content-Type
// declares UTF-16 and that has no byte-order mark to say so itself: left
// as it is, its NUL bytes would read as a binary file. A server's
// declaration is believed, as browsers believe it; the same words in a
// page's <meta> are not (decode), since a page that could be read far
// enough to find them is not UTF-16.
func fromDeclaredUTF16(b []byte, contentType string) []byte {
	cs := mediaCharset(contentType)
	if cs == "" {
		return b
	}
	enc, name := charset.Lookup(cs)
	if enc == nil || !strings.HasPrefix(name, "utf-16") {
		return b
	}
	for _, bom := range boms {
		if bytes.HasPrefix(b, bom.mark) {
			return b
		}
	}
	return []byte(transcode(b, enc))
}

// transcode decodes b from enc; bytes enc cannot map become U+FFFD.
func transcode(b []byte, enc encoding.Encoding) string {
	// The x/text decoders replace what they cannot map rather than fail;
	// what is left to clean is a truncated sequence at the very end.
	out, _ := enc.NewDecoder().Bytes(b)
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// mostlyUTF8 reports whether b is UTF-8 with a few stray bytes (a file
// assembled from pieces) rather than a single-byte encoding: its valid
// multi-byte sequences outnumber its invalid bytes several times over.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			valid++
		}
		b = b[n:]
	}
	return valid >= 4*invalid && valid > 0
}

// mediaCharset returns the charset parameter of a Content-Type value.
func mediaCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// metaCharset finds the charset an HTML document declares in its first
// 1024 bytes (<meta charset> or <meta http-equiv="Content-Type">), as the
// HTML standard's prescan does; "" when it declares none.
func metaCharset(b []byte) string {
	if len(b) > 1024 {
		b = b[:1024]
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if httpEquiv == "content-type" {
				if c := mediaCharset(content); c != "" {
					return c
				}
			}
		}
	}
}

// sniffBinary reports whether b, the first bytes of a source, are not text:
// a NUL byte or many control characters outside a UTF-16 byte-order mark,
// or a signature net/http knows as a non-text format (PDF, images, archives).
func sniffBinary(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	// UTF-16 is full of NUL bytes; judge it by what it decodes to.
	for _, bom := range boms[1:] {
		if bytes.HasPrefix(b, bom.mark) {
			return controlHeavy(transcode(b[len(bom.mark):], bom.enc))
		}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ct := http.DetectContentType(b)
	if !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "xml") && !strings.Contains(ct, "json") &&
		ct != "application/octet-stream" {
		return true
	}
	return controlHeavy(string(b))
}

// controlHeavy reports whether more than a tenth of s's characters are
// control characters other than the layout ones (tab, newlines, form feed).
func controlHeavy(s string) bool {
	total, ctrl := 0, 0
	for _, r := range s {
		total++
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			ctrl++
		}
	}
	return total > 0 && ctrl*10 > total
}
