package publisher

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// canonicalURL returns the absolute http(s) URL s in the normal form of
// RFC 3986 §6.2.2, or "" when s is not one: scheme and host in lower case,
// the host in ASCII (IDNA), no default port, an empty path as "/", no dot
// segments, and every character of the path, query and fragment that is not
// allowed there as is percent-encoded from UTF-8 (NFC), with escapes of
// unreserved characters decoded and upper-case hexadecimal digits.
//
// The form is equivalent to s for every server, and it is what feed
// validators compare ids with: the W3C validator warns about an Atom id
// that is not canonical (NonCanonicalURI), and its RSS checks accept only
// ASCII URI characters, so a link with an "é" or a space in its path would
// be an error (InvalidFullLink) although browsers follow it.
func canonicalURL(s string) string {
	scheme, rest, ok := strings.Cut(s, ":")
	scheme = strings.ToLower(scheme)
	if !ok || (scheme != "http" && scheme != "https") || !strings.HasPrefix(rest, "//") {
		return ""
	}
	rest = rest[2:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	host, ok := canonicalHost(rest[:end], scheme)
	if !ok {
		return ""
	}
	rest = rest[end:]
	var query, fragment string
	hasQuery, hasFragment := false, false
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, fragment, hasFragment = rest[:i], rest[i+1:], true
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query, hasQuery = rest[:i], rest[i+1:], true
	}
	var b strings.Builder
	b.WriteString(scheme + "://" + host + canonicalPath(rest))
	if hasQuery {
		b.WriteString("?" + requote(query, pchar+"/?"))
	}
	if hasFragment {
		b.WriteString("#" + requote(fragment, pchar+"/?"))
	}
	return b.String()
}

// pchar lists the characters that a path segment may hold as they are,
// besides letters, digits and the unreserved "-._~" (RFC 3986 §3.3).
const pchar = "!$&'()*+,;=:@"

// canonicalHost returns the host and port of authority in normal form. It
// refuses user information, which has no place in a published link.
func canonicalHost(authority, scheme string) (string, bool) {
	if authority == "" || strings.ContainsAny(authority, "@ \t\r\n\\") {
		return "", false
	}
	host, port := authority, ""
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.Contains(authority[i:], "]") {
		host, port = authority[:i], authority[i+1:]
		for _, c := range port {
			if c < '0' || c > '9' {
				return "", false
			}
		}
	}
	if host == "" {
		return "", false
	}
	if !strings.HasPrefix(host, "[") {
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			ascii, err = idna.Punycode.ToASCII(host)
		}
		if err != nil {
			return "", false
		}
		host = ascii
	}
	host = strings.ToLower(host)
	port = strings.TrimLeft(port, "0")
	if port == "" || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		return host, true
	}
	return host + ":" + port, true
}

// canonicalPath removes the dot segments of the absolute path p and
// requotes each segment.
func canonicalPath(p string) string {
	var out []string
	segs := strings.Split(p, "/")
	for i, seg := range segs[1:] {
		last := i == len(segs)-2
		switch seg {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, requote(seg, pchar))
		}
	}
	return "/" + strings.Join(out, "/")
}

// requote decodes the escapes of s and encodes again every byte that is
// neither a letter, a digit, one of "-._~" nor in safe. An escaped reserved
// character stays escaped, since decoding it could change the meaning ("%26"
// in a query value is not "&"), and a "%" that starts no valid escape is
// taken literally.
func requote(s, safe string) string {
	var b strings.Builder
	var raw []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			raw = append(raw, s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		i += 2
		if strings.IndexByte(reserved, c) >= 0 {
			quote(&b, raw, safe)
			raw = raw[:0]
			b.WriteString("%" + strings.ToUpper(s[i-1:i+1]))
			continue
		}
		raw = append(raw, c)
	}
	quote(&b, raw, safe)
	return b.String()
}

// reserved lists the reserved characters of RFC 3986 §2.2.
const reserved = ":/?#[]@!$&'()*+,;="

// quote writes raw to b, normalized to NFC, with the bytes outside the
// unreserved characters and safe percent-encoded.
func quote(b *strings.Builder, raw []byte, safe string) {
	const hexDigits = "0123456789ABCDEF"
	for _, c := range norm.NFC.Bytes(raw) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~", c) >= 0, c < 0x80 && strings.IndexByte(safe, c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
