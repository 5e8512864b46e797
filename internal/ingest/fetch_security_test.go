package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// hitCounter is a test server that counts the requests that reach it, so
// that a test can tell a refusal from a fetch that failed after connecting.
type hitCounter struct {
	hits atomic.Int32
	url  string
	port string
}

func newHitCounter(tb testing.TB) *hitCounter {
	tb.Helper()
	h := &hitCounter{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Leaders met in Northport.\nThey agreed on a harbour plan.")
	})
	h.url = newTestServer(tb, mux).URL
	h.port = h.url[strings.LastIndexByte(h.url, ':')+1:]
	return h
}

// TestReadURLNeverReachesLoopback tries the spellings of a loopback or
// unspecified address that SSRF filters are known to miss. 127.0.0.1 is
// allowed by name, so each must be refused for what it resolves to, not
// for how it is written; none may reach the server.
func TestReadURLNeverReachesLoopback(t *testing.T) {
	srv := newHitCounter(t)
	hosts := []string{
		"localhost",
		"0.0.0.0",
		"[::]",
		"[::1]",
		"[::ffff:127.0.0.1]",
		"[::ffff:7f00:1]",
		"[0:0:0:0:0:ffff:127.0.0.1]",
		"[fe80::1%25lo]",
		"2130706433",      // decimal
		"0177.0.0.1",      // octal
		"0x7f.0.0.1",      // hexadecimal
		"127.1",           // short form
		"127.000.000.001", // zero-padded
	}
	for _, h := range hosts {
		t.Run(h, func(t *testing.T) {
			u := "http://" + h + ":" + srv.port + "/news"
			_, err := NewReader(testOptions()).Read(context.Background(), u)
			if err == nil {
				t.Fatalf("Read(%s) succeeded; want a refusal", u)
			}
			if !strings.HasPrefix(err.Error(), u+": ") {
				t.Errorf("Read(%s) error = %q; want it to name the URL", u, err)
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("the loopback server was reached %d times", n)
	}
}

// TestReadURLIgnoresProxyEnvironment checks that HTTP_PROXY cannot carry a
// request past the address check: a proxy dials for its client, so a
// fetch through one would reach whatever the proxy can.
func TestReadURLIgnoresProxyEnvironment(t *testing.T) {
	proxy := newHitCounter(t)
	t.Setenv("HTTP_PROXY", proxy.url)
	t.Setenv("HTTPS_PROXY", proxy.url)
	t.Setenv("NO_PROXY", "")
	for _, u := range []string{"http://10.20.30.40/news", "http://169.254.169.254/latest/meta-data/"} {
		_, err := NewReader(testOptions()).Read(context.Background(), u)
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("Read(%s) with HTTP_PROXY set: error = %v; want ErrBlocked", u, err)
		}
	}
	if n := proxy.hits.Load(); n != 0 {
		t.Errorf("the proxy was asked %d times", n)
	}
}

// TestReadURLGzipBomb checks that the size cap holds for what a body
// decompresses to, not for the bytes on the wire.
func TestReadURLGzipBomb(t *testing.T) {
	var bomb bytes.Buffer
	zw, err := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("The summit goes on. ", 1<<10))
	for range (64 << 20) / len(line) {
		zw.Write(line)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	srv := newTestServer(t, mux)
	opts := testOptions()
	opts.MaxBytes = 1 << 20
	u := srv.URL + "/bomb"
	_, err = NewReader(opts).Read(context.Background(), u)
	if want := u + ": the page is larger than the 1 MB limit"; !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("Read(%s), %d bytes inflating to 64 MB: error = %v; want %q", u, bomb.Len(), err, want)
	}
}

// TestReadURLRedirectsToOtherSchemes checks that a redirect cannot lead a
// fetch out of http and https.
func TestReadURLRedirectsToOtherSchemes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /to/{scheme}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.PathValue("scheme")+":///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	srv := newTestServer(t, mux)
	for _, scheme := range []string{"file", "ftp", "gopher", "data", "jar"} {
		u := srv.URL + "/to/" + scheme
		_, err := NewReader(testOptions()).Read(context.Background(), u)
		want := fmt.Sprintf("%s: the page redirects to a %s: URL, and only http and https are allowed", u, scheme)
		if !errors.Is(err, ErrScheme) || err.Error() != want {
			t.Errorf("Read(%s) error = %v; want %q", u, err, want)
		}
	}
}

// TestURLErrorsHideCredentials checks that a password written into a URL
// never shows in the error a channel or a log would see.
func TestURLErrorsHideCredentials(t *testing.T) {
	srv := newHitCounter(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /gone", http.NotFound)
	gone := newTestServer(t, mux)
	tests := []struct {
		name, url, want string
	}{
		{"unparsable host", "http://editor:s3cret@news example/a", "http://news example/a: the URL is not valid"},
		{"bad port", "https://editor:s3cret@news.example:http/a", "https://news.example:http/a: the URL is not valid"},
		{"no host", "http://editor:s3cret@/a", "http:///a: the URL has no host"},
		{"other scheme", "ftp://editor:s3cret@files.example/a", "ftp://files.example/a: only http and https URLs can be fetched, and this one is ftp"},
		{"server error", strings.Replace(gone.URL, "//", "//editor:s3cret@", 1) + "/gone", gone.URL + "/gone: the server answered 404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(testOptions()).Read(context.Background(), tt.url)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Read(%q) error = %v; want %q", tt.url, err, tt.want)
			}
			var e *Error
			if errors.As(err, &e) {
				for _, cause := range e.Unwrap() {
					if strings.Contains(cause.Error(), "s3cret") {
						t.Errorf("Read(%q): the wrapped error %q shows the password", tt.url, cause)
					}
				}
			}
		})
	}

	// A page fetched with credentials is known by its URL without them.
	u := strings.Replace(srv.url, "//", "//editor:s3cret@", 1) + "/news"
	a, err := NewReader(testOptions()).Read(context.Background(), u)
	if err != nil {
		t.Fatalf("Read(%s): %v", u, err)
	}
	if want := srv.url + "/news"; a.URL != want || a.Source != want {
		t.Errorf("Read(%s).URL, Source = %q, %q; want %q", u, a.URL, a.Source, want)
	}
}
