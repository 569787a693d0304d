package text

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences splits plain text into sentences, trimmed, none empty. It knows
// the habits of French and English news text:
//
//   - a sentence ends with ".", "!", "?" or a run of them ("?!"), possibly
//     followed by closing quotes, guillemets or brackets (« Il viendra. »
//     Puis... ; "It works." Then...), then by whitespace and a word starting
//     with a capital letter or a digit, possibly after an opening quote or a
//     dialogue dash;
//   - an ellipsis ("..." or "…") ends a sentence only before a capital, and
//     never in an elision mark such as "[…]";
//   - a period does not end a sentence after a title (M., MM., Mme, Mlle, Dr.,
//     Pr., Me, St., Mr., Mrs., Gen., ...), a company or name suffix (Inc.,
//     Ltd., Co., Jr., Sr.), "cf.", "vs.", "e.g.", "i.e.", "av." and "apr.", a
//     single-letter initial (J. R. R. Tolkien), or an acronym written with
//     periods (U.S., U.K.); nor after "No.", "p.", "art.", "vol.", "fig." or
//     a month ("Jan.", "janv.") when a number follows;
//   - a period inside a number (2.5 billion, 3.14) is not followed by a
//     space, so it never ends a sentence; nor does a comma (2,5 milliards);
//   - the ideographic full stop and the full-width "！" and "？" of Chinese
//     and Japanese end a sentence wherever they are followed by more text,
//     after their closing brackets 」』）: those scripts put no space
//     between sentences and have no capitals to start one.
//
// "etc." and "J.-C." end a sentence when a capital follows, which is how
// they are mostly used in news text. Text without any boundary is returned
// as a single sentence.
func Sentences(text string) []string {
	var out []string
	start := 0
	for end := range SentenceEnds(text) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// SentenceEnds returns an iterator over the byte offsets at which the
// sentences of text end, as [Sentences] finds them, in increasing order.
// An offset is just after a sentence's final punctuation and closing
// quotes, before the whitespace that separates it from the next; the end of
// text is not one. The boundaries are found as the iteration goes, so a
// caller that needs only the first sentence pays for no more.
func SentenceEnds(text string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; {
			end, ok := nextEnd(text, i)
			if !ok || !yield(end) {
				return
			}
			i = end
		}
	}
}

// nextEnd returns the offset at which the first sentence end of text at or
// after offset i is, and false if there is none.
func nextEnd(text string, i int) (int, bool) {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '…' && !strongStop(r) {
			i += size
			continue
		}
		if cjkStop(r) {
			end := skipClosers(text, i+size)
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if !cjkStop(r) {
					break
				}
				end = skipClosers(text, end+size)
			}
			// Kana right after a closing bracket is a particle that goes
			// on with the sentence quoting: 「対応を急ぐ。」と述べた。
			next, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(text[end:], unicode.IsSpace))
			quoted := end > i+size && unicode.In(next, unicode.Hiragana)
			if next != utf8.RuneError && !quoted {
				return end, true
			}
			i = end
			continue
		}
		// j is the end of the run of stops that starts at i.
		j, dots, strong := i, 0, false
	run:
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			switch {
			case r == '.':
				dots++
			case r == '…':
				dots += 3
			case strongStop(r):
				strong = true
			default:
				break run
			}
			j += size
		}
		end := skipClosers(text, j)
		if isBoundary(text, i, j, end, dots, strong) {
			return end, true
		}
		i = end
	}
	return 0, false
}

// isBoundary reports whether the stops text[i:j], followed by closing
// punctuation up to end, end a sentence.
func isBoundary(text string, i, j, end, dots int, strong bool) bool {
	// An elision mark, "[…]" or "(...)", stands for words within a sentence.
	if before, _ := utf8.DecodeLastRuneInString(text[:i]); before == '[' || before == '(' {
		if after, _ := utf8.DecodeRuneInString(text[j:]); after == ']' || after == ')' {
			return false
		}
	}
	if end == len(text) {
		return false // the end of text is not a boundary between sentences
	}
	if r, _ := utf8.DecodeRuneInString(text[end:]); !unicode.IsSpace(r) {
		return false // "3.14", "U.S.A.", "openai.com"
	}
	next := strings.TrimLeftFunc(text[end:], unicode.IsSpace)
	if next == "" {
		return false
	}
	switch {
	case strong:
		return startsSentence(next, true)
	case dots > 1:
		return startsSentence(next, false)
	}
	word := lastWord(text[:i])
	switch {
	case abbreviation(word):
		return false
	case beforeNumber(word):
		r, _ := utf8.DecodeRuneInString(next)
		if unicode.IsDigit(r) {
			return false
		}
	}
	return startsSentence(next, true)
}

