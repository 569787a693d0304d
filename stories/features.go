package stories

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// stemLength is the length, in letters, at which words are cut: "announces",
// "announced" and "announcement" all become "announ", "lancé" and "lancer"
// "lance". Cutting words short is a crude stemmer, but one that works about
// as well as a real one for French and English and needs no rules per
// language.
const stemLength = 6

// features is what Similarity compares of a Doc, computed once per Doc: sets
// of hashed terms, each sorted and without duplicates.
type features struct {
	words      []uint64 // stems of the content words of the title and summary
	names      []uint64 // capitalized words that are not the first of a sentence: names, acronyms
	facts      []uint64 // numbers, days of the week and months
	figures    []uint64 // the numbers of facts other than a single digit, rarer than those
	days       []uint64 // days of the week, also in facts
	title      []uint64 // stems of the content words of the title, also in words
	titleNames []uint64 // the names of the title, also in names
	// nearNames are the names, and the words that start the title or a
	// clause of it capitalized and are no common word ("Truss quits…"):
	// headlines start with whom they are about. They are compared for
	// items near in time, when names count most (see link); the texts
	// alone count them as words only, lest a capital that says nothing
	// merge two stories.
	nearNames []uint64
	lang      language // as its function words tell
}

// The kinds of term that walk finds.
type termKind int

const (
	wordTerm termKind = iota
	nameTerm
	factTerm
	figureTerm
	dayTerm
	titleTerm
	titleNameTerm
	leadNameTerm
)

// featuresOf computes the features of d.
func featuresOf(d Doc) features {
	var f features
	var lead []uint64
	f.lang = walk(d, func(kind termKind, h uint64, _ string) {
		switch kind {
		case wordTerm:
			f.words = append(f.words, h)
		case nameTerm:
			f.names = append(f.names, h)
		case factTerm:
			f.facts = append(f.facts, h)
		case figureTerm:
			f.figures = append(f.figures, h)
		case dayTerm:
			f.days = append(f.days, h)
		case titleTerm:
			f.title = append(f.title, h)
		case titleNameTerm:
			f.titleNames = append(f.titleNames, h)
		case leadNameTerm:
			lead = append(lead, h)
		}
	})
	f.words, f.names, f.facts, f.figures = set(f.words), set(f.names), set(f.facts), set(f.figures)
	f.days, f.title, f.titleNames = set(f.days), set(f.title), set(f.titleNames)
	f.nearNames = f.names
	if len(lead) > 0 {
		f.nearNames = set(append(slices.Clone(f.names), lead...))
	}
	return f
}

// walk calls emit with each term of d, hashed, and the text it was read
// from; a term may come more than once, and returns the language of d.
// featuresOf builds the sets from it, and evidence tells which of them two
// items share in the words of one.
func walk(d Doc, emit func(kind termKind, h uint64, surface string)) language {
	title, summary := tokenize(d.Title), tokenize(d.Summary)
	lang := languageOf(title, summary)
	// Headlines In Title Case capitalize every word; their capitals say
	// nothing, unless the title is all there is.
	titleCase := isTitleCase(title) && hasWords(summary)
	// A capital at the start of a title or a sentence says nothing by
	// itself, but a word the text writes with a capital elsewhere too is a
	// name there as well: "Amazon to cut 14,000 jobs… Amazon said…". Most
	// headlines start with the name of whom they are about.
	named := map[string]bool{}
	for fi, field := range [][]token{title, summary} {
		for _, t := range field {
			if t.inner || t.capital && !t.initial && !(titleCase && fi == 0) {
				named[t.text] = true
			}
		}
	}
	for fi, field := range [][]token{title, summary} {
		field = aliases(spelledNumbers(field))
		for _, t := range field {
			switch c, isDate := calendarFact(t); {
			case isDate:
				emit(factTerm, hash("@"+c), t.text)
				if isDay(c) {
					emit(dayTerm, hash("@"+c), t.text)
				}
				continue
			case t.number:
				// A year is the context of most stories of a week, not a fact
				// of one.
				if isYear(t.text) {
					continue
				}
				emit(factTerm, hash(t.text), t.text)
				// A figure of two digits or more ("340 000", "7,7") is rarer
				// than a digit ("2 %", "5-0"): two stories share it less by
				// chance.
				if len(t.text) > 1 {
					emit(figureTerm, hash(t.text), t.text)
				}
				continue
			case stopWords[t.text] || utf8.RuneCountInString(t.text) < 2:
				continue
			}
			st := stem(t)
			s, common := concepts[st]
			if !common {
				s = st
			}
			// A word of the bilingual table is a common word or a country,
			// which many different stories share, even when written with
			// a capital ("French", "CEO").
			if !common && (t.inner || t.capital && (named[t.text] || !t.initial && !(titleCase && fi == 0))) {
				emit(nameTerm, hash(t.text), t.text)
				if fi == 0 {
					emit(titleNameTerm, hash(t.text), t.text)
				}
			} else if !common && fi == 0 && t.capital && !titleCase && !commonStems[st] {
				emit(leadNameTerm, hash(t.text), t.text)
			}
			h := wordHash(s)
			emit(wordTerm, h, t.text)
			if fi == 0 {
				emit(titleTerm, h, t.text)
			}
		}
	}
	return lang
}

// spelledNumbers returns ts with the numbers written in words turned into
// number tokens.
func spelledNumbers(ts []token) []token {
	out := ts[:0:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		n, ok := numberWords[t.text]
		if t.number || !ok {
			out = append(out, t)
			continue
		}
		if i+1 < len(ts) && !ts[i+1].number {
			if u, ok := numberWords[ts[i+1].text]; ok && addsUp(n, u) {
				n += u
				i++
			}
		}
		out = append(out, token{text: strconv.Itoa(n), number: true, initial: t.initial})
	}
	return out
}

