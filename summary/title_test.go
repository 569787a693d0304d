package summary

import (
	"strings"
	"testing"
)

func TestTitle(t *testing.T) {
	tests := []struct {
		name, in, want string // in: the title as the feed parser gives it, XML decoded
	}{
		{"plain", "L'IA au sommet", "L'IA au sommet"},
		{"HTML title", "<b>Bold</b> news", "Bold news"},
		{"escaped twice", "AT&amp;T &#039;rachète&#039;", "AT&T 'rachète'"},
		{"a comparison", "a &lt; b", "a < b"},
		{"escaped markup is text", "&lt;marquee&gt; still scrolls <em>(really)</em>", "<marquee> still scrolls (really)"},
		{"escaped active tag removed", "XSS in &lt;svg onload=alert(1)&gt; tags", "XSS in tags"},
		{"escaped element with a handler removed", "<b>Live</b> &lt;details open ontoggle=alert(1)&gt;", "Live"},
		{"escaped three times, active all the same", "&amp;lt;img src=x onerror=alert(1)&amp;gt;", ""},
		{"a closing tag", "fin &lt;/title&gt;", "fin </title>"},
		{"a heart", "I &lt;3 Go", "I <3 Go"},
		{"bidi override removed", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"bidi isolates removed", "a\u2066b\u2069c\u2067d\u2068e", "abcde"},
		{"right-to-left mark kept", "שלום\u200F!", "שלום\u200F!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Title(tt.in); got != tt.want {
				t.Errorf("Title(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzTitle(f *testing.F) {
	for _, s := range []string{"&lt;svg&gt;", "<b>x</b> &amp;lt;i&amp;gt;", "a < b", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Title(s)
		for i := range got {
			end := strings.IndexByte(got[i:], '>')
			if got[i] == '<' && end >= 0 && activeTag(got[i:i+end+1]) {
				t.Fatalf("Title(%q) = %q, which holds an active tag", s, got)
			}
		}
	})
}

func TestPlainTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Using the <canvas> element", "Using the <canvas> element"},
		{" std::vector<int>  explained", "std::vector<int> explained"},
		{"History of the <blink> tag", "History of the <blink> tag"},
		{"Models that <think> first", "Models that <think> first"},
		{"a < b and c > d", "a < b and c > d"},
		{"XSS <script>alert(1)</script> here", "XSS alert(1) here"},
		{"<svg onload=alert(1)> title", "title"},
		{`<b onmouseover="x()">bold</b>`, "bold</b>"},
		{"AT&amp;T", "AT&amp;T"},
	}
	for _, tt := range tests {
		if got := PlainTitle(tt.in); got != tt.want {
			t.Errorf("PlainTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Using the <canvas> element", false},
		{"std::vector<int> explained", false},
		{"A &amp; B <b>bold</b>", true},
		{"Caf&eacute;", true},
		{"AT&T", false},
		{"<think>reasoning</think>", false},
		{"&bogus; text", false},
		{"plain", false},
	}
	for _, tt := range tests {
		if got := LooksLikeHTML(tt.in); got != tt.want {
			t.Errorf("LooksLikeHTML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
