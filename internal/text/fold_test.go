package text_test

import (
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
)

// fold spells s as the tokenizers do: decomposed, without marks, each
// letter and digit folded, anything else kept as it is.
func fold(s string, lower bool) string {
	var out []byte
	for _, r := range text.Decompose(nil, s) {
		switch {
		case text.IsMark(r):
		case lower:
			out = text.AppendFoldedLower(out, r)
		default:
			out = text.AppendFolded(out, r)
		}
	}
	return string(out)
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, folded, lower string
	}{
		{"ASCII", "L'IA, GPT-4o", "L'IA, GPT-4o", "l'ia, gpt-4o"},
		{"precomposed accents", "Générative À ÉTÉ", "Generative A ETE", "generative a ete"},
		{"combining accents", "ge\u0301ne\u0301rative", "generative", "generative"},
		{"ligatures", "Cœur ŒUVRE æther ÆTHER", "Coeur OEUVRE aether AETHER", "coeur oeuvre aether aether"},
		{"sharp s", "Straße STRAẞE", "Straße STRAẞE", "strasse strasse"},
		{"final sigma", "ΣΟΦΟΣ σοφος", "ΣΟΦΟΣ σοφος", "σοφοσ σοφοσ"},
		{"compatibility forms", "ﬁnal ＩＡ ²", "final IA 2", "final ia 2"},
		{"Hangul", "한", "\u1112\u1161\u11ab", "\u1112\u1161\u11ab"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fold(tt.in, false); got != tt.folded {
				t.Errorf("folded %q = %q, want %q", tt.in, got, tt.folded)
			}
			if got := fold(tt.in, true); got != tt.lower {
				t.Errorf("folded lowercase %q = %q, want %q", tt.in, got, tt.lower)
			}
		})
	}
}

func TestIsLetter(t *testing.T) {
	for r, want := range map[rune]bool{'a': true, 'É': true, 'ß': true, 'ʼ': false, '\'': false, '1': false, '\u0301': false} {
		if got := text.IsLetter(r); got != want {
			t.Errorf("IsLetter(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestDecomposeAllocates(t *testing.T) {
	var buf [18]rune
	s := "Cœur générative ＩＡ"
	if n := testing.AllocsPerRun(100, func() {
		for i, r := range s {
			text.Decompose(buf[:0], s[i:i+utf8.RuneLen(r)])
		}
	}); n != 0 {
		t.Errorf("Decompose into a large enough buffer allocates %v times", n)
	}
}
