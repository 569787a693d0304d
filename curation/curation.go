// Package curation decides whether a feed item belongs in a topic feed, and
// says why: which of the topic's terms it mentions.
//
// A topic is a [Rule]: include terms, exclude terms and a threshold. Each
// include term found in an item adds to its score the weight of the best
// field it is in: 2 in the title or the summary's first sentence (its
// lead), 1 further in the summary (1.5 when it is there more than once) or
// in a category. An item is selected when its score reaches the threshold
// and no exclude term is found. With a threshold of 2, one term in the
// title or the lead selects an item, and so do two distinct terms further
// in its summary, but a passing mention there does not.
//
// # Guards
//
// Some names have everyday meanings: the mistral is a wind, Claude a first
// name, Le Chat a cat. A [Term] can be guarded: With lists words of which
// one must also appear somewhere in the item for the term to count ("Claude"
// with "Anthropic", "chatbot"...); Unless lists words that reveal the other
// meaning ("mistral" unless "vent", "rafales"...); TitleOnly counts a term
// only in titles. A guarded term that does not count is reported in
// [Result.Guarded], which explains why an item was not selected.
//
// A word counts for one term only: where several terms match from the same
// word, the longest wins, so "Mistral AI" is not also "AI", and a later
// term cannot start inside it.
//
// # Sources and languages
//
// A Rule may consider only the items of some sources (From) or in some
// languages (Languages), and hold every item of some sources on topic
// (Always): an AI lab's blog is about AI whatever words its titles use.
// Exclude terms still veto those. The source's name and the title of its
// feed are context for the With guards: "Claude" counts in Anthropic's
// feed. They are never scored.
//
// # How terms match
//
// Terms and item texts are normalized the same way. The text is decomposed
// (Unicode NFKD) and its combining marks are removed, so accents do not
// matter: "intelligence artificielle" also matches "Intelligence
// Artificielle", "INTELLIGENCE ARTIFICIELLE" and "intélligence artificielle".
// The ligatures œ and æ are read as "oe" and "ae", and ß as "ss" when case
// does not matter. The text is then split into words on every character that
// is not a letter or a digit. Apostrophes (' ’ ʼ ‘ ´ `) and hyphens (- ‐ ‑
// – —) are such separators (ʼ too, though Unicode counts it as a letter), so
// French elisions split ("l'IA", "d’IA" and "qu’IA" all contain the word
// "IA") and "IA-générative" is "IA générative".
//
// A term matches a run of consecutive whole words: "modèle de langage" matches
// "modèle de langage" and "modèle-de-langage", never "modèles de langage";
// list the plurals and other forms you want. A term never matches inside a
// word: "IA" does not match "média", "via" or "Italia", "AI" does not match
// "said", "mail" or "Thailand", and "OpenAI" does not match "open AI". A term
// does not match across fields: a title ending in "intelligence" and a
// summary starting with "artificielle" do not make "intelligence
// artificielle".
//
// Case does not matter, except for acronyms. A term written with at least one
// letter and only capital letters ("IA", "AI", "LLM", "GPT-4") is an acronym:
// it matches only words written in capitals in the text (accents still do not
// matter). So "AI" matches "AI" and "l'AI", but not the French "j'ai",
// "ai-je" or "Ai-je"; and "IA" does not match a lowercase "ia". Write a term
// in lowercase ("openai") or mixed case ("OpenAI") to match it in any case.
//
// A title or summary without any lowercase letter is shouting, and there
// case cannot tell "J'AI" (I have) from "AI". In such a field an acronym does
// not match right after an elided French pronoun (J', N', M', T', S') or
// right before an inverted subject ("AI-JE"); elsewhere it does, so "L'IA VA
// TOUT CHANGER" matches "IA". Categories are labels, not prose: a category
// "AI" matches the term "AI".
//
// Matchers are compiled once and are safe for concurrent use. The matching
// rules above are versioned with the normalized terms by
// [Matcher.Fingerprint], so that stored selections can be recomputed when
// either changes.
package curation

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/veille-project/veille/internal/text"
)

// matchingVersion is the version of the matching rules. Change it whenever a
// change to this package may change the Result of some Match, so that
// fingerprints change too.
const matchingVersion = 5

