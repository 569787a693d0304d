// Package curation decides whether a feed item belongs in a topic feed, and
// says why: which of the topic's terms it mentions.
//
// A topic is a [Rule]: include terms and exclude terms. An item is selected
// when at least one include term matches in any of its fields (title, summary,
// categories) and no exclude term does.
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
// A title or summary without any lowercase letter is shouting, and its
// capitals say nothing: "J'AI FAIM" would otherwise match "AI". Acronym terms
// are not matched in such a field at all; other terms still are. The price is
// that an all-caps headline such as "L'IA VA TOUT CHANGER" is not selected by
// "IA" alone. Categories are labels, not prose, and are exempt: a category
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
	"strings"
	"unicode"
)

// matchingVersion is the version of the matching rules. Change it whenever a
// change to this package may change the Result of some Match, so that
// fingerprints change too.
const matchingVersion = 1

// Rule is a topic as configured: include and exclude terms. Terms are written
// as a user would, in any case, with spaces, hyphens or apostrophes between
// words.
type Rule struct {
	Include, Exclude []string
}

// Matcher is a compiled [Rule]. It is safe for concurrent use. The zero
// Matcher selects nothing.
type Matcher struct {
	terms    []term           // include terms, then exclude terms, in the order of the Rule
	include  int              // number of include terms in terms
	first    map[string][]int // terms by their first word, lowercase
	acronyms bool             // some term is an acronym
}

// term is one compiled term.
type term struct {
	written string   // as in the Rule, for Result
	acronym bool     // matched on folded words, else on lowercase words
	words   []string // normalized: folded if acronym, else lowercase
	first   string   // the first word, lowercase
}

// Compile checks and compiles r. It reports every term with no letter or
// digit, such as `include[3]: term "--" has no word`, and a rule without
// include terms, which could never select anything. A term listed twice in the
// same list, even spelled differently ("IA générative", "IA-générative"), is
// kept once, with its first spelling.
func Compile(r Rule) (*Matcher, error) {
	m := &Matcher{first: make(map[string][]int)}
	var errs []error
	if len(r.Include) == 0 {
		errs = append(errs, errors.New("include: no terms"))
	}
	for _, list := range []struct {
		name  string
		terms []string
	}{{"include", r.Include}, {"exclude", r.Exclude}} {
		seen := make(map[string]bool)
		for i, written := range list.terms {
			t, ok := compileTerm(written)
			if !ok {
				errs = append(errs, fmt.Errorf("%s[%d]: term %q has no word", list.name, i, written))
				continue
			}
			if key := t.key(); !seen[key] {
				seen[key] = true
				m.add(t)
			}
		}
		if list.name == "include" {
			m.include = len(m.terms)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
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
}

// Result says whether an item is selected and why.
type Result struct {
	// Selected is true when Terms is not empty and Excluded is.
	Selected bool
	// Terms lists the include terms that matched, each once, in the order
	// of the Rule and as written there; nil if none did.
	Terms []string
	// Excluded lists the exclude terms that matched, likewise. They veto
	// the item; they are reported even when no include term matched.
	Excluded []string
}

// Match classifies d. Each field of d is read once, however many terms the
// rule has.
func (m *Matcher) Match(d Document) Result {
	// The found terms live on the stack for rules of up to 256 terms.
	var small [4]uint64
	found := small[:]
	if n := (len(m.terms) + 63) / 64; n > len(small) {
		found = make([]uint64, n)
	}
	// The token buffers, shared by the fields, are allocated once. Folding
	// seldom makes a text longer.
	n := max(len(d.Title), len(d.Summary))
	for _, c := range d.Categories {
		n = max(n, len(c))
	}
	n += 16
	t := tokens{folded: make([]byte, 0, n), lower: make([]byte, 0, n), spans: make([]span, 0, n/5)}

	m.scan(&t, d.Title, true, found)
	m.scan(&t, d.Summary, true, found)
	for _, c := range d.Categories {
		m.scan(&t, c, false, found)
	}

	var res Result
	var terms, excluded int
	for id := range m.terms {
		if found[id/64]&(1<<(id%64)) != 0 {
			if id < m.include {
				terms++
			} else {
				excluded++
			}
		}
	}
	if terms > 0 {
		res.Terms = make([]string, 0, terms)
	}
	if excluded > 0 {
		res.Excluded = make([]string, 0, excluded)
	}
	for id, tm := range m.terms {
		if found[id/64]&(1<<(id%64)) == 0 {
			continue
		}
		if id < m.include {
			res.Terms = append(res.Terms, tm.written)
		} else {
			res.Excluded = append(res.Excluded, tm.written)
		}
	}
	res.Selected = len(res.Terms) > 0 && len(res.Excluded) == 0
	return res
}

// scan marks in found the terms that match in the field s. prose is false
// for labels, which are never shouting.
func (m *Matcher) scan(t *tokens, s string, prose bool, found []uint64) {
	if s == "" {
		return
	}
	t.reset()
	t.add(s)
	acronyms := m.acronyms && (t.hasLower || !prose)
	for i := range t.len() {
		for _, id := range m.first[string(t.lowerAt(i))] {
			if found[id/64]&(1<<(id%64)) != 0 {
				continue
			}
			tm := &m.terms[id]
			var ok bool
			switch {
			case !tm.acronym:
				ok = t.matchAt(i, tm.words, (*tokens).lowerAt)
			case acronyms:
				ok = t.matchAt(i, tm.words, (*tokens).foldedAt)
			}
			if ok {
				found[id/64] |= 1 << (id % 64)
			}
		}
	}
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
// the normalized terms, in order, and of the version of the matching rules.
// Rules that differ only in the spelling of their terms ("IA-générative" and
// "IA générative") have the same fingerprint.
func (m *Matcher) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "veille/curation %d\n", matchingVersion)
	for id, t := range m.terms {
		sign := "+"
		if id >= m.include {
			sign = "-"
		}
		fmt.Fprintf(h, "%s%s\n", sign, t.key())
	}
	return hex.EncodeToString(h.Sum(nil))
}
