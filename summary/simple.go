package summary

import (
	"golang.org/x/net/html"
	"strings"

	"golang.org/x/net/html/atom"
)

// extractSimple does what extract does for the markup most feed
// descriptions hold — paragraphs, links, images, emphasis, lists, with
// entities — several times faster than the HTML tokenizer. It reports
// false, and extract must be used, for anything else: comments, CDATA,
// elements whose content is not text (script, style, svg...), a "<" that
// starts no tag, quotes that may hide a ">", NUL and CR. FuzzExtractSimple
// checks that when it says true, its text is extract's.
func extractSimple(s string) (string, bool) {
	if strings.ContainsAny(s, "\x00\r") {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			return b.String(), true
		}
		b.WriteString(html.UnescapeString(s[:i]))
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return "", false
		}
		a, ok := simpleTag(s[i+1 : i+end])
		if !ok {
			return "", false
		}
		if !inline(a) {
			b.WriteByte(' ')
		}
		s = s[i+end+1:]
	}
}

// simpleTag returns the element of the tag whose text between "<" and ">"
// is t, when it is a start, end or self-closing tag of a simpleElements
// element that does end at that ">": no quoted attribute value hides it.
func simpleTag(t string) (atom.Atom, bool) {
	t = strings.TrimPrefix(t, "/")
	n := 0
	for n < len(t) && (isASCIILetter(t[n]) || n > 0 && '0' <= t[n] && t[n] <= '9') {
		n++
	}
	if n == 0 || n < len(t) && !isTagSpace(t[n]) && t[n] != '/' {
		return 0, false
	}
	a := atom.Lookup([]byte(strings.ToLower(t[:n])))
	return a, simpleElements[a] && quotesClosed(t[n:])
}

// quotesClosed reports whether every quoted value of the attributes attrs
// closes within them, reading them as x/net/html's tokenizer does (its
// readTag): a quote opens a value only after a key's "=", and an "=" that
// starts a key is part of it.
func quotesClosed(attrs string) bool {
	i := skipTagSpace(attrs, 0)
	for i < len(attrs) {
		start := i // the key
		for i < len(attrs) {
			c := attrs[i]
			if c == '=' && i == start {
				i++
				continue
			}
			if c == '=' || c == '/' || isTagSpace(c) {
				break
			}
			i++
		}
		i = skipTagSpace(attrs, i) // the value, if any
		switch {
		case i >= len(attrs):
			return true
		case attrs[i] == '/':
			i++
		case attrs[i] == '=':
			i = skipTagSpace(attrs, i+1)
			if i < len(attrs) && (attrs[i] == '"' || attrs[i] == '\'') {
				end := strings.IndexByte(attrs[i+1:], attrs[i])
				if end < 0 {
					return false // the value goes on past this ">"
				}
				i += end + 2
			} else {
				for i < len(attrs) && !isTagSpace(attrs[i]) {
					i++
				}
			}
		}
		i = skipTagSpace(attrs, i)
	}
	return true
}

// skipTagSpace returns the index of the first byte of s from i on that is
// not a tag space.
func skipTagSpace(s string, i int) int {
	for i < len(s) && isTagSpace(s[i]) {
		i++
	}
	return i
}

// isTagSpace reports whether c separates a tag's name and attributes.
func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// simpleElements are the elements extractSimple knows: their content is
// text, and the tokenizer reads them as extract expects.
var simpleElements = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Big: true, atom.Blockquote: true, atom.Br: true,
	atom.Caption: true, atom.Center: true, atom.Cite: true, atom.Code: true, atom.Dd: true, atom.Del: true,
	atom.Dfn: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Em: true, atom.Figcaption: true,
	atom.Figure: true, atom.Font: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Hr: true, atom.I: true, atom.Img: true, atom.Ins: true, atom.Kbd: true,
	atom.Li: true, atom.Mark: true, atom.Ol: true, atom.P: true, atom.Picture: true, atom.Q: true,
	atom.S: true, atom.Section: true, atom.Small: true, atom.Source: true, atom.Span: true, atom.Strike: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Table: true, atom.Tbody: true, atom.Td: true,
	atom.Th: true, atom.Thead: true, atom.Time: true, atom.Tr: true, atom.Tt: true, atom.U: true,
	atom.Ul: true, atom.Var: true, atom.Wbr: true,
}