// aliases returns ts with the names that French and English write
// differently written one way: the acronyms of institutions ("BCE" and
// "ECB", "ONU" and "UN"), when written in capitals ("un" and "eu" are
// French words), and countries of two words ("États-Unis", "United
// States"), which the bilingual table then writes as one country.
func aliases(ts []token) []token {
	out := ts[:0] // in place: a name of two words becomes one
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if i+1 < len(ts) {
			if a, ok := twoWordNames[t.text+" "+ts[i+1].text]; ok {
				t.text = a
				out = append(out, t)
				i++
				continue
			}
		}
		if a, ok := acronyms[t.text]; ok && t.inner {
			t.text = a
		}
		out = append(out, t)
	}
	return out
}

// wordHash returns the hash of the stem s, its lowest bit telling whether
// s is a common word of news (see commonWords), which weighs less.
func wordHash(s string) uint64 {
	h := hash(s) &^ 1
	if commonStems[s] {
		h |= 1
	}
	return h
}

// wordWeight returns the weight of a word of the words signal, by the hash
// wordHash gave it.
func wordWeight(h uint64) float64 {
	if h&1 != 0 {
		return commonWeight
	}
	return 1
}

// isYear reports whether the number n, in canonical form, is likely a year.
func isYear(n string) bool {
	return len(n) == 4 && (n[:2] == "19" || n[:2] == "20")
}

// addsUp reports whether a number written ten then unit is their sum.
func addsUp(ten, unit int) bool {
	switch {
	case ten == 10:
		return 7 <= unit && unit <= 9 // dix-sept
	case ten == 60:
		return unit < 20 // soixante-dix, soixante-douze
	case ten >= 20 && ten%10 == 0:
		return unit < 10
	}
	return false
}

// stem returns the form of the word t that words are compared by: without
// a plural s and cut to stemLength letters.
func stem(t token) string {
	s := t.text
	if n := len(s); n > 3 && s[n-1] == 's' && s[n-2] != 's' {
		s = s[:n-1]
	}
	n := 0
	for i := range s {
		if n == stemLength {
			return s[:i]
		}
		n++
	}
	return s
}

// isTitleCase reports whether most of the longer words of a title start with
// a capital, as in "OpenAI Launches Its Newest Model".
func isTitleCase(title []token) bool {
	words, capitals := 0, 0
	for _, t := range title {
		if t.number || stopWords[t.text] || utf8.RuneCountInString(t.text) < 4 {
			continue
		}
		words++
		if t.capital {
			capitals++
		}
	}
	return words >= 3 && 5*capitals >= 4*words
}

func hasWords(ts []token) bool {
	return slices.ContainsFunc(ts, func(t token) bool { return !t.number })
}

// cosine returns |a∩b| / √(|a|·|b|) for sets of sizes na and nb sharing n
// elements: the geometric mean of the share of a found in b and the share of
// b found in a; 1 for equal sets, 0.71 when one set is half of the other, 0
// when they share nothing.
func cosine(n, na, nb int) float64 {
	return float64(n) / math.Sqrt(float64(na)*float64(nb))
}

// rarity returns the weight of a term by how rare it is among the items
// around the two compared, 1 for a term no other item holds; inB reports
// that the second item compared holds it, which saves looking.
type rarity func(term uint64, inB bool) float64

// weightedContainment is containment with each term weighing w times r
// (a nil w or r weighing 1): the weight of what the sets a and b share
// over the weight of the lighter one. It also returns the size the overlap
// rests on: the smaller of the two sets, each term counting r.
func weightedContainment(a, b []uint64, w func(uint64) float64, r rarity) (overlap, size float64) {
	var shared, massA, massB, sizeA, sizeB float64
	weigh := func(h uint64, inB bool) (weight, rare float64) {
		weight, rare = 1, 1
		if r != nil {
			rare = r(h, inB)
		}
		if w != nil {
			weight = w(h)
		}
		return weight * rare, rare
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			x, y := weigh(a[i], false)
			massA, sizeA = massA+x, sizeA+y
			i++
		case i == len(a) || b[j] < a[i]:
			x, y := weigh(b[j], true)
			massB, sizeB = massB+x, sizeB+y
			j++
		default:
			x, y := weigh(a[i], true)
			shared += x
			massA, sizeA = massA+x, sizeA+y
			massB, sizeB = massB+x, sizeB+y
			i++
			j++
		}
	}
	size = min(sizeA, sizeB)
	if m := min(massA, massB); m > 0 {
		return shared / m, size
	}
	return 0, size
}

// A language is the language a Doc is written in, as far as its function
// words tell: French, English or unknown.
type language int8

const (
	unknownLanguage language = iota
	french
	english
)

// frenchMarks and englishMarks are function words common in one language
// and rare in the other, by which languageOf tells them apart.
var (
	frenchMarks = setOf("le", "la", "les", "des", "du", "une", "est", "et", "dans", "pour", "sur", "au", "aux",
		"qui", "avec", "par", "ses", "son", "sa", "ont", "apres")
	englishMarks = setOf("the", "of", "and", "to", "is", "for", "with", "that", "by", "from", "its", "after",
		"has", "have", "are", "was", "will", "it", "his", "her")
)

// languageOf returns the language of a text whose fields are tokenized.
func languageOf(fields ...[]token) language {
	fr, en := 0, 0
	for _, field := range fields {
		for _, t := range field {
			if frenchMarks[t.text] {
				fr++
			}
			if englishMarks[t.text] {
				en++
			}
		}
	}
	switch {
	case fr > en:
		return french
	case en > fr:
		return english
	}
	return unknownLanguage
}
