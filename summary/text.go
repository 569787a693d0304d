// Package summary turns the HTML found in feed items into clean plain text
// and cuts it to a length for display, at sentence ends where it can.
//
// The functions are pure: they do no I/O, keep no state and are safe for
// concurrent use. They accept any input, including broken markup and invalid
// UTF-8, without panicking.
package summary

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text returns the readable plain text of an HTML fragment (or of plain text).
//
// Tags are removed and the content of script, style, noscript, iframe, object,
// svg, template, head, noembed and noframes elements is dropped. Entities are
// decoded; feeds often escape their HTML twice, so when the first pass leaves
// an entity-looking sequence ("&amp;#039;" gives "&#039;") that sequence is
// decoded once more, and when it leaves common HTML tags ("&lt;p&gt;" gives
// "<p>") the result is read as HTML again. Elements other than inline ones
// (a, em, span, strong ...) separate words, so "<p>a</p><p>b</p>" gives
// "a b". All whitespace, including U+00A0 and U+202F, collapses to single
// spaces; control characters, U+FFFD, soft hyphens, zero-width spaces and
// bidirectional embeddings, overrides and isolates are removed; the result is
// trimmed.
func Text(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return Squeeze(s) // plain text, as most titles are: nothing to parse
	}
	t, ok := extractSimple(s)
	if !ok {
		t = extract(s)
	}
	if hasEscapedMarkup(t) {
		t = extract(t)
	} else {
		t = decodeEntities(t)
	}
	return Squeeze(t)
}

// extract returns the text content of the HTML s, entities decoded once and
// a space wherever an element separates words. Whitespace is left as found.
//
// The content of an element whose content is not text (iframe, object,
// svg...) is dropped only when the element is closed later: left unclosed,
// it would swallow the rest of the description, as it does in no feed
// reader (feedparser's sanitizer drops the tag and keeps what follows), so
// its start tag only separates words. An unclosed script or style still
// drops the rest: what follows it is code, not words.
func extract(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := newTokenizer(s)
	var (
		pos   int       // bytes of s the tokenizer has read
		skip  atom.Atom // element whose content is being dropped, or 0
		depth int       // nesting of skip inside itself
		child atom.Atom // open element inside a dropped head, or 0
		ends  endTags
	)
	for {
		tt := z.Next()
		pos += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			text := z.Text()
			if skip == atom.Head && child == 0 && len(bytes.TrimSpace(text)) > 0 {
				skip = 0 // text cannot be in a head: it starts the body
			}
			if skip == 0 {
				b.Write(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skip == atom.Head {
				// A browser ends an unclosed head where the body starts.
				switch {
				case tt == html.EndTagToken && a == atom.Head:
					skip = 0
					continue
				case tt == html.EndTagToken && a == child:
					child = 0
					continue
				case child != 0 || tt == html.EndTagToken:
					continue
				case headChild(a):
					if tt == html.StartTagToken && !void(a) {
						child = a
					}
					continue
				}
				skip = 0
			}
			if skip != 0 {
				switch {
				case a == skip && tt == html.StartTagToken:
					depth++
				case a == skip && tt == html.EndTagToken:
					depth--
				}
				if depth == 0 {
					skip = 0
				}
				continue
			}
			if tt != html.EndTagToken && dropped(a) && !(tt == html.SelfClosingTagToken && a == atom.Svg) {
				// Only svg, a foreign element, can really be self-closing;
				// "<script/>" opens a script as it does in a browser.
				b.WriteByte(' ')
				if a == atom.Head || a == atom.Script || a == atom.Style || ends.after(s, a, pos) {
					skip, depth, child = a, 1, 0
					continue
				}
				if rawText(a) {
					// The tokenizer would read the rest as the
					// element's raw text: read it afresh instead.
					s, pos = s[pos:], 0
					z, ends = newTokenizer(s), endTags{}
				}
				continue
			}
			if !inline(a) && !misescaped(a, name) {
				b.WriteByte(' ')
			}
		}
	}
}

// misescaped reports whether a tag named name, of element a, is text that
// its publisher forgot to escape ("List<Integer>", "a <mybutton> name")
// rather than markup: no HTML element has that name, and no custom or
// namespaced one could ("my-widget" and "o:p" could). It is removed as
// feedparser removes it, without separating the words around it.
func misescaped(a atom.Atom, name []byte) bool {
	return a == 0 && !bytes.ContainsAny(name, "-:")
}

func newTokenizer(s string) *html.Tokenizer {
	z := html.NewTokenizer(strings.NewReader(s))
	// A CDATA section left in a description is content, not a comment to drop.
	z.AllowCDATA(true)
	return z
}

// rawText reports whether the tokenizer reads the content of element a as
// raw text, up to its end tag.
func rawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Xmp,
		atom.Textarea, atom.Title, atom.Plaintext:
		return true
	}
	return false
}

// endTags finds where the last end tag of each dropped element is in a
// string, once per element, so that each start tag is checked against it
// in constant time.
type endTags map[atom.Atom]int

// after reports whether s holds an end tag of element a ("</iframe")
// beyond offset pos.
func (e *endTags) after(s string, a atom.Atom, pos int) bool {
	if *e == nil {
		*e = make(endTags)
	}
	last, ok := (*e)[a]
	if !ok {
		last = lastEndTag(s, a.String())
		(*e)[a] = last
	}
	return last >= pos
}

