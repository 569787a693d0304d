package summary

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
)

// ellipsis marks text cut inside a sentence.
const ellipsis = "…"

// Truncate returns s cut to at most max runes, the ellipsis included.
// max <= 0 means no limit.
//
// If the whole text fits, it is returned unchanged (or trimmed, if only its
// surrounding whitespace is too long). Otherwise Truncate keeps as many whole
// leading sentences, as found by [text.Sentences], as fit, without an ellipsis
// since they are complete. When not even the first sentence fits, it cuts at
// the last space within max-1 runes, drops the punctuation left dangling at
// the end (",;:", dashes, "&", "/" and opening quotes and brackets) and
// appends "…". It never cuts inside a word, except a word longer than max,
// which is cut to max-1 runes and followed by "…". When no whole word fits
// and the first word is not longer than max (always so with max == 1), the
// result is "…" alone.
func Truncate(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	// Sentence ends are followed by a space, so s[:end] needs no trimming.
	kept, runes := 0, 0
	for end := range text.SentenceEnds(s) {
		if runes += utf8.RuneCountInString(s[kept:end]); runes > max {
			break
		}
		kept = end
	}
	if kept > 0 {
		return s[:kept]
	}
	return cutWords(s, max-1) + ellipsis
}

// cutWords returns the longest run of whole words at the start of text that
// fits in limit runes, without dangling punctuation. If there is none, it
// cuts the word at limit runes if that word is longer than limit+1 (the
// caller's max), and returns "" otherwise. text is trimmed and longer than
// limit+1 runes.
func cutWords(text string, limit int) string {
	b := 0 // byte offset after limit runes
	for n := 0; n < limit && b < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	cut := ""
	if r, _ := utf8.DecodeRuneInString(text[b:]); unicode.IsSpace(r) {
		cut = text[:b]
	} else if k := strings.LastIndexFunc(text[:b], unicode.IsSpace); k >= 0 {
		cut = text[:k]
	}
	if cut = strings.TrimRightFunc(cut, dangling); cut != "" {
		return cut
	}
	// Only a word longer than max may be cut: the room left is too small for
	// anything else. Do not separate a letter from its combining accents.
	start := 0
	if k := strings.LastIndexFunc(text[:b], unicode.IsSpace); k >= 0 {
		_, size := utf8.DecodeRuneInString(text[k:])
		start = k + size
	}
	end := strings.IndexFunc(text[b:], unicode.IsSpace)
	if end < 0 {
		end = len(text)
	} else {
		end += b
	}
	if utf8.RuneCountInString(text[start:end]) <= limit+1 {
		return ""
	}
	for b > start {
		r, _ := utf8.DecodeRuneInString(text[b:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(text[:b])
		b -= size
	}
	return strings.TrimRightFunc(text[:b], dangling)
}

// dangling reports whether r, at the end of a cut text, is left over from
// what followed: a space, punctuation that announces more, or an opening
// quote or bracket.
func dangling(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case ',', ';', ':', '-', '‐', '–', '—', '(', '[', '{', '«', '“', '‘', '‹', '&', '/':
		return true
	}
	return false
}
