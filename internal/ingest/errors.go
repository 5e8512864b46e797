package ingest

import (
	"errors"
	"fmt"
	"net/netip"
)

// Sentinel errors say why a source was refused. Every error Read returns for
// a refused source wraps one of them (test with errors.Is) inside an *Error,
// whose message is the sentence a person is shown.
var (
	ErrEmpty       = errors.New("the source is empty")
	ErrBinary      = errors.New("the source is binary")
	ErrTooLarge    = errors.New("the source is too large")
	ErrNoText      = errors.New("the source has no readable text")
	ErrNotFound    = errors.New("the source does not exist")
	ErrScheme      = errors.New("the URL scheme is not allowed")
	ErrBlocked     = errors.New("the address is not allowed")
	ErrContentType = errors.New("the content type is not accepted")
	ErrRedirects   = errors.New("too many redirects")
	ErrTimeout     = errors.New("the fetch took too long")
	ErrHTTPStatus  = errors.New("the server answered with an error")
	ErrRobots      = errors.New("robots.txt disallows the URL")
)

// Error is a source that could not be read. Its message names the source
// (a file's base name, never a path on the server, or the URL) and gives the
// reason as a sentence, so it can be shown to a person as it is.
type Error struct {
	// Source is the file's base name, "stdin", or the URL.
	Source string
	// Reason is the sentence shown after the source's name.
	Reason string
	// Kind is one of the sentinel errors above.
	Kind error
	// Err is the underlying cause, if any; it is not part of the message.
	Err error
	// status is the HTTP status of an ErrHTTPStatus.
	status int
}

func (e *Error) Error() string { return e.Source + ": " + e.Reason }

// Unwrap lets errors.Is find both the kind and the cause.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// BlockedAddressError is returned when a fetch would connect to an address
// that is not allowed (loopback, private, metadata …). It is found with
// errors.As in the chain of an *Error of kind ErrBlocked.
type BlockedAddressError struct {
	Host string
	Addr netip.Addr
	// Class names the range the address is in ("private", "loopback" …).
	Class string
}

func (e *BlockedAddressError) Error() string {
	host := ""
	if e.Host != "" && e.Host != e.Addr.String() {
		host = " (" + e.Host + ")"
	}
	return fmt.Sprintf("the address %s%s is %s and fetching from it is not allowed", e.Addr, host, e.Class)
}

func (e *BlockedAddressError) Is(target error) bool { return target == ErrBlocked }

// sizeText writes a byte limit the way people say it: "5 MB", "512 KB", "100 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