// Field weights: a term in the title says what the item is about; one in the
// summary or the categories may be a passing mention.
const (
	titleWeight    = 2.0
	leadWeight     = 2.0 // the summary's first sentence: where news says what it is about
	summaryWeight  = 1.0
	categoryWeight = 1.0
	repeatBonus    = 0.5 // a term found more than once in the summary
)

// Rule is a topic as configured.
type Rule struct {
	Include, Exclude []Term
	// Threshold is the score an item needs to be selected; 0 selects an
	// item as soon as one include term counts.
	Threshold float64
	// From lists the names of the only sources whose items are
	// considered; empty for all.
	From []string
	// Always lists the names of the sources whose every item is selected,
	// bar exclude terms.
	Always []string
	// Languages lists the only languages considered, as primary subtags
	// ("fr", "en"); empty for all. An item of unknown language is not in
	// any.
	Languages []string
}

// Term is a word or phrase of a rule, written as a user would, in any case,
// with spaces, hyphens or apostrophes between words; With, Unless and
// TitleOnly guard terms that have everyday meanings.
type Term struct {
	Text string
	// With lists context: the term counts only when one of these also
	// appears somewhere in the item ("Claude" with "Anthropic").
	With []string
	// Unless lists the contexts of another meaning: the term does not count
	// when one of these appears in the item ("mistral" unless "vent").
	Unless []string
	// TitleOnly makes the term count only in titles.
	TitleOnly bool
}

// Terms returns plain terms, without guards.
func Terms(texts ...string) []Term {
	out := make([]Term, len(texts))
	for i, t := range texts {
		out[i] = Term{Text: t}
	}
	return out
}

// Matcher is a compiled [Rule]. It is safe for concurrent use. The zero
// Matcher selects nothing.
type Matcher struct {
	terms     []term           // include terms, exclude terms, then guard phrases
	include   int              // number of include terms in terms
	exclude   int              // number of exclude terms after them
	first     map[string][]int // terms by their first word, lowercase
	acronyms  bool             // some term is an acronym
	threshold float64
	from      map[string]bool // by source name; nil for all
	always    map[string]bool
	languages map[string]bool // nil for all
	// scratch recycles the buffers of Match: a rule of a few hundred terms
	// would otherwise allocate kilobytes per item, most of a pass's
	// garbage.
	scratch sync.Pool // of *matchScratch
}

// matchScratch is what one Match works in.
type matchScratch struct {
	found []counts
	t     tokens
}

// term is one compiled term or guard phrase.
type term struct {
	written   string   // as in the Rule, for Result
	acronym   bool     // matched on folded words, else on lowercase words
	words     []string // normalized: folded if acronym, else lowercase
	first     string   // the first word, lowercase
	with      []int    // guard phrases, by index in Matcher.terms
	unless    []int
	titleOnly bool
}

