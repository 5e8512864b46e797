package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// fetcher makes GET requests that cannot be turned against the machine
// they run on: only http and https, every address actually dialled checked
// (after DNS, on every redirect, for every connection), bounded in time,
// redirects and size.
type fetcher struct {
	client    *http.Client
	maxBytes  int64
	timeout   time.Duration
	userAgent string
}

// request is one GET.
type request struct {
	url string
	// accept reports whether a media type ("text/html") is wanted;
	// describe names what is wanted for the refusal message.
	accept   func(mediaType string) bool
	describe string
	// noun is what the refusals call the body ("the feed is larger …");
	// "" means "page".
	noun string
	// acceptHeader is sent as Accept.
	acceptHeader string
	// etag and lastModified make the request conditional.
	etag, lastModified string
}

// response is a fetched body, whole and within the size cap.
type response struct {
	// URL is where the body came from, after redirects.
	URL          *url.URL
	Status       int
	ContentType  string
	MediaType    string
	Body         []byte
	ETag         string
	LastModified string
	// NotModified is true when a conditional request got 304.
	NotModified bool
}

func newFetcher(opts Options) *fetcher {
	allowed := newHostSet(opts.AllowHosts)
	dialer := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		// Never through a proxy: the proxy would dial for us, out of reach
		// of the address check.
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, fmt.Errorf("dial %s: %w", addr, err)
			}
			host = normalizeHost(host)
			d := *dialer
			if !allowed[host] {
				// Control runs on the resolved address just before connect,
				// so DNS rebinding between a check and the dial cannot slip
				// a private address through.
				d.Control = func(_, address string, _ syscall.RawConn) error {
					return checkDialAddr(host, address)
				}
			}
			return d.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.FetchTimeout,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       60 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	maxRedirects := opts.MaxRedirects
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &redirectError{reason: fmt.Sprintf("the page redirects to a %s: URL, and only http and https are allowed", req.URL.Scheme), kind: ErrScheme}
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return &redirectError{reason: "the page redirects in a loop", kind: ErrRedirects}
				}
			}
			if len(via) > maxRedirects {
				return &redirectError{reason: fmt.Sprintf("the page redirects more than %d times", maxRedirects), kind: ErrRedirects}
			}
			return nil
		},
	}
	return &fetcher{client: client, maxBytes: opts.MaxBytes, timeout: opts.FetchTimeout, userAgent: opts.UserAgent}
}

// redirectError stops a redirect chain; fetch turns it into an *Error.
type redirectError struct {
	reason string
	kind   error
}

func (e *redirectError) Error() string { return e.reason }

// checkDialAddr refuses to connect to address ("ip:port") when it is not a
// public one.
func checkDialAddr(host, address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("parse dialled address %q: %w", address, err)
	}
	if class := addrClass(ap.Addr()); class != "" {
		return &BlockedAddressError{Host: host, Addr: ap.Addr().Unmap(), Class: class}
	}
	return nil
}

