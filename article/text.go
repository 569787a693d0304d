package article

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/veille-project/veille/summary"
)

// nodeText returns the plain text of the article rooted at n: blocks
// separated by "\n\n", lines broken by <br> by "\n", whitespace collapsed.
func nodeText(n *html.Node) string {
	var (
		paras []string
		lines []string
		line  strings.Builder
	)
	endLine := func() {
		if s := summary.Squeeze(line.String()); s != "" {
			lines = append(lines, s)
		}
		line.Reset()
	}
	endPara := func() {
		endLine()
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
		lines = lines[:0]
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			line.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipped(n) || n.DataAtom == atom.Figcaption || n.DataAtom == atom.Aside ||
				n.DataAtom == atom.Nav || n.DataAtom == atom.Form {
				return
			}
			switch {
			case n.DataAtom == atom.Br:
				endLine()
				return
			case inline(n.DataAtom) && photoCredit(n):
				// "© Provided by Reuters" glued to the first sentence
				// would cost the article its first sentence.
				return
			case inline(n.DataAtom):
			default:
				endPara()
				defer endPara()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	endPara()
	return strings.Join(paras, "\n\n")
}

// photoCredit reports whether n, an inline element, holds a photo credit
// alone: "© Provided by Reuters", "Photo : AFP", "Credit: Getty Images".
func photoCredit(n *html.Node) bool {
	var b strings.Builder
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if b.Len() > maxCredit {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(n)
	t := strings.TrimSpace(b.String())
	return t != "" && len(t) <= maxCredit && creditLabel.MatchString(t)
}

// maxCredit is the longest photo credit, in bytes.
const maxCredit = 120

// creditLabel matches the start of a photo credit.
var creditLabel = regexp.MustCompile(`(?i)^(?:©|\(c\)\s|copyright\b|(?:photo|photograph|image|picture|crédit|credit)s?(?:\s+photo)?\s*:)`)

// skipped reports whether element n holds no readable text.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe,
		atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Canvas, atom.Video,
		atom.Audio, atom.Button, atom.Select, atom.Textarea, atom.Input,
		atom.Head, atom.Title, atom.Noembed, atom.Noframes:
		return true
	}
	return n.Data == "svg" || n.Data == "math"
}

// inline reports whether element a flows within a line of text. Every
// other element, including unknown ones, separates blocks.
func inline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.Acronym, atom.B, atom.Bdi, atom.Bdo, atom.Big,
		atom.Cite, atom.Code, atom.Data, atom.Del, atom.Dfn, atom.Em, atom.Font,
		atom.I, atom.Img, atom.Ins, atom.Kbd, atom.Label, atom.Mark, atom.Nobr,
		atom.Picture, atom.Q, atom.S, atom.Samp, atom.Small, atom.Source,
		atom.Span, atom.Strike, atom.Strong, atom.Sub, atom.Sup, atom.Time,
		atom.Tt, atom.U, atom.Var, atom.Wbr:
		return true
	}
	return false
}
