package text

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Languages lists the languages [Language] tells apart, as the primary
// subtags of BCP 47: French and English, which veille curates, and the
// other languages its sources are found in.
var Languages = []string{"fr", "en", "de", "es", "it", "pt", "nl"}

// functionWords are each language's most frequent short words: articles,
// prepositions, pronouns, auxiliaries. News titles and leads, however
// short, are made of them and of names, and names belong to no language.
// A word listed for several languages counts for each, divided among them
// (see wordWeights), so that "de" or "la" weigh little and "the" or "des"
// decide.
var functionWords = map[string]string{
	"fr": "le la les des du de un une et est en pour dans sur au aux avec par qui que ne pas plus ce cette ces " +
		"son sa ses il elle ils elles sont été à l d qu n c j mais ou où comme après selon leur leurs nous vous " +
		"on se entre sans chez lors contre fait deux ans aussi tout tous très être avoir va peut faut était ont " +
		"sera dont même encore ainsi déjà depuis pourquoi comment quand quoi face notre votre cet sous vers",
	"en": "the of and to in is for on with that as at by from are was this it an be has have how what why new " +
		"will its after over into about says more than their who not but or can you your we our they been " +
		"were which would could should up out just when first may all his her he she these those there " +
		"here does did do get gets now says said against between while",
	"de": "der die das und ist nicht mit ein eine den dem von zu auf für im sich auch es wird werden bei nach " +
		"wie aus noch über dass sind hat oder als vor zum zur kann mehr wir ich sie einen einer eines durch " +
		"bis gegen ohne unter wurde haben sein",
	"es": "el los las del y que en un una por con para es se no lo al su sus más como pero ha este esta son " +
		"ser entre sobre también fue hay según desde cuando muy sin está han unos unas hasta porque",
	"it": "il lo la gli le di del della dei delle degli e è che un una per con non da nel nella sono si come " +
		"anche più al alla ma ha questo questa dopo tra già essere sul sulla ai agli nei",
	"pt": "o os as do da dos das e que em um uma para com não no na nos nas por se ao aos mais como mas foi são " +
		"ser está pelo pela também já sobre após até muito sua seu",
	"nl": "de het een en van in is dat op te voor met niet zijn er aan ook als bij door om maar naar uit wordt " +
		"worden dit deze nog kan meer hij ze wat over tot geen hebben heeft",
}

// letterCues are letters each language writes and the others of
// Languages seldom do: a title of names and one "é" is not yet French,
// but "ç", "è" or "ê" nearly is.
var letterCues = map[rune]string{
	'è': "fr", 'ê': "fr", 'à': "fr", 'ù': "fr", 'œ': "fr", 'â': "fr", 'î': "fr", 'û': "fr", 'ë': "fr", 'ç': "fr",
	'ñ': "es", '¿': "es", '¡': "es",
	'ã': "pt", 'õ': "pt",
	'ß': "de", 'ä': "de", 'ö': "de", 'ü': "de",
}

// spellingCues are spellings within words that English or French uses and
// the other seldom does: they tell "Pediatric Drooling" or "Thyroid
// Nodules" (no function word, no accent) from French. Each occurrence adds
// spellingWeight, so that several are needed to outweigh one function
// word.
var spellingCues = []struct {
	lang, spelling string
	suffix         bool // only at the end of a word
}{
	{"en", "th", false}, {"en", "wh", false}, {"en", "sh", false}, {"en", "ck", false},
	{"en", "ee", false}, {"en", "oo", false}, {"en", "w", false}, {"en", "k", false},
	{"en", "ing", true}, {"en", "ly", true}, {"en", "ed", true},
	{"fr", "é", false}, {"fr", "eau", false}, {"fr", "eux", true}, {"fr", "aux", true},
}

const spellingWeight = 0.2

// letterWeight is what a cue letter adds, against 1 for a word only its
// language has: names borrow letters ("Citroën", "Gödel") more often than
// words.
const letterWeight = 0.5

// hintWeight is what the declared language of a text's source adds: enough
// to decide between languages a text gives equal evidence of (none, often,
// for a title of names), too little to outweigh one word only another
// language has.
const hintWeight = 0.75

// maxLanguageText is how much of a text [Language] reads: a lead tells the
// language as well as a whole article does.
const maxLanguageText = 2000

