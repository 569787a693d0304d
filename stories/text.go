package stories

import (
	"slices"
	"strings"
	"unicode"

	"github.com/veille-project/veille/internal/text"
)

// token is one word or number of a text, normalized.
type token struct {
	text    string // decomposed, marks removed, lowercase; a number in canonical form
	number  bool
	capital bool // written with a capital first letter
	inner   bool // has a capital after the first letter: an acronym ("AFP") or a name such as "OpenAI"
	initial bool // first word of the field or of a sentence, where a capital says nothing
}

// sentenceStart holds the characters after which a capital letter is the
// capital of a sentence or a quotation, not of a name.
const sentenceStart = ".!?…:;«“\"([—–•|"

// tokenize cuts s into tokens. The text is folded (see [text.Decompose]):
// accents are dropped, and compatibility forms (ﬁ, full-width letters)
// become plain letters. Words are runs of letters; a change between letters
// and digits also ends a word, so "GPT5" is "gpt" and "5". Numbers keep
// their decimal part and lose their thousands separators, so "1,5" and
// "1.5" are both "1.5", and "10 000" and "10,000" both "10000": a French
// and an English copy of a dispatch write numbers differently.
func tokenize(s string) []token {
	rs := text.Decompose(make([]rune, 0, len(s)), s)
	var out []token
	var word []byte   // the word being read, folded
	initial := true   // at the start of the field
	hasLower := false // the field has a lowercase letter
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			n, next := scanNumber(rs, i)
			out = append(out, token{text: n, number: true, initial: initial})
			initial = false
			i = next
		case text.IsLetter(r):
			word = word[:0]
			capital, inner := unicode.IsUpper(r), false
			j := i
			for ; j < len(rs); j++ {
				c := rs[j]
				if text.IsMark(c) {
					continue // accents go, the word goes on
				}
				if !text.IsLetter(c) {
					break
				}
				if j > i && unicode.IsUpper(c) {
					inner = true
				}
				if unicode.IsLower(c) {
					hasLower = true
				}
				word = text.AppendFoldedLower(word, c)
			}
			// Acronyms written with periods: "U.S." is "US", "U.K." is "UK".
			for dotted := capital && j == i+1; dotted && j+2 < len(rs) && rs[j] == '.' && unicode.IsUpper(rs[j+1]) && rs[j+2] == '.'; {
				word = text.AppendFoldedLower(word, rs[j+1])
				inner = true
				j += 2
			}
			out = append(out, token{text: string(word), capital: capital, inner: inner, initial: initial})
			initial = false
			i = j
		case currencies[r] != "":
			// "$3.3 billion" is "3,3 milliards de dollars".
			out = append(out, token{text: currencies[r], initial: initial})
			initial = false
			i++
		default:
			if !unicode.IsSpace(r) && !text.IsMark(r) {
				initial = strings.ContainsRune(sentenceStart, r)
			}
			i++
		}
	}
	// A field without lowercase letters is shouting: its capitals say nothing.
	if !hasLower {
		for i := range out {
			out[i].capital, out[i].inner = false, false
		}
	}
	return out
}

// currencies are the signs of currencies, written as the word a text
// without the sign has.
var currencies = map[rune]string{'€': "euros", '$': "dollars", '£': "pounds"}

// scanNumber reads the number starting at rs[i] and returns it in canonical
// form with the index just after it. A separator (. , or a space) followed by
// exactly three digits, after a first group of at most three digits,
// separates thousands; a . or , followed by other digits starts the decimal
// part. Leading zeros and trailing decimal zeros go.
func scanNumber(rs []rune, i int) (string, int) {
	digits := func(k int) int { // end of the run of digits at k
		for k < len(rs) && unicode.IsDigit(rs[k]) {
			k++
		}
		return k
	}
	var b strings.Builder
	end := digits(i)
	b.WriteString(string(rs[i:end]))
	group := end - i
	for end+1 < len(rs) && isSeparator(rs[end]) && unicode.IsDigit(rs[end+1]) {
		next := digits(end + 1)
		if next-(end+1) == 3 && group <= 3 {
			b.WriteString(string(rs[end+1 : next]))
			end = next
			continue
		}
		if rs[end] == '.' || rs[end] == ',' {
			b.WriteByte('.')
			b.WriteString(string(rs[end+1 : next]))
			end = next
		}
		break
	}
	s := strings.TrimLeft(b.String(), "0")
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // 1.50 is 1.5, 2.0 is 2
	}
	if s == "" || s[0] == '.' {
		s = "0" + s
	}
	return s, end
}

func isSeparator(r rune) bool {
	return r == '.' || r == ',' || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// hash returns the 64-bit FNV-1a hash of words joined by a byte no word
// contains.
func hash(words ...string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i, w := range words {
		if i > 0 {
			h = (h ^ 0) * prime
		}
		for j := 0; j < len(w); j++ {
			h = (h ^ uint64(w[j])) * prime
		}
	}
	return h
}

// set sorts hs and removes duplicates, making it a set for [common].
func set(hs []uint64) []uint64 {
	slices.Sort(hs)
	return slices.Compact(hs)
}

// common returns the size of the intersection of two sets.
func common(a, b []uint64) int {
	// A merge without branches on the data, which the processor could
	// not predict.
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		n += b2i(x == y)
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
