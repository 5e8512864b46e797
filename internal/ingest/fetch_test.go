package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// newTestServer serves mux on 127.0.0.1 and closes it when the test ends.
func newTestServer(tb testing.TB, mux http.Handler) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

// testOptions are Options for fetching from a test server: 127.0.0.1
// allowed and short timeouts, so that a failing test fails fast.
func testOptions() Options {
	return Options{
		AllowHosts:     []string{"127.0.0.1"},
		ConnectTimeout: time.Second,
		FetchTimeout:   2 * time.Second,
	}
}

func TestReadURLArticle(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var agent string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/harbour-plan?utm_source=feed&fbclid=9", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /news/harbour-plan", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agent = r.Header.Get("User-Agent")
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	srv := newTestServer(t, mux)

	a, err := NewReader(testOptions()).Read(context.Background(), srv.URL+"/old")
	if err != nil {
		t.Fatalf("Read(%s/old): %v", srv.URL, err)
	}
	// The page's rel=canonical ("/news/harbour-plan/") wins over og:url
	// and is resolved against the page's own address.
	wantURL := srv.URL + "/news/harbour-plan"
	if a.URL != wantURL || a.Source != wantURL {
		t.Errorf("Read().URL, Source = %q, %q; want %q for both", a.URL, a.Source, wantURL)
	}
	if a.ID != digest.ArticleID(wantURL) {
		t.Errorf("Read().ID = %q; want ArticleID(%q)", a.ID, wantURL)
	}
	if want := "Leaders agree on a harbour plan at the Northport summit"; a.Title != want {
		t.Errorf("Read().Title = %q; want %q", a.Title, want)
	}
	if want := "Ines Varga, Tomas Lind"; a.Author != want {
		t.Errorf("Read().Author = %q; want %q", a.Author, want)
	}
	if want := time.Date(2031, 5, 12, 7, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Read().Published = %v; want %v", a.Published, want)
	}
	for _, s := range []string{"TRACKING", "Sign in", "All rights reserved", "Related", "Five things"} {
		if strings.Contains(a.Text, s) {
			t.Errorf("Read().Text contains boilerplate %q", s)
		}
	}
	if !strings.Contains(a.Text, "“We have a plan that every one of us can defend at home,” Prime Minister Alva Rosen") {
		t.Errorf("Read().Text lost the article's quote:\n%s", a.Text)
	}
	mu.Lock()
	defer mu.Unlock()
	if agent != DefaultUserAgent {
		t.Errorf("User-Agent sent = %q; want %q", agent, DefaultUserAgent)
	}
}

func TestReadURLCharsetFromHeader(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /note.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("R\xe9union \xe0 Gen\xe8ve\nLes ministres sont arriv\xe9s."))
	})
	srv := newTestServer(t, mux)
	a, err := NewReader(testOptions()).Read(context.Background(), srv.URL+"/note.txt")
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if want := "Réunion à Genève\nLes ministres sont arrivés."; a.Text != want {
		t.Errorf("Read().Text = %q; want %q", a.Text, want)
	}
	if a.Title != "Réunion à Genève" {
		t.Errorf("Read().Title = %q; want the first line", a.Title)
	}
}

// TestReadURLCanonicalElsewhere checks that a page is known by a canonical
// URL on its own site only: one on another site would let any page pass
// its words off as, and deduplicate against, another outlet's story.
func TestReadURLCanonicalElsewhere(t *testing.T) {
	const body = `<p>Leaders met in Northport and agreed on a harbour plan after two days of talks.</p>` +
		`<p>“We have a plan,” Prime Minister Alva Rosen said.</p>`
	mux := http.NewServeMux()
	mux.HandleFunc("GET /copy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Harbour plan</title><link rel="canonical" href="https://www.reuters.com/world/harbour-plan">`+
			`<meta property="og:url" content="https://www.reuters.com/world/harbour-plan"></head><body><article>%s</article></body></html>`, body)
	})
	srv := newTestServer(t, mux)
	u := srv.URL + "/copy?utm_source=x"
	a, err := NewReader(testOptions()).Read(context.Background(), u)
	if err != nil {
		t.Fatalf("Read(%s): %v", u, err)
	}
	if want := srv.URL + "/copy"; a.URL != want || a.ID != digest.ArticleID(want) {
		t.Errorf("Read(%s).URL, ID = %q, %q; want the page's own URL %q", u, a.URL, a.ID, want)
	}

	// A page saved to a file has no address of its own to check against:
	// its canonical URL is the best name it has.
	page := `<html><head><link rel="canonical" href="https://www.reuters.com/world/harbour-plan"></head><body><article>` + body + `</article></body></html>`
	a, err = NewReader(Options{}).ReadBytes("saved.html", []byte(page))
	if err != nil {
		t.Fatalf("ReadBytes(saved.html): %v", err)
	}
	if want := "https://www.reuters.com/world/harbour-plan"; a.URL != want {
		t.Errorf("ReadBytes(saved.html).URL = %q; want %q", a.URL, want)
	}
}

