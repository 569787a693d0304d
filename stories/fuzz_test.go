package stories_test

import (
	"testing"

	"github.com/veille-project/veille/stories"
)

func FuzzSimilarity(f *testing.F) {
	for _, seed := range [][4]string{
		{afpMonde.Title, afpMonde.Summary, afpFigaro.Title, afpFigaro.Summary},
		{gpt5.Title, gpt5.Summary, sued.Title, sued.Summary},
		{"1,5 milliard", "10 000 000,5 1.000.000 2024 100", "1.5 billion", "10,000,000.5"},
		{"L'IA ＩＡ cœur ﬁ ß Straße", "ge\u0301ne\u0301rative 가나다 \xff\xfe ٣٤٥", "OPENAI LANCE GPT-5", "AFP Reuters"},
		{"", "", "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, titleA, summaryA, titleB, summaryB string) {
		a := stories.Doc{Title: titleA, Summary: summaryA}
		b := stories.Doc{Title: titleB, Summary: summaryB}
		s := stories.Similarity(a, b)
		if !(s >= 0 && s <= 1) { // also catches NaN
			t.Fatalf("Similarity = %v, outside [0, 1]", s)
		}
		if r := stories.Similarity(b, a); r != s {
			t.Fatalf("Similarity = %v, reversed %v", s, r)
		}
		if self := stories.Similarity(a, a); self != 0 && self != 1 {
			t.Fatalf("Similarity of a doc with itself = %v, want 0 (no words) or 1", self)
		}
	})
}
