package aggregator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Namespaces whose elements the lenient reading looks for in items.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
	nsMedia   = "http://search.yahoo.com/mrss/"
	nsDCTerms = "http://purl.org/dc/terms/"
)

// rawItem is what gofeed's universal Item loses of one RSS item or Atom
// entry, read from the document itself.
type rawItem struct {
	// titleType says how to read the title: "rss" for an RSS title (text
	// that may be HTML, see titleText), else the Atom title's type
	// attribute, lowercased ("" is text); "" too when there is no title.
	titleType string
	// summaryType and contentType are the type attributes of an Atom
	// entry's summary and content, lowercased ("" is text, as the format
	// says); "" too for RSS, whose descriptions are HTML.
	summaryType, contentType string
	// lang is the item's own xml:lang attribute ("fr-FR"), which gofeed
	// drops: the language an Atom entry declares for itself.
	lang string
	// notPermalink is set by an RSS guid with isPermaLink="false": the
	// GUID then names the item and never locates it.
	notPermalink bool
	mediaTitle   string // the text of the first media:title
	// body is the markup of an XHTML body (xhtml:body, or body in the
	// XHTML namespace) or of a fullitem element: bodies some feeds give
	// instead of a description.
	body string
	// issued, created and modified are the raw Dublin Core terms dates.
	issued, created, modified string
}

// reading is the outcome of readLeniently.
type reading struct {
	items []rawItem // every item or entry, in document order
	// repaired is the document written out again well-formed: what could
	// be read of it, with the elements left open at the end (or at an
	// error) closed, stray end tags dropped and misnested ones closed in
	// order.
	repaired []byte
	problem  error // why the document is not well-formed; nil when it is as far as seen
}

// open is an element open during readLeniently.
type open struct {
	name xml.Name          // as written: Space holds the prefix
	ns   map[string]string // the namespace declarations it makes, or nil
}

// capture is what readLeniently is collecting of an item's element.
type capture struct {
	depth int     // stack depth of the element captured; 0 when none
	into  *string // where the element's text or markup goes
	text  bool    // its text, else its markup
	start int     // offset of its content in the repaired document
	buf   strings.Builder
}

