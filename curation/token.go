package curation

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// span locates the start of a token in a tokens' folded and lower buffers.
// The buffers hold nothing between tokens, so a token ends where the next
// one starts.
type span struct {
	folded, lower int
}

// tokens is a text cut into word tokens, each kept in two spellings: folded
// (compatibility-decomposed, marks removed, case kept) to match acronyms and
// lower (folded and lowercased) to match other terms. The buffers are reused
// from one text to the next to spare allocations.
type tokens struct {
	folded, lower []byte
	spans         []span
	open          bool // a token is being read
	hasLower      bool // the text has a lowercase letter
}

// reset empties t, keeping its buffers.
func (t *tokens) reset() {
	t.folded, t.lower, t.spans = t.folded[:0], t.lower[:0], t.spans[:0]
	t.open, t.hasLower = false, false
}

func (t *tokens) len() int { return len(t.spans) }

// foldedAt and lowerAt return the i-th token's spellings. The bytes are only
// valid until the next reset.
func (t *tokens) foldedAt(i int) []byte {
	end := len(t.folded)
	if i+1 < len(t.spans) {
		end = t.spans[i+1].folded
	}
	return t.folded[t.spans[i].folded:end]
}

func (t *tokens) lowerAt(i int) []byte {
	end := len(t.lower)
	if i+1 < len(t.spans) {
		end = t.spans[i+1].lower
	}
	return t.lower[t.spans[i].lower:end]
}

// add appends the tokens of s. Decomposing one rune at a time gives the same
// letters as NFKD of the whole text because the only thing NFKD does across
// runes, the canonical ordering of combining marks, concerns marks, which are
// removed.
func (t *tokens) add(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				t.start()
				t.folded = append(t.folded, c)
				t.lower = append(t.lower, c)
				t.hasLower = true
			case 'A' <= c && c <= 'Z':
				t.start()
				t.folded = append(t.folded, c)
				t.lower = append(t.lower, c+'a'-'A')
			case '0' <= c && c <= '9':
				t.start()
				t.folded = append(t.folded, c)
				t.lower = append(t.lower, c)
			default:
				t.end()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError:
			t.end()
		case 0xAC00 <= r && r <= 0xD7A3:
			// Hangul syllables decompose by algorithm, not by table.
			var buf [16]byte
			for _, d := range string(norm.NFKD.AppendString(buf[:0], s[i:i+size])) {
				t.addRune(d)
			}
		default:
			if d := norm.NFKD.PropertiesString(s[i : i+size]).Decomposition(); d != nil {
				for _, r := range string(d) {
					t.addRune(r)
				}
			} else {
				t.addRune(r)
			}
		}
		i += size
	}
	t.end()
}

// addRune adds r, a rune already decomposed.
func (t *tokens) addRune(r rune) {
	switch {
	case unicode.Is(unicode.M, r):
		// Accents and other marks go; the word they belong to goes on.
	case r == 'ʼ':
		// Unicode counts the modifier letter apostrophe as a letter, but
		// "lʼIA" is "l'IA" typed on another keyboard.
		t.end()
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		t.start()
		if unicode.IsLower(r) {
			t.hasLower = true
		}
		// French ligatures have no decomposition, yet "cœur" is "coeur".
		switch r {
		case 'œ':
			t.ligature("oe", "oe")
			return
		case 'Œ':
			t.ligature("OE", "oe")
			return
		case 'æ':
			t.ligature("ae", "ae")
			return
		case 'Æ':
			t.ligature("AE", "ae")
			return
		}
		t.folded = utf8.AppendRune(t.folded, r)
		switch r {
		case 'ß', 'ẞ':
			t.lower = append(t.lower, "ss"...)
		case 'ς':
			t.lower = utf8.AppendRune(t.lower, 'σ')
		default:
			t.lower = utf8.AppendRune(t.lower, unicode.ToLower(r))
		}
	default:
		t.end()
	}
}

// ligature adds a letter spelled as two.
func (t *tokens) ligature(folded, lower string) {
	t.folded = append(t.folded, folded...)
	t.lower = append(t.lower, lower...)
}

// start opens a token unless one is open.
func (t *tokens) start() {
	if !t.open {
		t.open = true
		t.spans = append(t.spans, span{folded: len(t.folded), lower: len(t.lower)})
	}
}

// end closes the open token, if any.
func (t *tokens) end() { t.open = false }