// strongStop reports whether r ends a sentence whatever precedes it.
func strongStop(r rune) bool {
	switch r {
	case '!', '?', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return cjkStop(r)
}

// cjkStop reports whether r is a sentence end of Chinese or Japanese text:
// the ideographic full stop and the full-width exclamation and question
// marks. The full-width period "．" is left out: it also ends abbreviations
// and numbers.
func cjkStop(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '｡'
}

// EndsSentence reports whether s ends as a sentence does: with ".", "!", "?",
// "…" or a Chinese or Japanese stop ("。", "！", "？"), possibly followed by
// closing quotes or brackets and spaces.
func EndsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || closer(r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '…' || strongStop(r)
}

// closer reports whether r closes a quotation or a bracket after a
// sentence's final punctuation.
func closer(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '›', '」', '』', '）', '】', '〕', '》', '〉':
		return true
	}
	return false
}

// skipClosers returns the offset after the closing quotes and brackets that
// follow a sentence's final punctuation at text[i:]. French puts a space,
// often a no-break one, before the closing guillemet.
func skipClosers(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if closer(r) {
			i += size
			continue
		}
		if unicode.IsSpace(r) {
			rest := strings.TrimLeftFunc(text[i:], unicode.IsSpace)
			if strings.HasPrefix(rest, "»") {
				i = len(text) - len(rest) + len("»")
				continue
			}
		}
		return i
	}
	return i
}

// startsSentence reports whether text, which follows a possible sentence
// end, starts like a new sentence: with a capital, a digit when digits is
// set, or either after an opening quote, bracket or dialogue dash.
func startsSentence(text string, digits bool) bool {
	r, size := utf8.DecodeRuneInString(text)
	switch r {
	case '«', '“', '"', '‘', '\'', '‹', '(', '[', '—', '–', '-':
		text = strings.TrimLeftFunc(text[size:], unicode.IsSpace)
		r, _ = utf8.DecodeRuneInString(text)
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r) || digits && unicode.IsDigit(r) || caseless(r)
}

// caseless reports whether r is a letter of Chinese, Japanese or Korean,
// scripts without capitals, any of which may start a sentence.
func caseless(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// lastWord returns the word that ends text, without the opening quotes and
// brackets or the French elision before it: "l'art" gives "art".
func lastWord(text string) string {
	if k := strings.LastIndexFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\'' || r == '’'
	}); k >= 0 {
		_, size := utf8.DecodeRuneInString(text[k:])
		text = text[k+size:]
	}
	return strings.TrimLeft(text, "«“\"‘‹([—–-")
}

// abbreviation reports whether a period after word never ends a sentence.
func abbreviation(word string) bool {
	if word == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return true // an initial: "J. R. R. Tolkien", "M. Macron"
	}
	if dottedAcronym(word) {
		return true
	}
	switch word {
	case "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Drs", "Pr",
		"Prof", "St", "Ste", "Sts", "Mr", "Mrs", "Ms", "Messrs", "Gen", "Gén",
		"Col", "Lt", "Sgt", "Capt", "Cdt", "Sen", "Rep", "Gov", "Rev", "Hon",
		"Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Bros", "Cie", "Mt", "al":
		return true
	}
	var buf [maxAbbreviation]byte
	switch string(lower(&buf, word)) {
	case "cf", "vs", "e.g", "i.e", "av", "apr", "env", "ex", "resp", "approx", "ca":
		return true
	}
	return false
}

// dottedAcronym reports whether word is an acronym written with periods
// between capitals, like "U.S" or "U.K" (the last period is not part of it).
func dottedAcronym(word string) bool {
	if !strings.Contains(word, ".") {
		return false
	}
	for part := range strings.SplitSeq(word, ".") {
		r, size := utf8.DecodeRuneInString(part)
		if size != len(part) || !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// beforeNumber reports whether word is an abbreviation when a number follows
// it ("No. 5", "p. 12", "art. 49.3", "Jan. 20") but may end a sentence
// otherwise ("l'art. Le musée...").
func beforeNumber(word string) bool {
	var buf [maxAbbreviation]byte
	switch string(lower(&buf, word)) {
	case "no", "nos", "p", "pp", "art", "vol", "vols", "fig", "figs", "ch",
		"chap", "sect", "n",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
		"nov", "dec", "janv", "févr", "avr", "juil", "déc":
		return true
	}
	return false
}

// maxAbbreviation is longer, in bytes, than any abbreviation known to
// [abbreviation] and [beforeNumber].
const maxAbbreviation = 8

// lower returns word lowercased in buf, or nil if it is too long to be an
// abbreviation. Unlike strings.ToLower it does not allocate, and every word
// before a period is tested.
func lower(buf *[maxAbbreviation]byte, word string) []byte {
	b := buf[:0]
	for _, r := range word {
		if len(b)+utf8.RuneLen(r) > len(buf) {
			return nil
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}
