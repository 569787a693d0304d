package curation

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func FuzzMatch(f *testing.F) {
	for _, seed := range [][4]string{
		{"L'IA bouleverse les rédactions", "Le président a parlé d'intelligence artificielle.", "IA", "IA"},
		{"J'AI FAIM", "j'ai, ai-je, Il y a, média, via", "Tech", "AI"},
		{"OpenAI unveils new AI model", "said mail Thailand", "AI", "OpenAI"},
		{"IA-générative", "lʼIA ＩＡ cœur ﬁ ß Straße", "Publi-rédactionnel", "IA générative"},
		{"ge\u0301ne\u0301rative", "가나다 \xff\xfe", "", "GPT-4"},
		{"", "", "", "--"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, title, summary, category, term string) {
		m, err := Compile(Rule{Include: Terms(term, "IA"), Exclude: Terms(category)})
		if err != nil {
			return // term or category has no word
		}
		got := m.Match(Document{Title: title, Summary: summary, Categories: []string{category}})
		if got.Selected != (len(got.Terms) > 0 && len(got.Excluded) == 0) {
			t.Fatalf("Match = %+v, inconsistent", got)
		}
		for _, s := range got.Terms {
			if s != term && s != "IA" {
				t.Fatalf("Match = %+v, unknown term %q", got, s)
			}
		}
		if len(got.Excluded) > 1 || len(got.Excluded) == 1 && got.Excluded[0] != category {
			t.Fatalf("Match = %+v, unknown exclude term", got)
		}

		// A term matches itself, in a category or as a whole title (even
		// an acronym in a title then written in capitals).
		m, err = Compile(Rule{Include: Terms(term)})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Match(Document{Categories: []string{term}}); !got.Selected {
			t.Fatalf("term %q does not match itself as a category", term)
		}
		if got := m.Match(Document{Title: term}); !got.Selected {
			t.Fatalf("term %q (acronym: %v) in a title: %+v", term, m.terms[0].acronym, got)
		}

		// Tokenizing rune by rune is tokenizing the NFKD of the whole text.
		for _, s := range []string{title, summary, term} {
			var tok tokens
			tok.add(s)
			var got []string
			for i := range tok.len() {
				got = append(got, string(tok.foldedAt(i)))
			}
			if want := referenceTokens(s); !slices.Equal(got, want) {
				t.Fatalf("tokens of %q\n got %q\nwant %q", s, got, want)
			}
		}
	})
}

// referenceTokens is the plain reading of the matching rules: NFKD, marks
// removed, ligatures spelled out, split on what is not a letter or digit.
// Invalid UTF-8 separates words; it is replaced first, since norm leaves
// the rune after an invalid byte undecomposed.
func referenceTokens(s string) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var (
		out []string
		cur []rune
	)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.M, r):
		case r == 'ʼ':
			flush()
		case r == 'œ':
			cur = append(cur, 'o', 'e')
		case r == 'Œ':
			cur = append(cur, 'O', 'E')
		case r == 'æ':
			cur = append(cur, 'a', 'e')
		case r == 'Æ':
			cur = append(cur, 'A', 'E')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}
