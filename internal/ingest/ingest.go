// Package ingest turns a file, standard input, a URL or a feed item into a
// digest.Article: text decoded whatever its encoding, Markdown and HTML
// reduced to plain text (HTML by readability, so that navigation, scripts
// and other boilerplate are dropped), metadata taken from the page. URLs are
// fetched safely: only http and https, bounded in time, redirects and size,
// and never from private, loopback or cloud metadata addresses unless the
// host is allowed by name. Poller follows RSS, Atom and JSON feeds.
//
// Every source that cannot be read yields an *Error whose message names the
// source (a file's base name, never a path on the server) and says why in a
// sentence a person can be shown, and which wraps a sentinel (ErrEmpty,
// ErrBinary, ErrTooLarge, ErrBlocked …) that callers branch on.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// Defaults of Options.
const (
	// DefaultMaxBytes is the largest source read unless Options says otherwise.
	DefaultMaxBytes = 5 << 20
	// DefaultConnectTimeout bounds connecting (and the TLS handshake) to a server.
	DefaultConnectTimeout = 5 * time.Second
	// DefaultFetchTimeout bounds a whole fetch, redirects and body included.
	DefaultFetchTimeout = 20 * time.Second
	// DefaultMaxRedirects is how many redirects a fetch follows.
	DefaultMaxRedirects = 5
	// DefaultUserAgent names the bot to the servers it fetches from, with
	// where to learn what it is.
	DefaultUserAgent = "SummitDigest/1.0 (+https://github.com/summit-digest/summit-digest; news digest bot)"
)

// Options configures a Reader. The zero value of every field means its default.
type Options struct {
	// MaxBytes caps the size of one source; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the source "-".
	Stdin io.Reader
	// AllowHosts are host names (or IP literals, as written in URLs) that
	// may be fetched even when they resolve to a private, loopback or other
	// non-public address: a test server, an intranet.
	AllowHosts []string
	// ConnectTimeout bounds connecting to a server; 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// FetchTimeout bounds a whole fetch; 0 means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// MaxRedirects is how many redirects a fetch follows; 0 means
	// DefaultMaxRedirects, a negative value none.
	MaxRedirects int
	// UserAgent is sent with every request; "" means DefaultUserAgent.
	UserAgent string
}

// Reader reads sources into articles. It is safe for concurrent use.
type Reader struct {
	opts  Options
	fetch *fetcher
}

// NewReader returns a Reader with opts, defaults filled in.
func NewReader(opts Options) *Reader {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.FetchTimeout <= 0 {
		opts.FetchTimeout = DefaultFetchTimeout
	}
	switch {
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = DefaultMaxRedirects
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Stdin == nil {
		opts.Stdin = strings.NewReader("")
	}
	return &Reader{opts: opts, fetch: newFetcher(opts)}
}

// schemeRE recognises a source written as a URL of any scheme.
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// Read turns source into an article: "-" is standard input, an http(s)
// URL is fetched, anything else is a file path. A failure is an *Error.
func (r *Reader) Read(ctx context.Context, source string) (digest.Article, error) {
	switch {
	case source == "-":
		return r.readStdin()
	case schemeRE.MatchString(source):
		return r.ReadURL(ctx, source)
	}
	return r.readFile(source)
}

// ReadBytes turns the bytes of a document (text, Markdown or HTML, told
// apart by name's extension and by the bytes) into an article whose Source
// is name: pasted text, an uploaded file.
func (r *Reader) ReadBytes(name string, b []byte) (digest.Article, error) {
	return r.fromBytes(name, "input", b, "", nil)
}

func (r *Reader) readStdin() (digest.Article, error) {
	b, err := io.ReadAll(io.LimitReader(r.opts.Stdin, r.opts.MaxBytes+1))
	if err != nil {
		return digest.Article{}, &Error{Source: "stdin", Reason: "standard input could not be read", Err: err}
	}
	if int64(len(b)) > r.opts.MaxBytes {
		return digest.Article{}, &Error{Source: "stdin", Kind: ErrTooLarge,
			Reason: fmt.Sprintf("the input is larger than the %s limit", sizeText(r.opts.MaxBytes))}
	}
	return r.fromBytes("stdin", "input", b, "", nil)
}

func (r *Reader) readFile(path string) (digest.Article, error) {
	name := filepath.Base(path)
	fail := func(kind error, reason string, err error) (digest.Article, error) {
		return digest.Article{}, &Error{Source: name, Reason: reason, Kind: kind, Err: err}
	}
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(ErrNotFound, "the file does not exist", err)
	case errors.Is(err, fs.ErrPermission):
		return fail(nil, "the file cannot be read: permission denied", err)
	case err != nil:
		return fail(nil, "the file cannot be opened", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fail(nil, "the file cannot be read", err)
	}
	if fi.IsDir() {
		return fail(nil, "this is a folder, not a file", nil)
	}
	tooLarge := fmt.Sprintf("the file is larger than the %s limit", sizeText(r.opts.MaxBytes))
	if fi.Mode().IsRegular() && fi.Size() > r.opts.MaxBytes {
		return fail(ErrTooLarge, tooLarge, nil)
	}
	b, err := io.ReadAll(io.LimitReader(f, r.opts.MaxBytes+1))
	if err != nil {
		return fail(nil, "the file cannot be read", err)
	}
	if int64(len(b)) > r.opts.MaxBytes {
		return fail(ErrTooLarge, tooLarge, nil)
	}
	return r.fromBytes(name, "file", b, "", nil)
}

// ReadURL fetches an http(s) URL and reads the page as an article whose
// URL (and Source) is its canonical URL: the one the page declares when it
// is on the page's own site (see sameSite), else the address it came from
// with tracking parameters and the like removed (CanonicalURL).
func (r *Reader) ReadURL(ctx context.Context, rawURL string) (digest.Article, error) {
	resp, err := r.fetch.get(ctx, request{
		url:          rawURL,
		accept:       isArticleMedia,
		describe:     "an HTML page or plain text",
		acceptHeader: "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
	})
	if err != nil {
		return digest.Article{}, err
	}
	return r.fromResponse(resp)
}

// fromResponse reads a fetched page.
func (r *Reader) fromResponse(resp *response) (digest.Article, error) {
	name := urlBase(resp.URL)
	a, err := r.fromBytes(name, "page", resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Source = displayURL(resp.URL)
		}
		return digest.Article{}, err
	}
	if a.URL == "" {
		a.URL = CanonicalURL(resp.URL.String())
	}
	a.Source = a.URL
	a.ID = digest.ArticleID(a.URL)
	return a, nil
}