// TestReadURLDeclaredUTF16 checks that a body the server declares UTF-16,
// with no byte-order mark, is decoded rather than refused as binary.
func TestReadURLDeclaredUTF16(t *testing.T) {
	const text = "Réunion à Genève\nLes ministres sont arrivés « tôt »."
	// The byte-order mark the encoder writes is cut off: the server's
	// header is all that says what the bytes are.
	le := utf16(t, text, false)[2:]
	be := utf16(t, text, true)[2:]
	page := utf16(t, "<html><head><title>Genève</title></head><body><p>Les ministres sont arrivés.</p></body></html>", false)[2:]
	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(body)
		})
	}
	serve("/le.txt", "text/plain; charset=UTF-16LE", le)
	serve("/be.txt", "text/plain; charset=utf-16be", be)
	// WHATWG's Encoding Standard reads the bare label as little-endian.
	serve("/bare.txt", "text/plain; charset=utf-16", le)
	serve("/page", "text/html; charset=utf-16le", page)
	srv := newTestServer(t, mux)

	for _, path := range []string{"/le.txt", "/be.txt", "/bare.txt"} {
		a, err := NewReader(testOptions()).Read(context.Background(), srv.URL+path)
		if err != nil {
			t.Errorf("Read(%s): %v", path, err)
			continue
		}
		if a.Text != text {
			t.Errorf("Read(%s).Text = %q; want %q", path, a.Text, text)
		}
	}
	a, err := NewReader(testOptions()).Read(context.Background(), srv.URL+"/page")
	if err != nil {
		t.Fatalf("Read(/page): %v", err)
	}
	if a.Title != "Genève" || a.Text != "Les ministres sont arrivés." {
		t.Errorf("Read(/page) = title %q, text %q; want the page decoded", a.Title, a.Text)
	}
}