// readLeniently reads an XML feed document in UTF-8 as far as it can,
// the way feedparser's "bozo" reading does, and returns its items' raw
// fields and the document repaired. Unlike a strict parser, it takes "&"
// that starts no entity as text, HTML's named entities as the characters
// they name, and an end tag that closes nothing or closes elements left
// open as a browser would; at a syntax error or a truncated end, it stops
// and closes what is open, so that every item read so far is kept.
func readLeniently(body []byte) reading {
	var r reading
	var out bytes.Buffer
	out.Grow(len(body) + 64)
	d := xml.NewDecoder(bytes.NewReader(escapeStray(withoutControls(body))))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	// The document is UTF-8 by now, whatever its declaration says.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }

	var stack []open
	itemDepth := 0 // stack depth of the open item; 0 when none
	// A feed served inside another document (an XHTML page wrapping an
	// Atom feed) is read from its own root element: nested is the stack
	// depth of that element while it is open, and [start, end) its bytes.
	nested, start, end := 0, -1, -1
	var item *rawItem
	var c capture
	// pendingVoid is the HTML void element just written as empty, whose
	// end tag, if it comes next, is left out.
	var pendingVoid xml.Name
	closeTop := func() {
		top := stack[len(stack)-1]
		if c.depth == len(stack) {
			if c.text {
				*c.into = strings.TrimSpace(c.buf.String())
			} else {
				*c.into = strings.TrimSpace(string(out.Bytes()[c.start:]))
			}
			c = capture{}
		}
		out.WriteString("</")
		writeName(&out, top.name)
		out.WriteByte('>')
		if nested == len(stack) {
			nested, end = 0, out.Len()
		}
		if itemDepth == len(stack) {
			itemDepth, item = 0, nil
		}
		stack = stack[:len(stack)-1]
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.problem = err
			break
		}
		voidEnd := pendingVoid
		pendingVoid = xml.Name{}
		switch t := tok.(type) {
		case xml.StartElement:
			local := strings.ToLower(t.Name.Local)
			if item != nil && c.depth == 0 && len(stack) == itemDepth+1 && textField(stack[len(stack)-1].name.Local) &&
				itemElement(local) {
				// "<title>…</titel>": the title was never closed, and the
				// item's next element is not part of it.
				r.noteProblem(errors.New("element <" + qualified(stack[len(stack)-1].name) + "> not closed"))
				closeTop()
			}
			if item != nil && len(stack) == itemDepth && htmlVoid(local) {
				// "<br>" between an item's elements, left open as HTML
				// writes it, would hold the rest of the item.
				writeStart(&out, t)
				out.WriteString("</")
				writeName(&out, t.Name)
				out.WriteByte('>')
				pendingVoid = t.Name
				continue
			}
			el := open{name: t.Name}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					el.ns = declare(el.ns, "", a.Value)
				case a.Name.Space == "xmlns":
					el.ns = declare(el.ns, a.Name.Local, a.Value)
				}
			}
			parent := ""
			if len(stack) > 0 {
				parent = strings.ToLower(stack[len(stack)-1].name.Local)
			}
			if len(stack) > 0 && start < 0 && feedRoot(local) &&
				!feedRoot(stack[0].name.Local) {
				nested, start = len(stack)+1, out.Len()
				r.noteProblem(errors.New("the feed is inside a <" + qualified(stack[0].name) + "> element"))
			}
			stack = append(stack, el)
			writeStart(&out, t)
			ns := namespace(stack, t.Name.Space)
			switch {
			case item == nil && isItem(local, parent):
				r.items = append(r.items, rawItem{lang: xmlLang(t)})
				item, itemDepth = &r.items[len(r.items)-1], len(stack)
			case item == nil || c.depth != 0:
			case len(stack) == itemDepth+1 && local == "title" && (ns == "" || ns == nsAtom || t.Name.Space == ""):
				item.titleType = "rss"
				if local := strings.ToLower(stack[itemDepth-1].name.Local); local == "entry" {
					item.titleType = strings.ToLower(strings.TrimSpace(attr(t, "type")))
				}
			case len(stack) == itemDepth+1 && (local == "summary" || local == "content") &&
				strings.EqualFold(stack[itemDepth-1].name.Local, "entry"):
				kind := strings.ToLower(strings.TrimSpace(attr(t, "type")))
				if kind == "" {
					kind = "text"
				}
				if local == "summary" {
					item.summaryType = kind
				} else {
					item.contentType = kind
				}
			case len(stack) == itemDepth+1 && local == "guid":
				item.notPermalink = strings.EqualFold(strings.TrimSpace(attr(t, "ispermalink")), "false")
			case ns == nsMedia && local == "title" && item.mediaTitle == "":
				c = capture{depth: len(stack), into: &item.mediaTitle, text: true}
			case (ns == nsXHTML && local == "body" || local == "fullitem") && item.body == "":
				c = capture{depth: len(stack), into: &item.body, start: out.Len()}
			case ns == nsDCTerms && (local == "issued" || local == "created" || local == "modified"):
				into := map[string]*string{"issued": &item.issued, "created": &item.created, "modified": &item.modified}[local]
				c = capture{depth: len(stack), into: into, text: true}
			}
		case xml.EndElement:
			if t.Name == voidEnd {
				continue // "<br/>", or "<br></br>"
			}
			i := openElement(stack, t.Name)
			if i < 0 {
				r.noteProblem(errors.New("an end tag closes no open element: </" + qualified(t.Name) + ">"))
				continue
			}
			if i < len(stack)-1 {
				r.noteProblem(errors.New("element <" + qualified(stack[len(stack)-1].name) + "> closed by </" +
					qualified(t.Name) + ">"))
			}
			for len(stack) > i {
				closeTop()
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue // text outside the root element is not well-formed, and says nothing
			}
			if c.text {
				c.buf.Write(t)
			}
			xml.EscapeText(&out, t)
		}
		// Comments, processing instructions (the XML declaration among
		// them: the document is UTF-8 now) and DOCTYPEs are left out.
	}
	if len(stack) > 0 {
		r.noteProblem(errors.New("unexpected end of document"))
	}
	for len(stack) > 0 {
		closeTop()
	}
	r.repaired = out.Bytes()
	if start >= 0 {
		r.repaired = r.repaired[start:end]
	}
	return r
}

// openElement returns the index in stack of the innermost element the end
// tag of name closes: of the same name, else of the same name in another
// case ("<pubDate>…</pubdate>": XML names are case-sensitive, their
// writers not always); -1 when there is none.
func openElement(stack []open, name xml.Name) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].name == name {
			return i
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if strings.EqualFold(stack[i].name.Space, name.Space) && strings.EqualFold(stack[i].name.Local, name.Local) {
			return i
		}
	}
	return -1
}

// textField reports whether an item's element named local holds text
// only, never another of the item's elements.
func textField(local string) bool {
	switch strings.ToLower(local) {
	case "title", "link", "description", "pubdate", "guid", "author", "comments", "category", "date", "creator",
		"subject", "id", "updated", "published", "issued", "modified", "created":
		return true
	}
	return false
}

// itemElement reports whether an element named local (lowercased) is one
// of an item's own: a text field, or a summary, content, enclosure or
// source.
func itemElement(local string) bool {
	switch local {
	case "summary", "content", "encoded", "enclosure", "source":
		return true
	}
	return textField(local)
}

