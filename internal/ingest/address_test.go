package ingest

import (
	"net/netip"
	"testing"
)

func TestAddrClass(t *testing.T) {
	tests := []struct {
		addr, want string
	}{
		{"93.184.216.34", ""},
		{"2606:2800:220:1:248:1893:25c8:1946", ""},
		{"127.0.0.1", "a loopback address"},
		{"127.8.9.10", "a loopback address"},
		{"::1", "a loopback address"},
		{"10.1.2.3", "a private address"},
		{"172.16.0.1", "a private address"},
		{"172.31.255.255", "a private address"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "a private address"},
		{"169.254.169.254", "a cloud metadata address"},
		{"fd00:ec2::254", "a cloud metadata address"},
		{"169.254.1.1", "a link-local address"},
		{"fe80::1", "a link-local address"},
		{"fd12:3456::1", "a unique-local address"},
		{"0.0.0.0", "an unspecified address"},
		{"::", "an unspecified address"},
		{"100.64.0.1", "a carrier-grade NAT address"},
		{"224.0.0.1", "a multicast address"},
		{"ff02::1", "a multicast address"},
		{"255.255.255.255", "a broadcast address"},
		{"::ffff:127.0.0.1", "a loopback address"},
		{"::ffff:10.0.0.1", "a private address"},
		{"64:ff9b::a9fe:a9fe", "a cloud metadata address"},
		{"64:ff9b::5db8:d822", ""},
		{"2002:c0a8:0101::1", "a private address"},
	}
	for _, tt := range tests {
		if got := addrClass(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("addrClass(%s) = %q; want %q", tt.addr, got, tt.want)
		}
	}
}

func TestCheckDialAddr(t *testing.T) {
	err := checkDialAddr("intranet.example", "10.0.0.5:443")
	want := "the address 10.0.0.5 (intranet.example) is a private address and fetching from it is not allowed"
	if err == nil || err.Error() != want {
		t.Errorf("checkDialAddr(10.0.0.5) = %v; want %q", err, want)
	}
	if err := checkDialAddr("news.example", "93.184.216.34:443"); err != nil {
		t.Errorf("checkDialAddr(93.184.216.34) = %v; want nil", err)
	}
	if err := checkDialAddr("x", "[::ffff:127.0.0.1]:80"); err == nil || err.Error() != "the address 127.0.0.1 (x) is a loopback address and fetching from it is not allowed" {
		t.Errorf("checkDialAddr(mapped loopback) = %v", err)
	}
}
