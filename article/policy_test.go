package article

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestSafeHTML runs the payloads through prepare and the policy alone:
// go-readability removes some of them first, and must not be relied on.
func TestSafeHTML(t *testing.T) {
	base, _ := url.Parse("https://news.example/2025/05/article.html")
	tests := []struct {
		name, in, want string
	}{
		{"script", `<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`},
		{"style element", `<p>a<style>p{}</style>b</p>`, `<p>ab</p>`},
		{"event handlers", `<p onclick="x()" onmouseover="y()">a<img src="i.png" onerror="z()"></p>`, `<p>a<img src="https://news.example/2025/05/i.png"/></p>`},
		{"javascript link", `<a href="javascript:alert(1)">a</a>`, `a`},
		{"javascript link with spaces and case", `<a href=" JaVaScRiPt:alert(1)">a</a>`, `a`},
		{"entity-encoded javascript link", `<a href="jav&#x09;ascript:alert(1)">a</a>`, `a`},
		{"data link", `<a href="data:text/html,x">a</a>`, `a`},
		{"data image", `<p>a<img src="data:image/png;base64,AAAA"></p>`, `<p>a</p>`},
		{"iframe", `<p>a<iframe src="https://www.youtube.com/embed/x"></iframe></p>`, `<p>a</p>`},
		{"form", `<form action="/x"><input name="p"><button>ok</button></form>`, ``},
		{"style attribute", `<p style="background:url(javascript:x)">a</p>`, `<p>a</p>`},
		{"relative link", `<a href="../other.html">a</a>`, `<a href="https://news.example/2025/other.html" rel="nofollow noopener">a</a>`},
		{"protocol-relative link", `<a href="//cdn.example/x">a</a>`, `<a href="https://cdn.example/x" rel="nofollow noopener">a</a>`},
		{"target and rel dropped", `<a href="https://x.example/" target="_blank" rel="opener">a</a>`, `<a href="https://x.example/" rel="nofollow noopener">a</a>`},
		{"fragment link", `<a href="#note">a</a>`, `<a href="#note" rel="nofollow noopener">a</a>`},
		{"mailto link", `<a href="mailto:redaction@news.example">a</a>`, `<a href="mailto:redaction@news.example" rel="nofollow noopener">a</a>`},
		{"1x1 pixel", `<p>a<img src="https://t.example/p.gif" width="1" height="1"></p>`, `<p>a</p>`},
		{"2px pixel", `<p>a<img src="https://t.example/p.gif" width="2px" height="50"></p>`, `<p>a</p>`},
		{"pixel by style", `<p>a<img src="https://t.example/p.gif" style="width: 1px; height: 1px"></p>`, `<p>a</p>`},
		{"hidden image", `<p>a<img src="https://t.example/p.gif" style="display:none"></p>`, `<p>a</p>`},
		{"image kept", `<img src="/i.jpg" alt="x" width="640" height="480">`, `<img src="https://news.example/i.jpg" alt="x" width="640" height="480"/>`},
		{"srcset dropped", `<img src="/i.jpg" srcset="data:image/png;base64,AAA 1x">`, `<img src="https://news.example/i.jpg"/>`},
		{"svg", `<p>a<svg onload="x()"><a xlink:href="javascript:x()">s</a></svg></p>`, `<p>a</p>`},
		{"blockquote cite", `<blockquote cite="/src">q</blockquote>`, `<blockquote cite="https://news.example/src">q</blockquote>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
			nodes, err := html.ParseFragment(strings.NewReader(tt.in), root)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range nodes {
				root.AppendChild(n)
			}
			removePixels(root)
			prepare(root, base)
			got, err := safeHTML(root)
			if err != nil {
				t.Fatal(err)
			}
			got = strings.TrimSuffix(strings.TrimPrefix(got, "<div>"), "</div>")
			if got != tt.want {
				t.Errorf("safeHTML(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}
