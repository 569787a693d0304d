package text_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/veille-project/veille/internal/text"
)

var seeds = []string{
	"",
	"Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards d'euros dans l'IA. Le sommet...",
	"« Il viendra. » Puis... M. Macron, U.S. officials, 2,5 milliards, 3.14, J. R. R. Tolkien, av. J.-C. [...] Fin !",
	"caf\xe9\x00\u202f\u00a0\ufffd. É",
	"Re\u0301sume\u0301 ﬁn ＩＡ Cœur STRAẞE ΣΟΦΟΣ 가나다 ½ \u1e9b\u0323",
	"... ?! … « » \" ( ) [ ]",
}

func FuzzSentences(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := text.Sentences(s)
		for _, sentence := range got {
			if sentence == "" || sentence != strings.TrimSpace(sentence) {
				t.Fatalf("Sentences(%q) has %q", s, sentence)
			}
		}
		// Splitting loses only whitespace.
		if squeeze(strings.Join(got, "")) != squeeze(s) {
			t.Fatalf("Sentences(%q) = %q, lost text", s, got)
		}
		prev := 0
		for end := range text.SentenceEnds(s) {
			if end <= prev || end >= len(s) {
				t.Fatalf("SentenceEnds(%q) gives %d after %d", s, end, prev)
			}
			prev = end
		}
	})
}

// FuzzDecompose checks Decompose against norm.NFKD: the same runes once the
// marks, which Decompose leaves in their written order, are dropped. norm
// is given valid UTF-8, each invalid byte replaced as Decompose replaces
// it: after an invalid byte it may leave the next letter whole
// (testdata/fuzz/FuzzDecompose).
func FuzzDecompose(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := slices.DeleteFunc(text.Decompose(nil, s), text.IsMark)
		want := slices.DeleteFunc([]rune(norm.NFKD.String(string([]rune(s)))), text.IsMark)
		if !slices.Equal(got, want) {
			t.Fatalf("Decompose(%q) = %q, want %q", s, string(got), string(want))
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s), "iso-8859-1")
		f.Add([]byte(s), "utf-8")
	}
	f.Add([]byte("\xff\xfeL\x00'\x00I\x00A\x00"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="utf-16"?>`), "utf-16")
	f.Fuzz(func(t *testing.T, body []byte, label string) {
		got, err := text.Decode(body, label)
		if err != nil {
			return // a decoder may refuse its input; it must not panic
		}
		if !utf8.Valid(got) {
			t.Fatalf("Decode(%q, %q) = %q, invalid UTF-8", body, label, got)
		}
	})
}

// squeeze removes the whitespace from s.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
