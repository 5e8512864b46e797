package ingest

import (
	"net/netip"
	"strings"
)

// blockedRange is an address range a fetch may not reach unless its host
// is allowed by name.
type blockedRange struct {
	prefix netip.Prefix
	class  string
}

// metadataAddrs are the cloud providers' instance metadata services, named
// on their own because reaching one from a server leaks its credentials.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"),
	netip.MustParseAddr("fd00:ec2::254"),
	netip.MustParseAddr("100.100.100.200"),
}

// blockedRanges are every range that is not the public internet. Order
// matters only for the name given: the first match names the address.
var blockedRanges = func() []blockedRange {
	r := []struct{ cidr, class string }{
		{"0.0.0.0/8", "an unspecified address"},
		{"127.0.0.0/8", "a loopback address"},
		{"10.0.0.0/8", "a private address"},
		{"172.16.0.0/12", "a private address"},
		{"192.168.0.0/16", "a private address"},
		{"100.64.0.0/10", "a carrier-grade NAT address"},
		{"169.254.0.0/16", "a link-local address"},
		{"192.0.0.0/24", "a reserved address"},
		{"192.0.2.0/24", "a reserved address"},
		{"198.18.0.0/15", "a reserved address"},
		{"198.51.100.0/24", "a reserved address"},
		{"203.0.113.0/24", "a reserved address"},
		{"224.0.0.0/4", "a multicast address"},
		{"240.0.0.0/4", "a reserved address"},
		{"::/128", "an unspecified address"},
		{"::1/128", "a loopback address"},
		{"fc00::/7", "a unique-local address"},
		{"fe80::/10", "a link-local address"},
		{"fec0::/10", "a site-local address"},
		{"ff00::/8", "a multicast address"},
		{"2001:db8::/32", "a reserved address"},
		{"100::/64", "a reserved address"},
	}
	out := make([]blockedRange, len(r))
	for i, e := range r {
		out[i] = blockedRange{netip.MustParsePrefix(e.cidr), e.class}
	}
	return out
}()

// Prefixes of IPv6 ranges that carry an IPv4 address in their bits, which
// must then pass the IPv4 checks (a NAT64 gateway would reach it).
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// addrClass returns how a refused address is named ("a private address"),
// or "" when the address is a public one that may be fetched.
func addrClass(a netip.Addr) string {
	a = a.Unmap()
	if a.Zone() != "" {
		a = a.WithZone("")
	}
	for _, m := range metadataAddrs {
		if a == m {
			return "a cloud metadata address"
		}
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return addrClass(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case sixToFour.Contains(a):
			return addrClass(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	if a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return "a broadcast address"
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(a) {
			return r.class
		}
	}
	return ""
}

// hostSet is the set of host names that may be fetched whatever their
// addresses resolve to (a test server, an intranet).
type hostSet map[string]bool

func newHostSet(hosts []string) hostSet {
	s := make(hostSet, len(hosts))
	for _, h := range hosts {
		if h = normalizeHost(h); h != "" {
			s[h] = true
		}
	}
	return s
}

// normalizeHost lower-cases a host name and strips IPv6 brackets and a
// trailing dot, so that "Example.ORG." and "example.org" are one host.
func normalizeHost(h string) string {
	h = strings.TrimSpace(strings.ToLower(h))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(h, ".")
}
