package text

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Decompose appends to dst the runes of the compatibility decomposition
// (Unicode NFKD) of s and returns the extended slice: accents become
// combining marks after their letter, and compatibility forms (ﬁ,
// full-width and styled letters, superscripts) plain letters and digits.
// Bytes that are not UTF-8 become utf8.RuneError, one per byte.
//
// Unlike norm.NFKD, Decompose does not sort a run of combining marks into
// canonical order, the only thing NFKD does across runes: folding drops the
// marks, so their order never matters, and decomposing one rune at a time
// lets ASCII through at the cost of a comparison and allocates nothing
// beyond dst.
func Decompose(dst []rune, s string) []rune {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			dst = append(dst, rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError:
			dst = append(dst, r)
		case 0xAC00 <= r && r <= 0xD7A3:
			// Hangul syllables decompose by algorithm, not by table.
			var buf [16]byte
			for _, d := range string(norm.NFKD.AppendString(buf[:0], s[i:i+size])) {
				dst = append(dst, d)
			}
		default:
			if d := norm.NFKD.PropertiesString(s[i : i+size]).Decomposition(); d != nil {
				for _, d := range string(d) {
					dst = append(dst, d)
				}
			} else {
				dst = append(dst, r)
			}
		}
		i += size
	}
	return dst
}

// IsMark reports whether r is a combining mark (Unicode category M), which
// folding drops: accents and other marks are not letters of their own, and
// the word they belong to goes on after them.
func IsMark(r rune) bool {
	return r >= 0x300 && unicode.Is(unicode.M, r)
}

// IsLetter reports whether r is a letter of a word. It is unicode.IsLetter
// except for the modifier letter apostrophe: Unicode counts "ʼ" as a
// letter, but "lʼIA" is "l'IA" typed on another keyboard.
func IsLetter(r rune) bool {
	return r != 'ʼ' && unicode.IsLetter(r)
}

// AppendFolded appends to dst the letter r, a rune of a decomposition, as
// folding spells it with its case kept, and returns the extended slice. The
// ligatures œ and æ have no decomposition, yet "cœur" is "coeur": they are
// spelled "oe" and "ae" ("OE" and "AE" in capitals). Other runes are
// appended as they are.
func AppendFolded(dst []byte, r rune) []byte {
	switch r {
	case 'œ':
		return append(dst, "oe"...)
	case 'Œ':
		return append(dst, "OE"...)
	case 'æ':
		return append(dst, "ae"...)
	case 'Æ':
		return append(dst, "AE"...)
	}
	return utf8.AppendRune(dst, r)
}

// AppendFoldedLower appends to dst the letter r, a rune of a decomposition,
// as folding spells it in lowercase, and returns the extended slice. Beyond
// the ligatures of [AppendFolded], "ß" and "ẞ" are spelled "ss", as German
// writes them in capitals, and the final sigma "ς" is "σ", so that a Greek
// word matches wherever it ends.
func AppendFoldedLower(dst []byte, r rune) []byte {
	if 'A' <= r && r <= 'Z' {
		return append(dst, byte(r)+'a'-'A')
	}
	if r < utf8.RuneSelf {
		return append(dst, byte(r))
	}
	switch r {
	case 'œ', 'Œ':
		return append(dst, "oe"...)
	case 'æ', 'Æ':
		return append(dst, "ae"...)
	case 'ß', 'ẞ':
		return append(dst, "ss"...)
	case 'ς':
		return utf8.AppendRune(dst, 'σ')
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}
