package curation

import (
	"unicode"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
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

// add appends the tokens of s. Folding one rune at a time gives the same
// letters as folding the whole text (see [text.Decompose]).
func (t *tokens) add(s string) {
	var buf [18]rune // the longest decomposition of a rune, U+FDFA's
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
		_, size := utf8.DecodeRuneInString(s[i:])
		for _, r := range text.Decompose(buf[:0], s[i:i+size]) {
			t.addRune(r)
		}
		i += size
	}
	t.end()
}

// addRune adds r, a rune already decomposed.
func (t *tokens) addRune(r rune) {
	switch {
	case text.IsMark(r):
		// Accents and other marks go; the word they belong to goes on.
	case text.IsLetter(r) || unicode.IsDigit(r):
		t.start()
		if unicode.IsLower(r) {
			t.hasLower = true
		}
		t.folded = text.AppendFolded(t.folded, r)
		t.lower = text.AppendFoldedLower(t.lower, r)
	default:
		t.end()
	}
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
