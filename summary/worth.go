package summary

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
)

// Below these, a feed's text is no summary: "1", "Comments", "Read more",
// a bare URL, a kicker ("Des vétérans au chevet des soignants").
const (
	minWords = 5
	// minCut is the length, in runes, over which a text without any
	// sentence end is taken for a sentence its feed cut, and under which it
	// is a label, a heading or a list.
	minCut = 100
)

// Worthless reports whether text, a feed item's summary as returned by
// [Clean], is no text a reader could take for a summary of the item
// titled title, so that nothing is better: it has fewer than five words;
// it is the title again or nearly (at most one word that the title does not
// have); it is a bare list of tags ("IA, OpenAI, Tech"); or it has no
// sentence end and is too short, under about 100 characters, to be a
// sentence that its feed cut.
//
// Words of Chinese and Japanese text, which has no spaces, are counted as
// one for every two characters.
func Worthless(t, title string) bool {
	t = strings.TrimSpace(t)
	if countWords(t) < minWords || sameAsTitle(t, title) || nearTitle(t, title) {
		return true
	}
	if hasSentenceEnd(t) {
		return false
	}
	return tagList(t) || utf8.RuneCountInString(t) <= minCut
}

// Cut reports whether t, a summary as returned by [Clean], is a sentence
// that its feed cut: over about 100 characters without a final
// punctuation ("…à appeler de"), or ending with an ellipsis or an elision
// mark.
func Cut(t string) bool {
	t = strings.TrimSpace(t)
	if truncated(t) {
		return true
	}
	return !text.EndsSentence(t) && utf8.RuneCountInString(t) > minCut
}

// Whole returns the complete sentences at the start of t, a text its feed
// cut (see [Cut]), and drops the sentence that was cut. When the cut is in
// the first sentence, nothing of it can be completed: it is kept, its
// dangling punctuation dropped, and ends with "…" to say so.
func Whole(t string) string {
	t = strings.TrimSpace(t)
	if !Cut(t) {
		return t
	}
	kept := 0
	for end := range text.SentenceEnds(t) {
		kept = end
	}
	if kept > 0 {
		return strings.TrimSpace(t[:kept])
	}
	// Clean has made an elision mark an ellipsis.
	t = strings.TrimSuffix(strings.TrimSuffix(t, ellipsis), "...")
	t = strings.TrimRightFunc(t, dangling)
	if t == "" {
		return ""
	}
	return t + ellipsis
}

// countWords counts the words of t, up to minWords.
func countWords(t string) int {
	n, cjk := 0, 0
	inWord := false
	for _, r := range t {
		switch {
		case caseless(r):
			cjk++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		case unicode.IsSpace(r):
			inWord = false
		}
		if n+cjk/2 >= minWords {
			return minWords
		}
	}
	return n + cjk/2
}

// caseless reports whether r is a letter of Chinese, Japanese or Korean.
func caseless(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// hasSentenceEnd reports whether t has a sentence end, inside or at its end.
func hasSentenceEnd(t string) bool {
	if text.EndsSentence(t) {
		return true
	}
	for range text.SentenceEnds(t) {
		return true
	}
	return false
}

// nearTitle reports whether t says the title again with at most one word
// of its own: "La justice européenne contre-attaque !" for a title "La
// justice européenne contre-attaque", or the title and the rubric.
func nearTitle(t, title string) bool {
	titleWords := strings.Fields(Normalize(title))
	// Most summaries are far longer than their title: counting their words
	// up to the bound tells so without normalizing them. Lowercasing can
	// split a word (İ), never join two, so the count before it is a floor.
	if len(titleWords) == 0 || wordsOver(t, len(titleWords)+1) {
		return false
	}
	words := strings.Fields(Normalize(t))
	if len(words) > len(titleWords)+1 {
		return false
	}
	in := make(map[string]bool, len(titleWords))
	for _, w := range titleWords {
		in[w] = true
	}
	own := 0
	for _, w := range words {
		if !in[w] {
			own++
		}
	}
	return own <= 1 && own < len(words)
}

// tagList reports whether t, which has no sentence end, is a list of tags:
// hashtags only, or three or more short items between commas, semicolons,
// bars or bullets.
func tagList(t string) bool {
	fields := strings.Fields(t)
	hashtags := 0
	for _, f := range fields {
		if strings.HasPrefix(f, "#") {
			hashtags++
		}
	}
	if hashtags > 0 && hashtags == len(fields) {
		return true
	}
	parts := strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(",;|•·/", r) })
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if len(strings.Fields(p)) > 3 {
			return false
		}
	}
	return true
}

// editorial matches the labels newsrooms put before a summary: "Editor's
// Note:", "EXCLUSIF -", "VIDÉO -", "[Podcast]", "Direct :". A dash must
// have spaces around it, so that "Vidéo-surveillance" stays.
var editorial = regexp.MustCompile(`(?i)^\s*(?:` +
	`[\[(](?:podcast|vid[ée]os?|en images|photos?|infographie|exclusif|exclusive|exclusivit[ée]|live|direct|en direct|breaking|update|sponsored|sponsoris[ée]|publi-?reportage|tribune|opinion|analyse|interview|entretien|audio|replay|diaporama|brève|breve)[\])]` +
	`|(?:editor['’]s note|editors['’] note|note de la r[ée]daction|n\.?d\.?l\.?r\.?|exclusif|exclusive|vid[ée]os?|podcast|en images|photos?|infographie|en direct|direct|live|breaking(?: news)?|update|mise à jour|tribune|entretien|interview|analyse|opinion|sponsored|sponsoris[ée]|audio|replay|diaporama|info [\p{L}]+|alerte info|flash)` +
	`\s*(?::|\s[-–—|]\s|[-–—|]\s))\s*`)

// stripEditorial removes the editorial labels that start t.
func stripEditorial(t string) string {
	for {
		loc := editorial.FindStringIndex(t)
		if loc == nil || loc[1] == 0 {
			return t
		}
		t = t[loc[1]:]
	}
}

// wordsOver reports whether s has more than n words, a word being a run of
// letters and digits as Normalize reads them.
func wordsOver(s string, n int) bool {
	count, in := 0, false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !in {
				if count++; count > n {
					return true
				}
			}
			in = true
		} else {
			in = false
		}
	}
	return false
}