// lastEndTag returns the offset of the last "</name" in s, in any case, or
// -1.
func lastEndTag(s, name string) int {
	for i := len(s) - len(name) - 2; i >= 0; i-- {
		if s[i] == '<' && s[i+1] == '/' && strings.EqualFold(s[i+2:i+2+len(name)], name) {
			return i
		}
	}
	return -1
}

// void reports whether element a has no content and no end tag.
func void(a atom.Atom) bool { return a == atom.Meta || a == atom.Link || a == atom.Base }

// headChild reports whether element a belongs in a head.
func headChild(a atom.Atom) bool {
	switch a {
	case atom.Title, atom.Meta, atom.Link, atom.Base, atom.Script, atom.Style,
		atom.Noscript, atom.Template, atom.Noframes:
		return true
	}
	return false
}

// dropped reports whether the content of element a is not readable text.
func dropped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Object,
		atom.Svg, atom.Template, atom.Head, atom.Noembed, atom.Noframes:
		return true
	}
	return false
}

// inline reports whether element a flows within a word. Every other element,
// including unknown ones, separates words: an extra space is harmless, two
// words glued together are not.
func inline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.Acronym, atom.B, atom.Bdi, atom.Bdo, atom.Big,
		atom.Cite, atom.Code, atom.Data, atom.Del, atom.Dfn, atom.Em, atom.Font,
		atom.I, atom.Ins, atom.Kbd, atom.Mark, atom.Nobr, atom.Q, atom.S,
		atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub,
		atom.Sup, atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr:
		return true
	}
	return false
}

// hasEscapedMarkup reports whether s, text already decoded once, still holds
// an HTML tag of a kind found in feed descriptions, such as "<p>" or
// "<a href=...>". The list is short on purpose: a sentence about "<title>"
// elements, correctly escaped, must not be read as markup.
func hasEscapedMarkup(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (isASCIILetter(s[k]) || ('0' <= s[k] && s[k] <= '9')) {
			k++
		}
		if k == j || k == len(s) || !contentTag(strings.ToLower(s[j:k])) {
			continue
		}
		switch s[k] {
		case '>':
			return true
		case '/', ' ', '\t', '\n', '\r', '\f':
			if end := strings.IndexAny(s[k:], "<>"); end >= 0 && s[k+end] == '>' {
				return true
			}
		}
	}
	return false
}

func contentTag(name string) bool {
	switch name {
	case "p", "br", "div", "span", "a", "img", "strong", "em", "b", "i", "u",
		"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"figure", "figcaption", "picture", "source", "video", "audio", "table",
		"tr", "td", "th", "iframe", "script", "style", "hr", "pre", "section",
		"article", "small", "sup", "sub":
		return true
	}
	return false
}

// decodeEntities decodes the entity-looking sequences left in s by a first
// decoding ("&#039;", "&nbsp;", "&eacute;"), and nothing else: decoding all
// of s again would turn a legitimate "&not" into "¬".
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		if n := entityLen(s); n > 0 {
			b.WriteString(html.UnescapeString(s[:n]))
			s = s[n:]
		} else {
			b.WriteByte('&')
			s = s[1:]
		}
		i = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// entityLen returns the length of the character reference that s starts
// with ("&name;", "&#123;" or "&#x1F;"), or 0 if it does not start with one.
func entityLen(s string) int {
	if len(s) < 3 || s[0] != '&' {
		return 0
	}
	i := 1
	var ok func(byte) bool
	switch {
	case s[1] == '#' && len(s) > 2 && (s[2] == 'x' || s[2] == 'X'):
		i, ok = 3, isHexDigit
	case s[1] == '#':
		i, ok = 2, func(c byte) bool { return '0' <= c && c <= '9' }
	default:
		ok = func(c byte) bool { return isASCIILetter(c) || ('0' <= c && c <= '9') }
		if !isASCIILetter(s[1]) {
			return 0
		}
	}
	start := i
	for i < len(s) && i-start < 32 && ok(s[i]) {
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0
	}
	return i + 1
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Squeeze collapses whitespace runs of plain text to single spaces, removes
// control and invisible characters (soft hyphens, zero-width spaces, byte
// order marks) and trims the result, as [Text] does after reading the HTML.
// Invalid UTF-8 decodes to U+FFFD and is removed with it.
func Squeeze(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		// Most text is ASCII: its bytes need no decoding.
		c := s[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case asciiSpace(c), c >= utf8.RuneSelf && unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case invisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if size == 1 {
			b.WriteByte(c)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// asciiSpace reports whether c is an ASCII space, as unicode.IsSpace has it.
func asciiSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// invisible reports whether r is a control character (C0, DEL, C1), the
// replacement character, a character that only hints at line breaking (soft
// hyphen, zero-width space, word joiner, byte order mark), or a bidirectional
// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): these
// reorder the text that follows them, so that a title can show words other
// than its own, or spill its direction into the page around it. The marks
// U+200E and U+200F are kept: they affect only neutral characters next to
// them, and right-to-left text uses them properly.
func invisible(r rune) bool {
	switch {
	case r < 0x20, 0x7f <= r && r <= 0x9f:
		return true
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	}
	switch r {
	case utf8.RuneError, '\u00ad', '\u200b', '\u2060', '\ufeff':
		return true
	}
	return false
}