// Compile checks and compiles r. It reports every term with no letter or
// digit, such as `include[3]: term "--" has no word`, and a rule without
// include terms, which could never select anything. A term listed twice in the
// same list, even spelled differently ("IA générative", "IA-générative"), is
// kept once, with its first spelling.
func Compile(r Rule) (*Matcher, error) {
	m := &Matcher{first: make(map[string][]int), threshold: r.Threshold, from: set(r.From), always: set(r.Always),
		languages: set(r.Languages)}
	var errs []error
	if len(r.Include) == 0 {
		errs = append(errs, errors.New("include: no terms"))
	}
	var guarded []guardList
	for _, list := range []struct {
		name  string
		terms []Term
	}{{"include", r.Include}, {"exclude", r.Exclude}} {
		seen := make(map[string]bool)
		for i, written := range list.terms {
			t, ok := compileTerm(written.Text)
			if !ok {
				errs = append(errs, fmt.Errorf("%s[%d]: term %q has no word", list.name, i, written.Text))
				continue
			}
			if key := t.key(); !seen[key] {
				seen[key] = true
				t.titleOnly = written.TitleOnly
				guarded = append(guarded, guardList{id: len(m.terms), path: fmt.Sprintf("%s[%d]", list.name, i), term: written})
				m.add(t)
			}
		}
		if list.name == "include" {
			m.include = len(m.terms)
		} else {
			m.exclude = len(m.terms) - m.include
		}
	}
	for _, g := range guarded {
		errs = append(errs, m.addGuards(g)...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// set returns the members of list, nil if none.
func set(list []string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	out := make(map[string]bool, len(list))
	for _, v := range list {
		out[v] = true
	}
	return out
}

// guardList is a term whose guard phrases remain to be compiled.
type guardList struct {
	id   int
	path string
	term Term
}

// addGuards compiles the With and Unless phrases of a term as extra terms,
// so that one scan of the text finds them too.
func (m *Matcher) addGuards(g guardList) []error {
	var errs []error
	for _, list := range []struct {
		name    string
		phrases []string
		ids     *[]int
	}{{"with", g.term.With, &m.terms[g.id].with}, {"unless", g.term.Unless, &m.terms[g.id].unless}} {
		for i, phrase := range list.phrases {
			t, ok := compileTerm(phrase)
			if !ok {
				errs = append(errs, fmt.Errorf("%s.%s[%d]: %q has no word", g.path, list.name, i, phrase))
				continue
			}
			*list.ids = append(*list.ids, len(m.terms))
			m.add(t)
		}
	}
	return errs
}

// compileTerm normalizes a term as written; ok is false if it has no word.
func compileTerm(written string) (t term, ok bool) {
	var tok tokens
	tok.add(written)
	if tok.len() == 0 {
		return term{}, false
	}
	letters, capitals := 0, 0
	for _, r := range string(tok.folded) {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				capitals++
			}
		}
	}
	t = term{written: written, acronym: letters > 0 && capitals == letters, first: string(tok.lowerAt(0))}
	for i := range tok.len() {
		w := tok.lowerAt(i)
		if t.acronym {
			w = tok.foldedAt(i)
		}
		t.words = append(t.words, string(w))
	}
	return t, true
}

// key identifies what t matches.
func (t term) key() string {
	kind := "w"
	if t.acronym {
		kind = "A"
	}
	return kind + " " + strings.Join(t.words, " ")
}

// add indexes t by its first word. Acronyms are indexed in lowercase too,
// so that each word of a text is looked up once.
func (m *Matcher) add(t term) {
	m.first[t.first] = append(m.first[t.first], len(m.terms))
	m.terms = append(m.terms, t)
	m.acronyms = m.acronyms || t.acronym
}

// Document is the text of one item to classify: plain text, already stripped
// of HTML.
type Document struct {
	Title, Summary string
	Categories     []string
	// Source is the name of the item's source, and SourceTitle the title
	// its feed gives itself: context for guards, and what From and Always
	// name.
	Source, SourceTitle string
	// Language is the item's language, a primary subtag; "" if unknown.
	Language string
}

// Field names, as reported in a Hit.
const (
	FieldTitle    = "title"
	FieldLead     = "lead" // the summary's first sentence
	FieldSummary  = "summary"
	FieldCategory = "category"
)

// Hit is one term found in one field of an item.
type Hit struct {
	Term  string `json:"term"`  // as written in the Rule
	Field string `json:"field"` // FieldTitle, FieldLead, FieldSummary or FieldCategory
	Count int    `json:"count"` // occurrences in that field
	// Points is what the term adds to the score from this field: a term
	// counts once, on its best field, so its other hits have 0.
	Points float64 `json:"points"`
}

// Result says whether an item is selected and why.
type Result struct {
	// Selected is true when Score reaches the threshold (or, with no
	// threshold, when some include term counts) and no exclude term matched.
	Selected bool
	// Score adds, for each include term that counts, the weight of the best
	// field it is in: 2 in the title or the summary's first sentence, 1 later
	// in the summary or in a category, plus 0.5 when repeated in the
	// summary. Several distinct terms thus weigh more than one repeated.
	Score float64
	// Terms lists the include terms that count, each once, in the order
	// of the Rule and as written there; nil if none does.
	Terms []string
	// Excluded lists the exclude terms that matched, likewise. They veto
	// the item; they are reported even when no include term matched.
	Excluded []string
	// Hits tells where each term of Terms and Excluded was found.
	Hits []Hit
	// Guarded lists the include terms found but not counted, because of
	// their With, Unless or TitleOnly guards.
	Guarded []string
	// OnTopic names the item's source when the Rule holds its every item
	// on topic (Always): it is then selected unless excluded.
	OnTopic string
	// Outside says why the Rule does not consider the item at all, as
	// `source "X" is not in from` or `language "de" is not in languages`;
	// "" when it does. Such an item is never selected.
	Outside string
}

// counts holds, per term, its occurrences in each field.
type counts struct{ title, lead, summary, category int }

func (c counts) any() bool { return c.title+c.lead+c.summary+c.category > 0 }

// Match classifies d. Each field of d is read once, however many terms the
// rule has.
func (m *Matcher) Match(d Document) Result {
	sc, _ := m.scratch.Get().(*matchScratch)
	if sc == nil {
		sc = &matchScratch{found: make([]counts, len(m.terms))}
	}
	defer m.scratch.Put(sc)
	found, t := sc.found, &sc.t
	clear(found)
	m.scan(t, d.Title, true, found, func(c *counts) { c.title++ })
	lead, rest := splitLead(d.Summary)
	m.scan(t, lead, true, found, func(c *counts) { c.lead++ })
	m.scan(t, rest, true, found, func(c *counts) { c.summary++ })
	for _, c := range d.Categories {
		m.scan(t, c, false, found, func(c *counts) { c.category++ })
	}
	// The source speaks through its name and its feed's title: context
	// for guards only (see scan), so they add nothing to the score.
	for _, c := range []string{d.Source, d.SourceTitle} {
		m.scan(t, c, false, found, nil)
	}
	res := m.result(found)
	switch {
	case m.from != nil && !m.from[d.Source]:
		res.Outside = fmt.Sprintf("source %q is not in from", d.Source)
	case m.languages != nil && !m.languages[d.Language]:
		lang := d.Language
		if lang == "" {
			lang = "unknown"
		}
		res.Outside = fmt.Sprintf("language %q is not in languages", lang)
	case m.always[d.Source]:
		res.OnTopic = d.Source
		res.Selected = len(res.Excluded) == 0
		return res
	default:
		return res
	}
	res.Selected = false
	return res
}

// result turns the counts of a Match into its Result.
func (m *Matcher) result(found []counts) Result {
	var res Result
	for id := range m.include + m.exclude {
		c := found[id]
		if !c.any() {
			continue
		}
		tm := &m.terms[id]
		if id >= m.include {
			res.Excluded = append(res.Excluded, tm.written)
			res.Hits = appendHits(res.Hits, tm.written, c, 0)
			continue
		}
		if tm.titleOnly {
			c = counts{title: c.title}
		}
		if !c.any() || !m.guardsAllow(tm, found) {
			res.Guarded = append(res.Guarded, tm.written)
			continue
		}
		res.Terms = append(res.Terms, tm.written)
		res.Hits = appendHits(res.Hits, tm.written, c, weight(c))
		res.Score += weight(c)
	}
	res.Selected = len(res.Terms) > 0 && len(res.Excluded) == 0 && res.Score >= m.threshold
	return res
}

// guardsAllow reports whether a found term counts, given the guard phrases
// found anywhere in the item.
func (m *Matcher) guardsAllow(tm *term, found []counts) bool {
	for _, id := range tm.unless {
		if found[id].any() {
			return false
		}
	}
	if len(tm.with) == 0 {
		return true
	}
	for _, id := range tm.with {
		if found[id].any() {
			return true
		}
	}
	return false
}

// weight is what a term found c times adds to the score: its best field.
func weight(c counts) float64 {
	w := 0.0
	if c.category > 0 {
		w = categoryWeight
	}
	if n := c.lead + c.summary; n > 0 {
		s := summaryWeight
		if c.lead > 0 {
			s = leadWeight
		}
		if n > 1 {
			s += repeatBonus
		}
		w = max(w, s)
	}
	if c.title > 0 {
		w = max(w, titleWeight)
	}
	return w
}

// appendHits appends a hit of the term written per field it was found in,
// with the points it scores on the first field that gives them: an exclude
// term scores none.
func appendHits(hits []Hit, written string, c counts, points float64) []Hit {
	repeat := 0.0
	if c.lead+c.summary > 1 {
		repeat = repeatBonus
	}
	for _, f := range []struct {
		name  string
		n     int
		worth float64 // what the term would weigh from this field
	}{
		{FieldTitle, c.title, titleWeight},
		{FieldLead, c.lead, leadWeight + repeat},
		{FieldSummary, c.summary, summaryWeight + repeat},
		{FieldCategory, c.category, categoryWeight},
	} {
		if f.n == 0 {
			continue
		}
		h := Hit{Term: written, Field: f.name, Count: f.n}
		if points > 0 && f.worth == points {
			h.Points, points = points, -1
		}
		hits = append(hits, h)
	}
	return hits
}

// scan counts with inc the terms that match in the field s. prose is false
// for labels, which are never shouting. A nil inc scans context: only the
// guard phrases are counted there. A word counts for one include or
// exclude term only, the longest that matches where it starts, so that
// "Mistral AI" is not also "AI"; guard phrases are found wherever they are.
func (m *Matcher) scan(t *tokens, s string, prose bool, found []counts, inc func(*counts)) {
	if s == "" {
		return
	}
	t.reset()
	t.add(s)
	shouting := prose && !t.hasLower
	covered := 0 // tokens before this index belong to a term already counted
	for i := range t.len() {
		best, bestLen := -1, 0
		for _, id := range m.first[string(t.lowerAt(i))] {
			tm := &m.terms[id]
			if !m.matchesAt(t, i, tm) || tm.acronym && shouting && frenchVerb(t, i, len(tm.words)) {
				continue
			}
			if id >= m.include+m.exclude {
				found[id].category++ // a guard phrase: only whether it is found matters
				continue
			}
			if inc == nil {
				continue
			}
			if i >= covered && len(tm.words) > bestLen {
				best, bestLen = id, len(tm.words)
			}
		}
		if best >= 0 {
			inc(&found[best])
			covered = i + bestLen
		}
	}
}

// matchesAt reports whether tm matches the tokens from i on.
func (m *Matcher) matchesAt(t *tokens, i int, tm *term) bool {
	if tm.acronym {
		return t.matchAt(i, tm.words, (*tokens).foldedAt)
	}
	return t.matchAt(i, tm.words, (*tokens).lowerAt)
}

// frenchVerb reports whether the n tokens at i, in text written in
// capitals, may be a French verb rather than an acronym: "J'AI", "N'AI",
// "T'AI" or "AI-JE" cannot be told from "AI" by their case. Only the
// elided pronouns and the inverted subject betray them.
func frenchVerb(t *tokens, i, n int) bool {
	if i > 0 {
		switch string(t.lowerAt(i - 1)) {
		case "j", "n", "m", "t", "s":
			return true
		}
	}
	if i+n < t.len() {
		switch string(t.lowerAt(i + n)) {
		case "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles":
			return true
		}
	}
	return false
}

// matchAt reports whether the tokens from i on, spelled by at, start with
// words.
func (t *tokens) matchAt(i int, words []string, at func(*tokens, int) []byte) bool {
	if i+len(words) > t.len() {
		return false
	}
	for k := range words {
		if string(at(t, i+k)) != words[k] {
			return false
		}
	}
	return true
}

// Fingerprint identifies the semantics of the rule: it is the hex SHA-256 of
// the normalized terms and their guards, in order, of the threshold and of
// the version of the matching rules. Rules that differ only in the spelling
// of their terms ("IA-générative" and "IA générative") have the same
// fingerprint.
func (m *Matcher) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "veille/curation %d threshold %g\n", matchingVersion, m.threshold)
	for _, list := range []struct {
		name string
		set  map[string]bool
	}{{"from", m.from}, {"always", m.always}, {"languages", m.languages}} {
		fmt.Fprintf(h, "%s %q\n", list.name, slices.Sorted(maps.Keys(list.set)))
	}
	for id, t := range m.terms[:m.include+m.exclude] {
		sign := "+"
		if id >= m.include {
			sign = "-"
		}
		fmt.Fprintf(h, "%s%s title-only=%t\n", sign, t.key(), t.titleOnly)
		for _, g := range t.with {
			fmt.Fprintf(h, "  with %s\n", m.terms[g].key())
		}
		for _, g := range t.unless {
			fmt.Fprintf(h, "  unless %s\n", m.terms[g].key())
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// splitLead cuts a summary after its first sentence, as [text.SentenceEnds]
// finds it: "M. Macron", "2.5 billion" or "U.S. officials" do not end it.
func splitLead(s string) (lead, rest string) {
	for end := range text.SentenceEnds(s) {
		return s[:end], s[end:]
	}
	return s, ""
}
