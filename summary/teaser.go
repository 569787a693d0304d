package summary

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minLead is the length, in runes, under which a feed's summary is taken for
// a teaser: a newsroom lead is one or two full sentences, rarely under 150.
const minLead = 120

// IsTeaser reports whether text, a feed item's summary as plain text (as
// returned by [Text]), is no real lead, so that the article page is worth
// fetching for one. It is a teaser when it is empty; shorter than about 120
// characters; the title again, or a prefix of it; a truncated sentence
// ending in "…", "...", "[…]" or "[...]", or cut without any final
// punctuation (see [Cut]); or when it ends with, or contains
// only, a call to action such as "Lire la suite", "Lire l'article",
// "Read more", "Continue reading" or "(more…)".
//
// The boilerplate that [Clean] removes is ignored, so a WordPress excerpt
// cut with "[…]" is a teaser even when "The post X appeared first on Y."
// follows it.
func IsTeaser(text, title string) bool {
	t := strings.TrimSpace(text)
	for {
		if t == "" || endsWithCallToAction(t) || Cut(t) {
			return true
		}
		stripped := strings.TrimSpace(removeAll(postedOn, mayHavePostedOn, t))
		if stripped == t {
			break
		}
		t = stripped
	}
	if sameAsTitle(t, title) {
		return true
	}
	return utf8.RuneCountInString(t) < minLead
}

// Clean removes the boilerplate that feed generators add to summary text,
// plain text as returned by [Text], and keeps the rest: the "The post X
// appeared first on Y." and "L'article X est apparu en premier sur Y."
// notices of WordPress plugins; the calls to action at the end ("Lire la
// suite…", "Read more »", "Continue reading →", "(more…)"); photo credits
// in parentheses ("(Crédit photo : AFP)"); the editorial labels before
// the text ("Editor's Note:", "EXCLUSIF -", "VIDÉO -", "[Podcast]"). An
// elision mark that ends the
// text ("[…]", "[...]") is replaced by "…", so that the cut stays visible.
func Clean(text string) string {
	t := stripEditorial(strings.TrimSpace(text))
	t = removeAll(credit, mayHaveCredit, t)
	for {
		before := t
		t = strings.TrimSpace(removeAll(postedOn, mayHavePostedOn, t))
		if i := callToActionStart(t); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		t = replaceElision(t)
		if t == before {
			break
		}
	}
	return collapseSpaces(t)
}

var (
	// postedOn matches the notice WordPress SEO plugins (Yoast and others)
	// append to every item of a feed, in English and in French.
	postedOn = regexp.MustCompile(`(?s)\s*(?:The post\s.{1,400}?\sappeared first on\s.{1,200}?` +
		`|L['’]article\s.{1,400}?\sest apparu en premier sur\s.{1,200}?)\.?\s*$`)

	// elisionEnd matches an elision mark that ends a text cut by its feed.
	elisionEnd = regexp.MustCompile(`\s*[\[(](?:…|\.\.\.)[\])]\s*$`)

	// credit matches a photo credit in parentheses, anywhere.
	credit = regexp.MustCompile(`(?i)\s*\((?:cr[ée]dits?(?:\s+photos?)?|photo\s+credits?|image\s+credits?|photos?\s*:|illustration\s*:)[^()]{0,120}\)`)
)

// removeAll removes every match of re from t, unless guard says there is
// none.
func removeAll(re *regexp.Regexp, guard func(string) bool, t string) string {
	if !guard(t) {
		return t
	}
	return re.ReplaceAllString(t, "")
}

// replaceElision replaces an elision mark that ends t by an ellipsis after
// its last word.
func replaceElision(t string) string {
	if !mayEndWithElision(t) {
		return t
	}
	loc := elisionEnd.FindStringIndex(t)
	if loc == nil {
		return t
	}
	t = strings.TrimRightFunc(t[:loc[0]], dangling)
	if t != "" {
		t += ellipsis
	}
	return t
}

// endsWithCallToAction reports whether t ends with a link to the rest of
// the article.
func endsWithCallToAction(t string) bool {
	return callToActionStart(t) >= 0
}

// truncated reports whether t ends with an ellipsis or an elision mark,
// the sign of a summary cut by the feed. An ellipsis inside closing
// quotes ("« Nous verrons… »") is a complete quotation, not a cut.
func truncated(t string) bool {
	return strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...") ||
		mayEndWithElision(t) && elisionEnd.MatchString(t)
}

// sameAsTitle reports whether t is the title, or the start of it, once case,
// punctuation and spacing are set aside.
func sameAsTitle(t, title string) bool {
	ntitle := Normalize(title)
	// A text with more letters and digits than the title cannot be it:
	// counting them is cheaper than normalizing a whole summary.
	if ntitle == "" || moreLettersThan(t, utf8.RuneCountInString(ntitle)) {
		return false
	}
	nt := Normalize(t)
	if nt == "" {
		return false
	}
	return strings.HasPrefix(ntitle, nt) || nt == ntitle
}

// moreLettersThan reports whether s has more than n letters and digits.
func moreLettersThan(s string, n int) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if n--; n < 0 {
				return true
			}
		}
	}
	return false
}

// Normalize keeps the letters and digits of s, lowercased, with single
// spaces between words: two texts that differ only in case, punctuation
// and spacing normalize alike.
func Normalize(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// collapseSpaces replaces runs of whitespace with single spaces.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
