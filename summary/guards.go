package summary

import (
	"strings"
	"unicode/utf8"
)

// Go's regexp package has no end-anchored search and no literal prefix for
// case-insensitive patterns: each pattern is tried from every position of
// the text, and Clean and IsTeaser took most of a first pass's CPU that way.
// Each pattern is therefore guarded by a test that is cheap and exact in one
// direction — it never says no when the pattern could match, which
// FuzzGuards checks — so that the common text costs a few comparisons.

// mayHavePostedOn reports whether postedOn could match t.
func mayHavePostedOn(t string) bool {
	return strings.Contains(t, "appeared first on") || strings.Contains(t, "est apparu en premier sur")
}

// mayEndWithElision reports whether elisionEnd could match t.
func mayEndWithElision(t string) bool {
	t = strings.TrimRight(t, reSpace)
	for _, mark := range []string{"…]", "…)", "...]", "...)"} {
		if strings.HasSuffix(t, mark) {
			return true
		}
	}
	return false
}

// mayHaveCredit reports whether credit could match t: some "(" is followed
// by the start of one of its words.
func mayHaveCredit(t string) bool {
	for {
		i := strings.IndexByte(t, '(')
		if i < 0 {
			return false
		}
		t = t[i+1:]
		for _, word := range []string{"cr", "photo", "image", "illustration"} {
			if hasPrefixFold(t, word) {
				return true
			}
		}
	}
}

// reSpace is what \s matches in a regexp.
const reSpace = "\t\n\f\r "

// hasPrefixFold reports whether s begins with prefix, under the simple case
// folding that regexp's (?i) uses.
func hasPrefixFold(s, prefix string) bool {
	return strings.EqualFold(headRunes(s, utf8.RuneCountInString(prefix)), prefix)
}

// headRunes returns the first n runes of s, or s if it is shorter.
func headRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// tailRunes returns the last n runes of s, or s if it is shorter.
func tailRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}
