package text

import (
	"bytes"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// Encoding returns the character encoding body is written in, and its
// WHATWG name ("utf-8", "windows-1252", "utf-16le"...). declared holds the
// charset labels body comes with, most trusted first: for a web page, the
// Content-Type header's then its <meta> one ([HTMLEncoding]); for a feed,
// the header's then its XML declaration's ([XMLEncoding]). Empty and
// unknown labels are skipped. In order:
//
//  1. a byte order mark decides, and so do the first bytes of a UTF-16 or
//     UTF-32 document without one, as the XML specification's appendix F
//     reads them ("<" or "<?" spelt with NUL bytes): the XML declaration
//     that would name the encoding cannot be read before it is known;
//  2. body that is valid UTF-8 and not only ASCII is UTF-8, whatever is
//     declared: text in a legacy charset is practically never valid UTF-8,
//     while servers that label everything ISO-8859-1 are common;
//  3. else the first declared label decides, except that a declared UTF-8
//     is passed over for a body with more invalid sequences than valid
//     multi-byte ones (a server that calls everything UTF-8 serving a
//     Latin-1 page) and a declared UTF-16 means UTF-8 for a body without
//     NUL bytes, which UTF-16 text always has (the HTML standard reads a
//     <meta> UTF-16 so, since a declaration readable as ASCII is not UTF-16);
//  4. else UTF-8 if body is valid UTF-8;
//  5. else a legacy encoding of a script other than Latin (KOI8-R,
//     Windows-1251, GB18030, Big5, Shift_JIS, EUC-KR...) when statistical
//     detection is sure of it (see [detectLegacy]);
//  6. else windows-1252, a superset of ISO-8859-1 for printable text and
//     what undeclared legacy French pages and feeds nearly always are.
func Encoding(body []byte, declared ...string) (encoding.Encoding, string) {
	if e, name, _ := bom(body); e != nil {
		return e, name
	}
	if e, name := wideXML(body); e != nil {
		return e, name
	}
	valid := utf8.Valid(body)
	if valid && !ascii(body) {
		return unicode.UTF8, "utf-8"
	}
	for _, label := range declared {
		if label == "" {
			continue
		}
		e, name := charset.Lookup(label)
		switch {
		case e == nil:
			continue
		case strings.HasPrefix(name, "utf-16") && bytes.IndexByte(body, 0) >= 0:
			return e, name // UTF-16 without a byte order mark
		case name == "utf-8" && wideLabel(label):
			// WHATWG, which x/net follows, maps no label to UTF-32 and
			// reads "utf-32" as nothing; a UTF-32 body is found by its
			// first bytes above, so one declared so here is ASCII.
			continue
		case name == "utf-8", strings.HasPrefix(name, "utf-16"):
			if mostlyUTF8(body) {
				return unicode.UTF8, "utf-8"
			}
			continue
		}
		return e, name
	}
	if valid {
		return unicode.UTF8, "utf-8"
	}
	if e, name := detectLegacy(body); e != nil {
		return e, name
	}
	return charmap.Windows1252, "windows-1252"
}

// Decode returns body in UTF-8, decoded from the encoding [Encoding] finds
// with the declared labels, without a byte order mark and with invalid
// sequences replaced by U+FFFD. Valid UTF-8 is returned as it is, not
// copied.
func Decode(body []byte, declared ...string) ([]byte, error) {
	e, name := Encoding(body, declared...)
	body = trimBOM(body)
	if name == "utf-8" && utf8.Valid(body) {
		return body, nil
	}
	out, _, err := transform.Bytes(e.NewDecoder(), body)
	return out, err
}

// NewReader returns a reader of body in UTF-8, as [Decode] returns it but
// decoded as it is read.
func NewReader(body []byte, declared ...string) io.Reader {
	e, name := Encoding(body, declared...)
	body = trimBOM(body)
	if name == "utf-8" && utf8.Valid(body) {
		return bytes.NewReader(body)
	}
	return transform.NewReader(bytes.NewReader(body), e.NewDecoder())
}

// Known reports whether label names an encoding [Encoding] can decode.
func Known(label string) bool {
	e, _ := charset.Lookup(label)
	return e != nil
}

// bom returns the encoding named by the byte order mark body starts with,
// its name and the mark's length; a nil encoding if there is none.
func bom(body []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	// UTF-32's marks first: UTF-32LE's starts with UTF-16LE's.
	case bytes.HasPrefix(body, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", 4
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", 4
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	return nil, "", 0
}

// wideXML returns the UTF-16 or UTF-32 encoding that an XML document
// without a byte order mark is in, read from its first character, "<",
// and the one after it; a nil encoding for any other body.
func wideXML(body []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0x3C, 0x00, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"
	case bytes.HasPrefix(body, []byte{0x00, 0x00, 0x00, 0x3C}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"
	case bytes.HasPrefix(body, []byte{0x3C, 0x00}) && len(body) > 3 && body[3] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case bytes.HasPrefix(body, []byte{0x00, 0x3C}) && len(body) > 2 && body[2] == 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	}
	return nil, ""
}

// wideLabel reports whether label names UTF-32, or UCS-4 as older
// documents call it.
func wideLabel(label string) bool {
	label = strings.ToLower(label)
	return strings.HasPrefix(label, "utf-32") || strings.HasPrefix(label, "ucs-4") || label == "utf32"
}

// detectScan bounds the bytes statistical detection reads: a feed's
// first items tell its encoding as well as all of them.
const detectScan = 64 << 10

// detectMinBytes is the fewest bytes outside ASCII that statistical
// detection is given: from one or two letters it guesses anything.
const detectMinBytes = 16

// detectMinConfidence is the confidence (out of 100) below which a
// detected encoding is not trusted. The detector gives less than 50 to a
// one-line title of Cyrillic in KOI8-R, which it names right, and about
// 10 to the Latin guesses it ranks behind it.
const detectMinConfidence = 30

// detectLegacy returns the encoding that statistical detection
// (github.com/gogs/chardet, the detector go-readability already brings)
// finds for body, when it is sure enough and the encoding is one of a
// script other than Latin; else nil. Latin guesses are left to the
// windows-1252 fallback: on short French text the detector often picks
// ISO-8859-2 or ISO-8859-9 from a handful of accented letters, and
// windows-1252 reads ISO-8859-1 text right in every case.
func detectLegacy(body []byte) (encoding.Encoding, string) {
	body = body[:min(len(body), detectScan)]
	if nonASCII(body) < detectMinBytes {
		return nil, ""
	}
	r, err := chardet.NewTextDetector().DetectBest(highRuns(body))
	if err != nil || r.Confidence < detectMinConfidence {
		return nil, ""
	}
	switch strings.ToLower(r.Charset) {
	case "koi8-r", "windows-1251", "iso-8859-5", "gb18030", "gb2312", "big5", "shift_jis", "euc-jp",
		"euc-kr", "iso-2022-jp", "iso-2022-kr", "iso-2022-cn", "windows-1253", "iso-8859-7",
		"windows-1255", "iso-8859-8", "iso-8859-8-i", "windows-1256", "iso-8859-6":
		e, name := charset.Lookup(r.Charset)
		return e, name
	}
	return nil, ""
}

func trimBOM(body []byte) []byte {
	_, _, n := bom(body)
	return body[n:]
}

// highRuns returns the runs of bytes outside ASCII of b, a space after
// each: the words of a legacy script with the markup around them left
// out. The detector weighs every byte pair, and an XML feed's ASCII tags
// outweigh a Cyrillic title: KOI8-R then scored below ISO-8859-1.
func highRuns(b []byte) []byte {
	out := make([]byte, 0, len(b)/2)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		j := i
		for j < len(b) && (b[j] >= utf8.RuneSelf || multiByteASCII(b, j)) {
			j++
		}
		out = append(append(out, b[i:j]...), ' ')
		i = j
	}
	return out
}

// multiByteASCII reports whether b[i], an ASCII byte, is the second byte
// of a double-byte character (Shift_JIS, Big5 and GBK trail bytes go down
// to 0x40): it must stay with its lead.
func multiByteASCII(b []byte, i int) bool {
	return i > 0 && b[i-1] >= 0x81 && b[i] >= 0x40 && b[i] != '<' && b[i] != '>'
}

func nonASCII(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mostlyUTF8 reports whether body is UTF-8, allowing a few invalid bytes
// (a cut comment, one pasted Latin-1 word) among more valid multi-byte
// characters.
func mostlyUTF8(body []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return invalid == 0 || valid > invalid
}

// ContentTypeCharset returns the charset named by a Content-Type value
// such as "text/html; charset=iso-8859-1", or "". Malformed values
// ("text/html; charset", stray quotes, "charset = x") are common, so one
// that mime.ParseMediaType refuses is read leniently.
func ContentTypeCharset(contentType string) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return strings.Trim(params["charset"], "'") // a token to mime, not to authors
	}
	i := strings.Index(strings.ToLower(contentType), "charset")
	if i < 0 {
		return ""
	}
	v := strings.TrimLeft(contentType[i+len("charset"):], " \t")
	if !strings.HasPrefix(v, "=") {
		return ""
	}
	v = strings.Trim(strings.TrimLeft(v[1:], " \t"), `"'`)
	if j := strings.IndexAny(v, `;"' `); j >= 0 {
		v = v[:j]
	}
	return v
}