// languageWeight is what a cue adds to one language, by its index in
// Languages (len(Languages) for a language not among them).
type languageWeight struct {
	index  int
	weight float64
}

// wordWeights holds, for each function word, what it adds to each
// language that has it.
var wordWeights = func() map[string][]languageWeight {
	langs := map[string][]string{}
	for lang, words := range functionWords {
		for _, w := range strings.Fields(words) {
			langs[w] = append(langs[w], lang)
		}
	}
	out := make(map[string][]languageWeight, len(langs))
	for w, ls := range langs {
		for _, l := range ls {
			out[w] = append(out[w], languageWeight{languageIndex(l), 1 / float64(len(ls))})
		}
	}
	return out
}()

// spellings are spellingCues ready for Language: as bytes, with the index
// of their language.
var spellings = func() []struct {
	index    int
	spelling []byte
	suffix   bool
} {
	out := make([]struct {
		index    int
		spelling []byte
		suffix   bool
	}, len(spellingCues))
	for i, c := range spellingCues {
		out[i].index, out[i].spelling, out[i].suffix = languageIndex(c.lang), []byte(c.spelling), c.suffix
	}
	return out
}()

// languageIndex returns the index of lang in Languages, len(Languages)
// when it is not among them.
func languageIndex(lang string) int {
	for i, l := range Languages {
		if l == lang {
			return i
		}
	}
	return len(Languages)
}

// Language returns the language s is written in, as one of [Languages],
// or hint when s gives no more evidence of one language than of another.
// hint is the language the source of s declares ("fr-FR", "en"); it is
// returned as its primary subtag, lowercase, or "" when blank. The text
// is read as words, lowercase; only its first maxLanguageText bytes are
// read.
func Language(s, hint string) string {
	hint = PrimaryLanguage(hint)
	if len(s) > maxLanguageText {
		s = s[:maxLanguageText]
	}
	var scores [8]float64 // by index in Languages; the last for a hint not among them
	index := languageIndex
	if hint != "" {
		scores[index(hint)] += hintWeight
	}
	// The word is kept as UTF-8 bytes, looked up and matched without
	// becoming a string: Language reads every item a pass stores.
	var buf [64]byte
	word := buf[:0]
	flush := func() {
		if len(word) == 0 {
			return
		}
		for _, lw := range wordWeights[string(word)] {
			scores[lw.index] += lw.weight
		}
		// Which bytes the word has, so that the spellings it cannot hold
		// are not searched for.
		var has [4]uint64
		for _, b := range word {
			has[b>>6] |= 1 << (b & 63)
		}
		for _, c := range spellings {
			if first := c.spelling[0]; has[first>>6]&(1<<(first&63)) == 0 {
				continue
			}
			if c.suffix && bytes.HasSuffix(word, c.spelling) && len(word) > len(c.spelling)+1 {
				scores[c.index] += spellingWeight
			} else if !c.suffix {
				scores[c.index] += spellingWeight * float64(bytes.Count(word, c.spelling))
			}
		}
		word = word[:0]
	}
	fr := index("fr")
	for _, r := range s {
		if r == '«' {
			scores[fr] += spellingWeight
		}
		if !unicode.IsLetter(r) {
			flush()
			continue
		}
		r = unicode.ToLower(r)
		if r >= utf8.RuneSelf { // every cue letter is beyond ASCII
			if lang, ok := letterCues[r]; ok {
				scores[index(lang)] += letterWeight
			}
		}
		word = utf8.AppendRune(word, r)
	}
	flush()
	best, second := -1, -1
	for i := range Languages {
		switch {
		case best < 0 || scores[i] > scores[best]:
			best, second = i, best
		case second < 0 || scores[i] > scores[second]:
			second = i
		}
	}
	if scores[best] == 0 || scores[best] == scores[second] || hint != "" && scores[best] <= scores[index(hint)] {
		return hint
	}
	return Languages[best]
}

// PrimaryLanguage returns the primary subtag of the language tag tag,
// lowercase: "fr" for "fr-FR", "FR" or "fr_CA"; "" when tag has none.
func PrimaryLanguage(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	for _, r := range tag {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return ""
		}
	}
	return strings.ToLower(tag)
}