// htmlVoid reports whether local (lowercased) names an HTML element that
// has no content, and no end tag in HTML, other than link, which feeds use
// for an element of their own.
func htmlVoid(local string) bool {
	switch local {
	case "br", "hr", "img", "wbr", "area", "col", "embed", "input", "param", "track", "meta", "base":
		return true
	}
	return false
}

// feedRoot reports whether an element named local is the root element of
// an RSS, RDF (RSS 0.9 and 1.0) or Atom document.
func feedRoot(local string) bool {
	local = strings.ToLower(local)
	return local == "rss" || local == "feed" || local == "rdf"
}

func (r *reading) noteProblem(err error) {
	if r.problem == nil {
		r.problem = err
	}
}

// isItem reports whether an element named local (lowercased) whose parent
// is named parent is an item or entry, as gofeed finds them: RSS 2.0's
// items in the channel, RSS 0.9 and 1.0's beside it, Atom's entries.
func isItem(local, parent string) bool {
	switch local {
	case "item":
		return parent == "channel" || parent == "rdf" || parent == "rss"
	case "entry":
		return parent == "feed"
	}
	return false
}

// withoutControls returns body without the C0 control characters XML
// forbids, which a strict reading rejects and gofeed drops.
func withoutControls(body []byte) []byte {
	if bytes.IndexFunc(body, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' }) < 0 {
		return body
	}
	return bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, body)
}

// escapeStray writes as "&lt;" each "<" of body that starts no markup
// ("growth <5%", "a < b"), as an HTML parser reads it, and as "]]&gt;" each
// "]]>" outside a CDATA section (one that a "]]>" in its own text ended
// early leaves behind): XML parsers stop at either, and every item after it
// would be lost. CDATA sections and comments are copied as they are. body
// itself is returned when nothing needs escaping, the common case.
func escapeStray(body []byte) []byte {
	var out []byte // nil until something is escaped
	copied := 0    // body[:copied] is in out
	replace := func(at, n int, with string) {
		if out == nil {
			out = make([]byte, 0, len(body)+32)
		}
		out = append(append(out, body[copied:at]...), with...)
		copied = at + n
	}
	for i := 0; i < len(body); {
		j := bytes.IndexAny(body[i:], "<]")
		if j < 0 {
			break
		}
		i += j
		rest := body[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("]]>")):
			replace(i+2, 1, "&gt;")
			i += 3
		case rest[0] == ']':
			i++
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i += copyThrough(rest, "]]>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			i += copyThrough(rest, "-->")
		case startsMarkup(rest):
			i++
		default:
			replace(i, 1, "&lt;")
			i++
		}
	}
	if out == nil {
		return body
	}
	return append(out, body[copied:]...)
}

// startsMarkup reports whether s, which starts with "<", starts a tag, an
// end tag, a declaration, a processing instruction, a comment or a CDATA
// section: "<" then a name's first character, "/", "!" or "?".
func startsMarkup(s []byte) bool {
	if len(s) < 2 {
		return false
	}
	c := s[1]
	return c == '/' || c == '!' || c == '?' || c == '_' || c == ':' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// copyThrough returns the length of s up to and including the first end,
// or all of s when end never comes.
func copyThrough(s []byte, end string) int {
	if k := bytes.Index(s, []byte(end)); k >= 0 {
		return k + len(end)
	}
	return len(s)
}

func declare(ns map[string]string, prefix, uri string) map[string]string {
	if ns == nil {
		ns = make(map[string]string, 1)
	}
	ns[prefix] = uri
	return ns
}

// namespace returns the URI prefix stands for among the open elements, or
// "" when it is not declared.
func namespace(stack []open, prefix string) string {
	for i := len(stack) - 1; i >= 0; i-- {
		if uri, ok := stack[i].ns[prefix]; ok {
			return uri
		}
	}
	return ""
}

// attr returns the value of the attribute of t named local (in any case,
// in any namespace), or "".
// xmlLang returns the xml:lang attribute of t, "" if it has none.
func xmlLang(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Space == "xml" && a.Name.Local == "lang" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Name.Local, local) {
			return a.Value
		}
	}
	return ""
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func writeName(out *bytes.Buffer, n xml.Name) {
	if n.Space != "" {
		out.WriteString(n.Space)
		out.WriteByte(':')
	}
	out.WriteString(n.Local)
}

// writeStart writes t as a start tag, each attribute once.
func writeStart(out *bytes.Buffer, t xml.StartElement) {
	out.WriteByte('<')
	writeName(out, t.Name)
	seen := make(map[xml.Name]bool, len(t.Attr))
	for _, a := range t.Attr {
		if seen[a.Name] || a.Name.Local == "" {
			continue
		}
		seen[a.Name] = true
		out.WriteByte(' ')
		writeName(out, a.Name)
		out.WriteString(`="`)
		xml.EscapeText(out, []byte(a.Value))
		out.WriteByte('"')
	}
	out.WriteByte('>')
}