// xmlDeclaration finds the encoding named by an XML declaration.
var xmlDeclaration = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// XMLEncoding returns the encoding label of body's XML declaration
// (<?xml version="1.0" encoding="ISO-8859-1"?>), after a UTF-8 byte order
// mark if there is one, or "".
func XMLEncoding(body []byte) string {
	body = bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF})
	head := body[:min(len(body), 512)]
	if m := xmlDeclaration.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// htmlScanLimit bounds the search for a <meta> charset declaration.
const htmlScanLimit = 64 << 10

// HTMLEncoding returns the first known encoding label declared by a
// <meta charset> or <meta http-equiv="Content-Type"> element of an HTML
// page before its body starts, or "". Unlike the HTML standard's
// prescan, it looks beyond the first 1024 bytes, in the whole head: a
// browser that meets a declaration later reloads the page.
func HTMLEncoding(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), htmlScanLimit)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Meta:
			default:
				continue
			}
			var label string
			pragma := false
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				switch strings.ToLower(string(key)) {
				case "charset":
					label = string(val)
					pragma = true
				case "http-equiv":
					if strings.EqualFold(string(val), "content-type") {
						pragma = true
					}
				case "content":
					if label == "" {
						label = ContentTypeCharset(string(val))
					}
				}
			}
			if pragma && Known(label) {
				return label
			}
		}
	}
}