// urlBase is the last element of a URL's path, for telling the format
// apart by extension ("notes.md").
func urlBase(u *url.URL) string {
	return filepath.Base(u.Path)
}

// fromBytes reads a document. noun ("file", "page", "input") is how the
// reasons of errors call it. contentType is the server's, "" for a file;
// base is the page's address, nil for a file.
func (r *Reader) fromBytes(name, noun string, b []byte, contentType string, base *url.URL) (digest.Article, error) {
	fail := func(kind error, reason string) (digest.Article, error) {
		return digest.Article{}, &Error{Source: name, Reason: reason, Kind: kind}
	}
	b = fromDeclaredUTF16(b, contentType)
	if len(bytes.TrimSpace(b)) == 0 {
		return fail(ErrEmpty, fmt.Sprintf("the %s is empty", noun))
	}
	if sniffBinary(b) {
		return fail(ErrBinary, fmt.Sprintf("this looks like a binary %s, not an article", noun))
	}
	var a digest.Article
	k := r.kindOf(name, b, contentType)
	switch k {
	case kindHTML:
		p := parseHTML(b, contentType, base)
		a = digest.Article{Title: p.Title, Author: p.Author, Published: p.Published, Text: p.Text}
		if p.Canonical != "" && (base == nil || sameSite(base, p.Canonical)) {
			a.URL = CanonicalURL(p.Canonical)
		}
	case kindMarkdown:
		a.Title, a.Text = markdownArticle(decode(b, mediaCharset(contentType)))
	default:
		a.Text = plainParagraphs(decode(b, mediaCharset(contentType)))
		a.Title = headline(a.Text)
	}
	if strings.TrimSpace(a.Text) == "" {
		if k != kindHTML {
			// Only a byte-order mark, or white space in UTF-16.
			return fail(ErrEmpty, fmt.Sprintf("the %s is empty", noun))
		}
		return fail(ErrNoText, fmt.Sprintf("no article text was found in the %s", noun))
	}
	a.Source = name
	if a.URL != "" {
		// A saved web page is known by its URL, as it would be when fetched.
		a.ID = digest.ArticleID(a.URL)
	} else {
		a.ID = digest.ArticleID(digest.TextHash(a.Text))
	}
	return a, nil
}

// kindOf tells the format from the server's media type when there is one,
// else from the name and the first bytes.
func (r *Reader) kindOf(name string, b []byte, contentType string) kind {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch mediaType(contentType) {
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "text/markdown", "text/x-markdown":
		return kindMarkdown
	case "text/plain":
		// Servers label Markdown and saved pages text/plain too.
		if k := kindOf(name, decode(head, "")); k != kindHTML {
			return k
		}
		return kindText
	}
	return kindOf(name, decode(head, ""))
}

func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
