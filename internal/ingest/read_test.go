package ingest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/digest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// describe renders an article as the golden files hold it.
func describe(a digest.Article) string {
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.Format(time.RFC3339)
	}
	return fmt.Sprintf("source: %s\nurl: %s\ntitle: %s\nauthor: %s\npublished: %s\n---\n%s\n",
		a.Source, a.URL, a.Title, a.Author, pub, a.Text)
}

// checkGolden compares got with testdata/name.golden, or rewrites it under -update.
func checkGolden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		tb.Errorf("%s differs from %s (-want +got):\n%s", name, path, diff)
	}
}

func TestReadFileGolden(t *testing.T) {
	for _, name := range []string{
		"article.html", "liveblog.html", "latin1.html", "notes.md", "cp1252.txt", "utf16le.txt", "utf16be.txt", "live.txt",
	} {
		t.Run(name, func(t *testing.T) {
			r := NewReader(Options{})
			a, err := r.Read(context.Background(), filepath.Join("testdata", name))
			if err != nil {
				t.Fatalf("Read(%q): %v", name, err)
			}
			if !utf8.ValidString(a.Text) {
				t.Errorf("Read(%q).Text is not valid UTF-8", name)
			}
			if a.Source != name {
				t.Errorf("Read(%q).Source = %q; want the base name", name, a.Source)
			}
			wantID := digest.ArticleID(digest.TextHash(a.Text))
			if a.URL != "" {
				wantID = digest.ArticleID(a.URL)
			}
			if a.ID != wantID {
				t.Errorf("Read(%q).ID = %q; want %q", name, a.ID, wantID)
			}
			checkGolden(t, name, describe(a))
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("The summit went on. ", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	noText := filepath.Join(dir, "empty.html")
	if err := os.WriteFile(noText, []byte("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	bomOnly := filepath.Join(dir, "bom.txt")
	if err := os.WriteFile(bomOnly, []byte("\xff\xfe \x00\n\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		maxBytes int64
		kind     error
		msg      string
	}{
		{"empty", "testdata/paris.txt", 0, ErrEmpty, "paris.txt: the file is empty"},
		{"blank", "testdata/blank.txt", 0, ErrEmpty, "blank.txt: the file is empty"},
		{"only a byte-order mark", bomOnly, 0, ErrEmpty, "bom.txt: the file is empty"},
		{"nul bytes", "testdata/tool.bin", 0, ErrBinary, "tool.bin: this looks like a binary file, not an article"},
		{"pdf", "testdata/report.pdf", 0, ErrBinary, "report.pdf: this looks like a binary file, not an article"},
		{"over the cap", big, 1 << 10, ErrTooLarge, "big.txt: the file is larger than the 1 KB limit"},
		{"missing", filepath.Join(dir, "nowhere", "gone.md"), 0, ErrNotFound, "gone.md: the file does not exist"},
		{"folder", dir, 0, nil, filepath.Base(dir) + ": this is a folder, not a file"},
		{"no text", noText, 0, ErrNoText, "empty.html: no article text was found in the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(Options{MaxBytes: tt.maxBytes})
			_, err := r.Read(context.Background(), tt.path)
			if err == nil {
				t.Fatalf("Read(%q) succeeded; want %v", tt.path, tt.kind)
			}
			if err.Error() != tt.msg {
				t.Errorf("Read(%q) error = %q; want %q", tt.path, err, tt.msg)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("Read(%q) error %v is not %v", tt.path, err, tt.kind)
			}
			if strings.Contains(err.Error(), dir) {
				t.Errorf("Read(%q) error %q shows a server path", tt.path, err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("Read(%q) error %T is not an *Error", tt.path, err)
			}
		})
	}
}

func TestReadDefaultCapIsFiveMB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.txt")
	line := strings.Repeat("word ", 20) + "\n"
	if err := os.WriteFile(path, []byte(strings.Repeat(line, (5<<20)/len(line)+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := NewReader(Options{}).Read(context.Background(), path)
	if want := "huge.txt: the file is larger than the 5 MB limit"; err == nil || err.Error() != want {
		t.Errorf("Read(huge.txt) error = %v; want %q", err, want)
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		text  string
		err   string
	}{
		{"plain", "Talks resume\r\nThe delegates met again.\r\n", "Talks resume", "Talks resume\nThe delegates met again.", ""},
		{"markdown", "# Day one\n\nThe **talks** began in [Oslo](https://x.example).\n\n## Later\n\nMore [news](https://y.example).\n",
			"Day one", "Day one\nThe talks began in Oslo.\nLater\nMore news.", ""},
		{"html", "<!doctype html><html><head><title>Day two</title></head><body><p>The delegates met again.</p></body></html>",
			"Day two", "The delegates met again.", ""},
		{"empty", "", "", "", "stdin: the input is empty"},
		{"too large", strings.Repeat("x", 2048), "", "", "stdin: the input is larger than the 1 KB limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(Options{Stdin: strings.NewReader(tt.in), MaxBytes: 1 << 10})
			a, err := r.Read(context.Background(), "-")
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Read(-) error = %v; want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read(-): %v", err)
			}
			if a.Source != "stdin" || a.Title != tt.title || a.Text != tt.text {
				t.Errorf("Read(-) = source %q, title %q, text %q; want stdin, %q, %q", a.Source, a.Title, a.Text, tt.title, tt.text)
			}
		})
	}
}

func TestReadRefusesOtherSchemes(t *testing.T) {
	for _, src := range []string{"ftp://files.example/a.txt", "file:///etc/passwd", "gopher://x.example/"} {
		_, err := NewReader(Options{}).Read(context.Background(), src)
		if !errors.Is(err, ErrScheme) {
			t.Errorf("Read(%q) error = %v; want ErrScheme", src, err)
		}
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"headline", "Leaders agree on harbour plan\nThe leaders agreed.", "Leaders agree on harbour plan"},
		{"question", "Will the deal hold?\nNobody knows.", "Will the deal hold?"},
		{"sentence", "The leaders agreed on a plan.\nMore text.", ""},
		{"only line", "Leaders agree on harbour plan", ""},
		{"time heading", "16:25\nRosen arrives.", ""},
		{"long paragraph", strings.Repeat("word ", 30) + "\nMore.", ""},
		{"ends on a quote", "Rosen: ‘It is ours’\nMore.", "Rosen: ‘It is ours’"},
		{"quoted sentence", "“We are close,” she said.\nMore.", ""},
		{"lower case", "more on this later\nMore.", ""},
		{"one word", "Update\nMore.", ""},
	}
	for _, tt := range tests {
		if got := headline(tt.text); got != tt.want {
			t.Errorf("%s: headline(%q) = %q; want %q", tt.name, tt.text, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	wrapped := "The leaders of the five coastal states agreed on Monday to share\n" +
		"the cost of rebuilding the old harbour, ending a dispute that had\n" +
		"run for more than a decade.\n\n" +
		"16:25\n" +
		"Rosen spoke to reporters on the quay after the talks had ended,\n" +
		"and said the plan was fair.\n"
	// A live blog's entries: short paragraphs of similar length, each its
	// own line, which must not be taken for hard-wrapped text.
	shortLines := "Rosen arrives at the quay and greets the five delegations there.\n" +
		"Dunn says the talks on fishing quotas will take the whole night.\n" +
		"The chair, Maren Holt, opens the session with a minute of silence.\n" +
		"Delegates break for lunch; the harbour deal is still not signed.\n" +
		"Ministers return to the table as the afternoon session begins.\n"
	tests := []struct {
		name, in, want string
	}{
		{"crlf and cr", "a\r\nb\rc\n", "a\nb\nc"},
		{"blank lines dropped, spaces inside kept", "  one  two \n\n\n three\t\tfour ", "one  two\nthree\t\tfour"},
		{"controls dropped", "a\x1b[0mb\u200b c\x00", "a[0mb c"},
		{"no-break space kept", "10\u00a0000 euros", "10\u00a0000 euros"},
		{"separators", "a\u2028b\u2029c", "a\nb\nc"},
		{"short paragraphs, one a line", shortLines, shortLines[:len(shortLines)-1]},
		{"short paragraphs between blank lines", strings.ReplaceAll(shortLines, "\n", "\n\n"), shortLines[:len(shortLines)-1]},
		{"hard-wrapped", wrapped, "The leaders of the five coastal states agreed on Monday to share the cost of rebuilding the old harbour, ending a dispute that had run for more than a decade.\n16:25\nRosen spoke to reporters on the quay after the talks had ended, and said the plan was fair."},
	}
	for _, tt := range tests {
		if got := plainParagraphs(tt.in); got != tt.want {
			t.Errorf("%s: plainParagraphs(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
