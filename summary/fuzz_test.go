package summary_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/summary"
)

var seeds = []string{
	"",
	"<p>a</p><p>b</p>",
	"Le président de la République, Emmanuel Macron, a annoncé lundi 10 février un investissement de 109 milliards d'euros dans l'IA. Le sommet...",
	"L&amp;#039;IA g&amp;eacute;n&amp;eacute;rative&amp;nbsp;: un tournant",
	"&lt;p&gt;OpenAI&lt;/p&gt;",
	`<img src="x.jpg"/><a href="https://example.com">lien</a><br/>suite`,
	"<script>x</script><svg><svg></svg></svg><head><title>t</title>corps",
	"« Il viendra. » Puis... M. Macron, U.S. officials, 2,5 milliards, 3.14, J. R. R. Tolkien, av. J.-C. [...] Fin !",
	"caf\xe9\x00\u202f\u00a0\ufffd&#0;&#x110000;&#99999999999;",
	"<<>><p<a<//>&&;&#;&#x;&amp;",
	"Re\u0301sume\u0301",
}

func FuzzText(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := summary.Text(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q, invalid UTF-8", s, got)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Text(%q) = %q, not trimmed or collapsed", s, got)
		}
		for _, r := range got {
			if r != ' ' && unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
				t.Fatalf("Text(%q) = %q, has %U", s, got, r)
			}
		}
	})
}

func FuzzTruncate(f *testing.F) {
	for _, s := range seeds {
		for _, max := range []int{-1, 0, 1, 2, 5, 20, 100} {
			f.Add(s, max)
		}
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		got := summary.Truncate(s, max)
		n := utf8.RuneCountInString(s)
		switch {
		case max <= 0 || n <= max:
			if got != s {
				t.Fatalf("Truncate(%q, %d) = %q, want it unchanged", s, max, got)
			}
		case utf8.RuneCountInString(got) > max:
			t.Fatalf("Truncate(%q, %d) = %q, too long", s, max, got)
		case utf8.ValidString(s) && !utf8.ValidString(got):
			t.Fatalf("Truncate(%q, %d) = %q, invalid UTF-8", s, max, got)
		case !strings.HasSuffix(got, "…") && !strings.HasPrefix(strings.TrimSpace(s), got):
			t.Fatalf("Truncate(%q, %d) = %q, not a prefix of whole sentences", s, max, got)
		case !strings.HasSuffix(got, "…") && got != strings.TrimSpace(s) && !leading(text.Sentences(s), squeeze(got)):
			// Without an ellipsis, the result is whole leading sentences.
			t.Fatalf("Truncate(%q, %d) = %q, not whole sentences", s, max, got)
		}
	})
}

// leading reports whether squeezed is the first sentences, squeezed.
func leading(sentences []string, squeezed string) bool {
	var b strings.Builder
	for _, s := range sentences {
		b.WriteString(squeeze(s))
		if b.Len() >= len(squeezed) {
			return b.String() == squeezed
		}
	}
	return false
}

// squeeze removes the whitespace from s.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// FuzzWhole checks that the judgement of a feed's text never panics and
// that Whole only drops text: its result, less a final "…", starts what it
// was given.
func FuzzWhole(f *testing.F) {
	for _, s := range seeds {
		f.Add(s, "Le sommet")
	}
	f.Add("人工智能公司周二发布了新模型。该模型在多项测试中表现优异！它何时上市", "新模型")
	f.Add("Editor’s Note: [Podcast] EXCLUSIF - VIDÉO - a, b, c, d #e", "a")
	f.Fuzz(func(t *testing.T, s, title string) {
		if !utf8.ValidString(s) {
			return
		}
		s = summary.Clean(summary.Text(s))
		summary.Worthless(s, title)
		w := summary.Whole(s)
		if !strings.HasPrefix(strings.TrimSpace(s), strings.TrimSuffix(w, "…")) {
			t.Errorf("Whole(%q) = %q: not a start of it", s, w)
		}
		if !utf8.ValidString(w) {
			t.Errorf("Whole(%q) = %q: invalid UTF-8", s, w)
		}
	})
}
