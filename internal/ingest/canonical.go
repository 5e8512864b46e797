package ingest

import (
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// trackingParams are query parameters that say where a reader came from,
// not what they read: two URLs that differ only in them are one article.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true,
	"ocid": true, "cmpid": true, "smid": true, "sr_share": true, "ito": true, "at_medium": true,
	"at_campaign": true, "ns_mchannel": true, "ns_source": true, "ns_campaign": true,
	"ns_linkname": true, "ns_fee": true, "s_cid": true,
	"spm": true, "guccounter": true, "guce_referrer": true, "guce_referrer_sig": true, "__twitter_impression": true,
}

// CanonicalURL returns the form of raw under which one article is known
// however it was linked: scheme and host lower-cased, default port,
// credentials, fragment and tracking parameters (utm_*, fbclid, gclid …)
// removed, the remaining parameters sorted, and trailing slashes dropped.
// A string that is not an absolute http(s) URL is returned trimmed.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return raw
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	host, port := strings.ToLower(u.Hostname()), u.Port()
	host = strings.TrimSuffix(host, ".")
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host

	if u.RawQuery != "" {
		q := strings.Split(u.RawQuery, "&")
		kept := q[:0]
		for _, kv := range q {
			if kv == "" {
				continue
			}
			k, _, _ := strings.Cut(kv, "=")
			if key, err := url.QueryUnescape(k); err == nil {
				k = key
			}
			k = strings.ToLower(k)
			if strings.HasPrefix(k, "utm_") || trackingParams[k] {
				continue
			}
			kept = append(kept, kv)
		}
		// Sorted as written, not re-encoded: re-encoding could change what
		// the server sees ("+" and "%20" are not always the same to it).
		sort.Strings(kept)
		u.RawQuery = strings.Join(kept, "&")
	}
	u.ForceQuery = false
	p := strings.TrimRight(u.EscapedPath(), "/")
	if p != u.EscapedPath() {
		u.RawPath = ""
		unescaped, err := url.PathUnescape(p)
		if err == nil {
			u.Path = unescaped
			u.RawPath = p
		}
	}
	return u.String()
}

// sameSite reports whether the canonical URL a fetched page declares is on
// the site the page came from: the same host, or hosts under one
// registrable domain (www.bbc.co.uk and bbc.co.uk; amp.example.com and
// www.example.com). A page elsewhere is not believed: an article is known
// by its canonical URL, so a page on any host that named a news outlet's
// story as its own would have its words shown, and deduplicated, as that
// outlet's.
func sameSite(fetched *url.URL, canonical string) bool {
	c, err := url.Parse(canonical)
	if err != nil {
		return false
	}
	a := strings.TrimSuffix(strings.ToLower(fetched.Hostname()), ".")
	b := strings.TrimSuffix(strings.ToLower(c.Hostname()), ".")
	if a == b {
		return true
	}
	ra, errA := publicsuffix.EffectiveTLDPlusOne(a)
	rb, errB := publicsuffix.EffectiveTLDPlusOne(b)
	return errA == nil && errB == nil && ra == rb
}
