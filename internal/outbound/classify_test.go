package outbound

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		addr string
		want string // a part of the verdict; "" for a public address
	}{
		// IPv4
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "private"},
		{"169.254.169.254", "link-local"}, // cloud metadata
		{"169.254.0.1", "link-local"},
		{"100.64.0.1", "CGNAT"},
		{"100.127.255.255", "CGNAT"},
		{"100.128.0.1", ""},
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "unspecified"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"255.255.255.255", "reserved"},
		{"240.0.0.1", "reserved"},
		{"198.18.0.1", "benchmarking"},
		{"192.0.0.8", "IETF"},
		{"192.0.2.1", "documentation"},
		{"203.0.113.9", "documentation"},
		{"8.8.8.8", ""},
		{"93.184.215.14", ""},
		// IPv6
		{"::1", "loopback"},
		{"::", "unspecified"},
		{"fc00::1", "unique-local"},
		{"fd12:3456::1", "unique-local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"fec0::1", "site-local"},
		{"ff02::1", "multicast"},
		{"100::1", "discard-only"},
		{"2001:db8::1", "documentation"},
		{"2001:4860:4860::8888", ""},
		{"2a00:1450:4007:80c::200e", ""},
		// IPv4-mapped, in its forms
		{"::ffff:127.0.0.1", "IPv4-mapped address of a loopback address (127.0.0.1)"},
		{"::ffff:7f00:1", "loopback"},
		{"0:0:0:0:0:ffff:7f00:0001", "loopback"},
		{"::FFFF:169.254.169.254", "link-local"},
		{"::ffff:10.0.0.1", "private"},
		{"::ffff:0.0.0.0", "unspecified"},
		{"::ffff:8.8.8.8", ""},
		// IPv4-translated (SIIT)
		{"::ffff:0:127.0.0.1", "IPv4-translated (SIIT) address of a loopback"},
		{"::ffff:0:a9fe:a9fe", "link-local"},
		{"::ffff:0:8.8.8.8", ""},
		// IPv4-compatible (deprecated)
		{"::127.0.0.1", "IPv4-compatible address of a loopback"},
		{"::192.168.0.1", "private"},
		{"::8.8.8.8", ""},
		// NAT64, well-known and local-use
		{"64:ff9b::a00:1", "NAT64 address of a private address (10.0.0.1)"},
		{"64:ff9b::127.0.0.1", "loopback"},
		{"64:ff9b::169.254.169.254", "link-local"},
		{"64:ff9b::808:808", ""},
		{"64:ff9b:1::8.8.8.8", "local-use NAT64"},
		// 6to4: the IPv4 address follows the prefix
		{"2002:7f00:1::", "6to4 address of a loopback address (127.0.0.1)"},
		{"2002:a9fe:a9fe::1", "link-local"},
		{"2002:0a00:0001:1::1", "private"},
		{"2002:808:808::1", ""},
		// Teredo: server, then the client's address inverted
		{"2001:0:7f00:1::", "Teredo address of a loopback address (127.0.0.1)"},
		{"2001:0:808:808::f5ff:fffe", "Teredo address of a private address (10.0.0.1)"},
		{"2001:0:808:808::f7f7:f7f7", ""}, // client 8.8.8.8
	}
	for _, tt := range tests {
		ip, err := netip.ParseAddr(tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		got := Classify(ip)
		switch {
		case tt.want == "" && got != "":
			t.Errorf("Classify(%s) = %q, want public", tt.addr, got)
		case tt.want != "" && (got == "" || !strings.Contains(got, tt.want)):
			t.Errorf("Classify(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestRefusedErrorNamesTheAddress(t *testing.T) {
	tests := []struct {
		err  RefusedError
		want string
	}{
		{RefusedError{URL: "http://[::1]:18098/internal.rss", Host: "::1", Addr: netip.MustParseAddr("::1"),
			Reason: "loopback address", Redirect: true},
			"redirect to http://[::1]:18098/internal.rss refused: loopback address"},
		{RefusedError{URL: "http://internal.example/x", Host: "internal.example",
			Addr: netip.MustParseAddr("169.254.169.254"), Reason: "link-local address", Redirect: true},
			"redirect to http://internal.example/x refused: 169.254.169.254 is a link-local address"},
		{RefusedError{URL: "http://127.0.0.1/", Host: "127.0.0.1", Addr: netip.MustParseAddr("127.0.0.1"),
			Reason: "loopback address"},
			"refused: 127.0.0.1 is a loopback address"},
		{RefusedError{URL: "http://[::]/", Host: "::", Addr: netip.MustParseAddr("::"),
			Reason: "unspecified address"},
			"refused: :: is an unspecified address"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