// get fetches req.url. Every failure is an *Error naming the URL and saying
// why in a sentence.
func (f *fetcher) get(ctx context.Context, req request) (*response, error) {
	u, err := parseHTTPURL(req.url)
	if err != nil {
		return nil, err
	}
	shown := displayURL(u)
	noun := req.noun
	if noun == "" {
		noun = "page"
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{Source: shown, Reason: "the URL is not valid", Kind: ErrScheme, Err: err}
	}
	hreq.Header.Set("User-Agent", f.userAgent)
	if req.acceptHeader != "" {
		hreq.Header.Set("Accept", req.acceptHeader)
	}
	if req.etag != "" {
		hreq.Header.Set("If-None-Match", req.etag)
	}
	if req.lastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.lastModified)
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return nil, f.transportError(parent, ctx, shown, noun, err)
	}
	defer resp.Body.Close()

	out := &response{
		URL:          resp.Request.URL,
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode == http.StatusNotModified && (req.etag != "" || req.lastModified != "") {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &Error{Source: shown, Kind: ErrHTTPStatus, status: resp.StatusCode,
			Reason: fmt.Sprintf("the server answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))}
	}
	if out.ContentType != "" {
		if mt, _, err := mime.ParseMediaType(out.ContentType); err == nil {
			out.MediaType = mt
		}
	}
	if out.MediaType != "" && !req.accept(out.MediaType) {
		return nil, &Error{Source: shown, Kind: ErrContentType,
			Reason: fmt.Sprintf("the server sent %s, which is not %s", out.MediaType, req.describe)}
	}
	if resp.ContentLength > f.maxBytes {
		return nil, &Error{Source: shown, Kind: ErrTooLarge,
			Reason: fmt.Sprintf("the %s is larger than the %s limit", noun, sizeText(f.maxBytes))}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBytes+1))
	if err != nil {
		return nil, f.transportError(parent, ctx, shown, noun, err)
	}
	if int64(len(body)) > f.maxBytes {
		return nil, &Error{Source: shown, Kind: ErrTooLarge,
			Reason: fmt.Sprintf("the %s is larger than the %s limit", noun, sizeText(f.maxBytes))}
	}
	if out.MediaType == "" {
		// No declared type: judge by the bytes, as a browser would.
		ct := http.DetectContentType(body)
		out.MediaType, _, _ = mime.ParseMediaType(ct)
		if !req.accept(out.MediaType) {
			return nil, &Error{Source: shown, Kind: ErrContentType,
				Reason: fmt.Sprintf("the server sent what looks like %s, which is not %s", out.MediaType, req.describe)}
		}
	}
	out.Body = body
	return out, nil
}

// transportError turns a failed request into an *Error with a reason a
// person understands.
// parent is the caller's context, ctx the one bounded by the fetch timeout.
func (f *fetcher) transportError(parent, ctx context.Context, shown, noun string, err error) error {
	var blocked *BlockedAddressError
	var redir *redirectError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &blocked):
		return &Error{Source: shown, Reason: blocked.Error(), Kind: ErrBlocked, Err: blocked}
	case errors.As(err, &redir):
		return &Error{Source: shown, Reason: redir.reason, Kind: redir.kind}
	case parent.Err() != nil:
		// The caller gave up (shutdown, its own deadline): not the server's fault.
		return &Error{Source: shown, Reason: "the fetch was cancelled", Err: parent.Err()}
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &Error{Source: shown, Kind: ErrTimeout, Err: err,
			Reason: fmt.Sprintf("the server did not send the %s within %s", noun, f.timeout)}
	case errors.As(err, &dnsErr):
		return &Error{Source: shown, Reason: fmt.Sprintf("the host %s could not be found", dnsErr.Name), Err: err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &Error{Source: shown, Reason: "the server refused the connection", Err: err}
	}
	return &Error{Source: shown, Reason: fmt.Sprintf("the %s could not be fetched", noun), Err: err}
}

// parseHTTPURL parses raw and refuses anything but an absolute http(s) URL.
func parseHTTPURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		shown := withoutUserinfo(raw)
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = shown
		}
		return nil, &Error{Source: shown, Reason: "the URL is not valid", Kind: ErrScheme, Err: err}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &Error{Source: displayURL(u), Kind: ErrScheme,
			Reason: fmt.Sprintf("only http and https URLs can be fetched, and this one is %s", u.Scheme)}
	}
	if u.Host == "" {
		return nil, &Error{Source: displayURL(u), Reason: "the URL has no host", Kind: ErrScheme}
	}
	return u, nil
}

// displayURL is u as shown to people: without a password, since sources
// appear in channels and logs.
func displayURL(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// withoutUserinfo removes "user:password@" from a URL that url.Parse
// refused, so that an error about it does not show the password.
func withoutUserinfo(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return raw
	}
	return scheme + "://" + rest[at+1:]
}

// isArticleMedia is the content check for articles: HTML or plain text.
func isArticleMedia(mt string) bool {
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown":
		return true
	}
	return false
}

// isFeedMedia is the content check for feeds: RSS, Atom, JSON Feed, and the
// generic XML and JSON types servers often send them as. text/html is let
// through too: many servers label feeds so, and gofeed tells them apart.
func isFeedMedia(mt string) bool {
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
		"application/xml", "text/xml", "application/rdf+xml", "text/plain", "text/html":
		return true
	}
	return false
}
