package summary_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/veille-project/veille/summary"
)

var teaserSeeds = []string{
	"Le texte [&#8230;] The post X appeared first on Y.",
	"Lire la suite…", "(more…)", "Continue reading Foo →", "Read more »",
	"Un lead. (Crédit photo : AFP) Suite.", "L’article X est apparu en premier sur Y.",
	"[…]", "[...]", "a […] b", "The post appeared first on", "((Crédit photo : ()))",
}

func FuzzClean(f *testing.F) {
	for _, s := range append(teaserSeeds, seeds...) {
		f.Add(s, "Un titre")
	}
	f.Fuzz(func(t *testing.T, s, title string) {
		summary.IsTeaser(s, title)
		got := summary.Clean(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q, invalid UTF-8", s, got)
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("Clean(%q) = %q, not trimmed", s, got)
		}
		// Clean only removes, except an ellipsis for an elision mark.
		if len(got) > len(s)+len("…") {
			t.Fatalf("Clean(%q) = %q, longer", s, got)
		}
	})
}
