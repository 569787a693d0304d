package text

import (
	"strings"
	"unicode/utf8"
)

// Repair undoes the two ways a charset mix-up garbles text that is
// otherwise valid UTF-8, and returns s with everything else as it was:
//
//   - double-encoded UTF-8, text encoded to UTF-8, read as Windows-1252 (or
//     ISO-8859-1) and encoded again: "Ã©tÃ©" is "été" and "â€¦" is "…".
//     A run of characters that are the Windows-1252 images of the bytes of
//     one UTF-8 sequence becomes that sequence's character. Legitimate
//     text practically never holds such a run: it takes a capital letter
//     with a circumflex or tilde ("Ã", "Â"), or an "â" to "ô", directly
//     followed by one to three symbols of the U+0080–U+00BF range or
//     Windows-1252 punctuation;
//   - C1 control characters (U+0080–U+009F) where Windows-1252 has
//     punctuation: a Windows-1252 document decoded as ISO-8859-1 (U+0092
//     for "’", U+0085 for "…"). They are never text: they get the
//     character of that byte in Windows-1252.
func Repair(s string) string {
	if !needsRepair(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r, n := doubleEncoded(s[i:]); n > 0 {
			b.WriteRune(r)
			i += n
			continue
		}
		if 0x80 <= r && r <= 0x9f {
			if w := windows1252[r-0x80]; w != 0 {
				r = w
			}
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// needsRepair reports whether s holds a character [Repair] may change: a
// C1 control or the image of a UTF-8 lead byte (U+00C2–U+00F4). Most text
// has neither, and is then returned without being copied.
func needsRepair(s string) bool {
	for _, r := range s {
		if 0x80 <= r && r <= 0x9f || 0xc2 <= r && r <= 0xf4 {
			return true
		}
	}
	return false
}

// doubleEncoded returns the character whose UTF-8 bytes s starts with, as
// Windows-1252 images, and how many bytes of s they take; 0 when s does
// not start so.
func doubleEncoded(s string) (rune, int) {
	lead, size := utf8.DecodeRuneInString(s)
	if !(0xc2 <= lead && lead <= 0xc5 || lead == 0xe2 || lead == 0xf0) {
		return 0, 0
	}
	var want int
	switch {
	case lead < 0xe0:
		want = 1
	case lead < 0xf0:
		want = 2
	default:
		want = 3
	}
	seq := []byte{byte(lead)}
	n := size
	for range want {
		r, size := utf8.DecodeRuneInString(s[n:])
		c, ok := byteOf(r)
		if !ok || c < 0x80 || c > 0xbf {
			return 0, 0
		}
		seq = append(seq, c)
		n += size
	}
	r, size := utf8.DecodeRune(seq)
	switch {
	case r == utf8.RuneError || size != len(seq):
		return 0, 0
	case lead == 0xe2 && seq[1] > 0x84, lead == 0xf0 && seq[1] != 0x9f:
		return 0, 0
	}
	return r, n
}

// byteOf returns the byte that Windows-1252, or ISO-8859-1 for the five
// bytes Windows-1252 leaves undefined, decodes to r.
func byteOf(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		return byte(r), true
	case r <= 0xff:
		return byte(r), true // ISO-8859-1 images, C1 controls included
	}
	for i, w := range windows1252 {
		if w == r {
			return byte(0x80 + i), true
		}
	}
	return 0, false
}

// windows1252 holds the characters of bytes 0x80–0x9F in Windows-1252; 0
// for the five it leaves undefined.
var windows1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}