// waitOrDone blocks until the client goes away or the test's patience ends.
func waitOrDone(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

func TestReadURLRefusals(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		waitOrDone(r, 10*time.Second)
	})
	mux.HandleFunc("GET /slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>start"))
		w.(http.Flusher).Flush()
		waitOrDone(r, 10*time.Second)
	})
	mux.HandleFunc("GET /endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("The summit goes on. ", 512))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("GET /declared-huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", fmt.Sprint(1<<30))
		w.Write([]byte("x"))
	})
	mux.HandleFunc("GET /report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n"))
	})
	mux.HandleFunc("GET /untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no type, and no sniffing by net/http
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("GET /octets", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("MZ\x90\x00\x03\x00\x00\x00"))
	})
	mux.HandleFunc("GET /empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	mux.HandleFunc("GET /loop-a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-b", http.StatusFound)
	})
	mux.HandleFunc("GET /loop-b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop-a", http.StatusFound)
	})
	mux.HandleFunc("GET /chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("GET /to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/a.txt", http.StatusFound)
	})
	mux.HandleFunc("GET /gone", http.NotFound)
	srv := newTestServer(t, mux)
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	mux.HandleFunc("GET /to-localhost", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+port+"/news", http.StatusFound)
	})

	tests := []struct {
		name string
		path string
		opts func(*Options)
		kind error
		// msg is the reason expected after "URL: ".
		msg string
	}{
		{"slow server", "/slow", func(o *Options) { o.FetchTimeout = 200 * time.Millisecond }, ErrTimeout,
			"the server did not send the page within 200ms"},
		{"slow body", "/slow-body", func(o *Options) { o.FetchTimeout = 200 * time.Millisecond }, ErrTimeout,
			"the server did not send the page within 200ms"},
		{"endless body", "/endless", func(o *Options) { o.MaxBytes = 64 << 10 }, ErrTooLarge,
			"the page is larger than the 64 KB limit"},
		{"declared too large", "/declared-huge", nil, ErrTooLarge, "the page is larger than the 5 MB limit"},
		{"binary content type", "/report.pdf", nil, ErrContentType,
			"the server sent application/pdf, which is not an HTML page or plain text"},
		{"untyped image", "/untyped", nil, ErrContentType,
			"the server sent what looks like image/png, which is not an HTML page or plain text"},
		{"binary labelled text", "/octets", nil, ErrBinary, "this looks like a binary page, not an article"},
		{"empty page", "/empty", nil, ErrEmpty, "the page is empty"},
		{"redirect loop", "/loop-a", nil, ErrRedirects, "the page redirects in a loop"},
		{"too many redirects", "/chain/0", nil, ErrRedirects, "the page redirects more than 5 times"},
		{"fewer redirects allowed", "/chain/0", func(o *Options) { o.MaxRedirects = 2 }, ErrRedirects,
			"the page redirects more than 2 times"},
		{"redirect to ftp", "/to-ftp", nil, ErrScheme,
			"the page redirects to a ftp: URL, and only http and https are allowed"},
		{"not found", "/gone", nil, ErrHTTPStatus, "the server answered 404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			if tt.opts != nil {
				tt.opts(&opts)
			}
			u := srv.URL + tt.path
			start := time.Now()
			_, err := NewReader(opts).Read(context.Background(), u)
			if err == nil {
				t.Fatalf("Read(%s) succeeded; want %v", u, tt.kind)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("Read(%s) error %v is not %v", u, err, tt.kind)
			}
			if want := u + ": " + tt.msg; err.Error() != want {
				t.Errorf("Read(%s) error = %q; want %q", u, err, want)
			}
			if d := time.Since(start); d > 5*time.Second {
				// Not a speed test: a refusal that waits for the server's
				// own patience to run out is a refusal that did not work.
				t.Errorf("Read(%s) took %v to fail", u, d)
			}
		})
	}

	t.Run("redirect from an allowed host to a private address", func(t *testing.T) {
		u := srv.URL + "/to-localhost"
		_, err := NewReader(testOptions()).Read(context.Background(), u)
		var blocked *BlockedAddressError
		if !errors.As(err, &blocked) || !errors.Is(err, ErrBlocked) {
			t.Fatalf("Read(%s) error = %v; want a *BlockedAddressError", u, err)
		}
		if blocked.Host != "localhost" || !blocked.Addr.IsLoopback() {
			t.Errorf("blocked %s (%s); want localhost on a loopback address", blocked.Addr, blocked.Host)
		}
		want := fmt.Sprintf("%s: the address %s (localhost) is a loopback address and fetching from it is not allowed", u, blocked.Addr)
		if err.Error() != want {
			t.Errorf("Read(%s) error = %q; want %q", u, err, want)
		}
	})

	t.Run("private address without allow_hosts", func(t *testing.T) {
		u := srv.URL + "/news"
		opts := testOptions()
		opts.AllowHosts = nil
		_, err := NewReader(opts).Read(context.Background(), u)
		want := u + ": the address 127.0.0.1 is a loopback address and fetching from it is not allowed"
		if !errors.Is(err, ErrBlocked) || err.Error() != want {
			t.Errorf("Read(%s) error = %v; want %q", u, err, want)
		}
	})

	t.Run("allow_hosts names hosts, not addresses", func(t *testing.T) {
		u := "http://localhost:" + port + "/news"
		_, err := NewReader(testOptions()).Read(context.Background(), u)
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("Read(%s) error = %v; want ErrBlocked", u, err)
		}
	})
}

func TestReadURLCancelled(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) { waitOrDone(r, 10*time.Second) })
	srv := newTestServer(t, mux)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := NewReader(testOptions()).Read(ctx, srv.URL+"/slow")
	if want := srv.URL + "/slow: the fetch was cancelled"; err == nil || err.Error() != want || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Read with a context that ends = %v; want %q", err, want)
	}
}
