package outbound

import (
	"net/netip"
	"strings"
)

// special lists the ranges that are not the public Internet, most specific
// first, with the kind of address each holds.
var special = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"}, // "this network"; 0.0.0.0 reaches localhost on Linux
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "CGNAT"}, // a carrier's, or a VPN's, internal network
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"}, // cloud metadata endpoints live here
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // and the broadcast address
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64"}, // where the IPv4 sits depends on the operator's prefix
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("fc00::/7"), "unique-local"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// embedding lists the IPv6 ranges whose addresses carry an IPv4 address
// that the network translates or tunnels to: such an address is as public
// as the IPv4 addresses it embeds.
var embedding = []struct {
	prefix netip.Prefix
	kind   string
	ipv4   func(b [16]byte) [][4]byte
}{
	{netip.MustParsePrefix("::ffff:0:0/96"), "IPv4-mapped", last32},
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "IPv4-translated (SIIT)", last32},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible", last32}, // after :: and ::1, in special
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64", last32},
	{netip.MustParsePrefix("2002::/16"), "6to4", func(b [16]byte) [][4]byte {
		return [][4]byte{[4]byte(b[2:6])}
	}},
	// Teredo: the server's IPv4 address, then the client's, inverted.
	{netip.MustParsePrefix("2001::/32"), "Teredo", func(b [16]byte) [][4]byte {
		client := [4]byte(b[12:16])
		for i := range client {
			client[i] = ^client[i]
		}
		return [][4]byte{[4]byte(b[4:8]), client}
	}},
}

func last32(b [16]byte) [][4]byte { return [][4]byte{[4]byte(b[12:16])} }

// Classify returns what ip is when it is not a public unicast address, as a
// noun phrase ("loopback address", "private address", "NAT64 address of a
// loopback address (127.0.0.1)"), and "" when it is public. It refuses the
// loopback, private (RFC 1918), CGNAT (100.64/10), link-local (169.254/16,
// fe80::/10), unique-local (fc00::/7), unspecified, multicast,
// documentation, benchmarking and other reserved ranges, and judges an IPv6
// address that embeds an IPv4 one (IPv4-mapped, IPv4-translated,
// IPv4-compatible, NAT64, 6to4, Teredo) by the IPv4 address it embeds.
func Classify(ip netip.Addr) string {
	// A zoned address never matches a prefix: drop the zone first.
	ip = ip.WithZone("")
	if !ip.IsValid() {
		return "invalid address"
	}
	for _, s := range special {
		if s.prefix.Contains(ip) {
			return s.kind + " address"
		}
	}
	for _, e := range embedding {
		if !e.prefix.Contains(ip) {
			continue
		}
		for _, v4 := range e.ipv4(ip.As16()) {
			inner := netip.AddrFrom4(v4)
			if kind := Classify(inner); kind != "" {
				return e.kind + " address of " + article(kind) + " " + kind + " (" + inner.String() + ")"
			}
		}
		return ""
	}
	return ""
}

// article returns "a" or "an" for the kinds of Classify.
func article(phrase string) string {
	if strings.HasPrefix(phrase, "unique") {
		return "a"
	}
	if strings.ContainsAny(phrase[:1], "aeiouAEIOU") {
		return "an"
	}
	return "a"
}
