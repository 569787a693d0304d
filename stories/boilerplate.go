package stories

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
)

// boilerplateItems is in how many items of one source a sentence must be
// for it to be the source's boilerplate: two items may share a sentence by
// chance (a quotation, a reprinted lead), three of one source rarely do
// unless the source adds it to every item.
const boilerplateItems = 3

// Boilerplate learns what each source repeats across its items: taglines,
// paywall notices ("Cet article est réservé aux abonnés"), "Lire la suite",
// a fixed introduction, a title given to every episode. Such text says
// nothing of which story an item tells, yet two items of the source share
// all of it: an Index given a Boilerplate leaves it out of what it
// compares.
//
// A sentence (or a title) is boilerplate once it has been seen in
// boilerplateItems items of one source. Each item is counted once, however
// often it is learned, so that an item both stored and fetched again does
// not count twice.
//
// The zero Boilerplate is not usable: call NewBoilerplate. A Boilerplate is
// not safe for concurrent use.
type Boilerplate struct {
	sources map[string]*sourceText
}

// sourceText is what one source's items have said so far.
type sourceText struct {
	items     map[uint64]struct{} // the items counted, by hashed key
	sentences map[uint64]int32    // sentence → in how many items
}

// NewBoilerplate returns a Boilerplate that knows nothing yet.
func NewBoilerplate() *Boilerplate {
	return &Boilerplate{sources: map[string]*sourceText{}}
}

// Learn counts the sentences of d, an item of d.Source that key (the
// item's stable identifier) names. A Doc without Source is ignored.
func (b *Boilerplate) Learn(key string, d Doc) {
	if d.Source == "" {
		return
	}
	s := b.sources[d.Source]
	if s == nil {
		s = &sourceText{items: map[uint64]struct{}{}, sentences: map[uint64]int32{}}
		b.sources[d.Source] = s
	}
	k := hash(key)
	if _, ok := s.items[k]; ok {
		return
	}
	s.items[k] = struct{}{}
	seen := map[uint64]bool{} // once per item, even if it repeats itself
	for _, h := range sentenceKeys(d) {
		if h != 0 && !seen[h] {
			seen[h] = true
			s.sentences[h]++
		}
	}
}

// strip returns d without the title and sentences its source repeats.
func (b *Boilerplate) strip(d Doc) Doc {
	if b == nil || d.Source == "" {
		return d
	}
	s := b.sources[d.Source]
	if s == nil {
		return d
	}
	repeated := func(h uint64) bool { return h != 0 && s.sentences[h] >= boilerplateItems }
	if repeated(sentenceKey(d.Title)) {
		d.Title = ""
	}
	var kept []string
	removed := false
	for _, sentence := range text.Sentences(d.Summary) {
		if repeated(sentenceKey(sentence)) {
			removed = true
			continue
		}
		kept = append(kept, sentence)
	}
	if removed {
		d.Summary = strings.Join(kept, " ")
	}
	return d
}

// sentenceKeys returns the keys of d's title and of each sentence of its
// summary.
func sentenceKeys(d Doc) []uint64 {
	sentences := text.Sentences(d.Summary)
	keys := make([]uint64, 0, len(sentences)+1)
	keys = append(keys, sentenceKey(d.Title))
	for _, s := range sentences {
		keys = append(keys, sentenceKey(s))
	}
	return keys
}

// sentenceKey identifies a sentence by its words and numbers, whatever its
// accents, case and punctuation; 0 for a sentence without any. It hashes the
// folded letters and digits as it reads them, words apart, without the
// tokenizer of the features: every sentence of a source's recent items is
// keyed once a pass, most of them never to be compared.
func sentenceKey(s string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h, words, gap := uint64(offset), false, false
	var runes [8]rune
	var folded [16]byte
	add := func(d rune) {
		switch {
		case text.IsMark(d):
		case !text.IsLetter(d) && !unicode.IsDigit(d):
			gap = words
		default:
			if gap {
				h = (h ^ ' ') * prime
				gap = false
			}
			words = true
			for _, b := range text.AppendFoldedLower(folded[:0], d) {
				h = (h ^ uint64(b)) * prime
			}
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			add(r)
			continue
		}
		for _, d := range text.Decompose(runes[:0], string(r)) {
			add(d)
		}
	}
	if !words {
		return 0
	}
	return h
}
