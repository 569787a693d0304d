package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/veille-project/veille/internal/text"
)

// maxDepth bounds the nesting of outlines. Readers nest folders two or
// three deep; a document nested deeper is not a subscription list.
const maxDepth = 64

// Error is a document that cannot be read, located by file and line.
type Error struct {
	File string // the name given to Parse
	Line int    // 1-based; 0 when unknown
	Msg  string
}

// Error formats e as "FILE:LINE: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Parse reads an OPML document from r; name identifies it in errors,
// usually the file name. Any error is an *Error.
//
// Parse is lenient where readers disagree or err (see the package
// documentation) but refuses a document that is not OPML, has no body, or
// ends before its last element closes: a list read halfway would silently
// lose subscriptions.
func Parse(r io.Reader, name string) (*Document, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	p := &parser{file: name}
	// encoding/xml reads only UTF-8, and obeys only a declared charset:
	// the document is decoded first, by its byte order mark, its
	// declaration or, when it declares nothing, as text.Decode guesses.
	p.dec = xml.NewDecoder(text.NewReader(body, text.XMLEncoding(body)))
	p.dec.Strict = false // bare "&" in URLs is the most common flaw of hand-edited lists
	p.dec.Entity = xml.HTMLEntity
	p.dec.CharsetReader = alreadyDecoded
	if err := p.document(); err != nil {
		return nil, err
	}
	return &p.doc, nil
}

// parser walks the tokens of one document.
type parser struct {
	file string
	dec  *xml.Decoder
	doc  Document
	// open holds the outlines being read, innermost last; each points into
	// its parent's Outlines, which grows only once it is closed.
	open  []*Outline
	depth int // elements open inside <body>, outlines or not
}

// alreadyDecoded is called by the XML decoder with the charset the
// document declares, which Parse has decoded it from already; it fails
// only on a charset nobody can decode, which leaves the document unread.
func alreadyDecoded(label string, in io.Reader) (io.Reader, error) {
	if !text.Known(label) {
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	return in, nil
}

// errorf returns an error at the decoder's current line.
func (p *parser) errorf(format string, args ...any) *Error {
	line, _ := p.dec.InputPos()
	return &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// document reads the whole document into p.doc.
func (p *parser) document() error {
	root, err := p.rootElement()
	if err != nil {
		return err
	}
	if !strings.EqualFold(root.Name.Local, "opml") {
		return p.errorf("not an OPML document: the root element is <%s>, not <opml>", root.Name.Local)
	}
	sawBody := false
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "head":
				err = p.head()
			case "body":
				sawBody = true
				err = p.body()
			default:
				err = p.dec.Skip()
			}
			if err != nil {
				return p.syntax(err)
			}
		case xml.EndElement:
			if !sawBody {
				return p.errorf("no <body> element: the document lists no outlines")
			}
			return nil
		}
	}
}

// rootElement returns the first start element, past the declaration,
// comments and white space.
func (p *parser) rootElement() (xml.StartElement, error) {
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, &Error{File: p.file, Msg: "empty document: no <opml> element"}
		}
		if err != nil {
			return xml.StartElement{}, p.syntax(err)
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start, nil
		}
	}
}

// token returns the next token; the end of input is an error, since the
// caller is inside an element that has not closed.
func (p *parser) token() (xml.Token, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	return tok, nil
}

// syntax turns an error of the XML decoder into an *Error with its line.
func (p *parser) syntax(err error) error {
	var located *Error
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &located):
		return located
	case errors.Is(err, io.EOF), errors.As(err, &se) && se.Msg == "unexpected EOF":
		return p.errorf("unexpected end of document: it may be truncated")
	case se != nil:
		return &Error{File: p.file, Line: se.Line, Msg: "not well-formed XML: " + se.Msg}
	}
	return p.errorf("%v", err)
}

// head reads <head>, of which only the title and the creation date matter.
func (p *parser) head() error {
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var text string
			if err := p.dec.DecodeElement(&text, &t); err != nil {
				return p.syntax(err)
			}
			switch strings.ToLower(t.Name.Local) {
			case "title":
				p.doc.Title = oneLine(text)
			case "datecreated":
				p.doc.DateCreated = oneLine(text)
			}
		case xml.EndElement:
			return nil
		}
	}
}

// body reads the outlines of <body>, nested or not. It keeps its own stack
// rather than recursing, so that no input can exhaust the Go stack.
func (p *parser) body() error {
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if p.depth == 0 {
				return nil // </body>
			}
			p.end()
		}
	}
}

// start opens an element inside <body>.
func (p *parser) start(t xml.StartElement) error {
	if p.depth++; p.depth > maxDepth {
		return p.errorf("outlines nested more than %d deep", maxDepth)
	}
	if !strings.EqualFold(t.Name.Local, "outline") {
		p.open = append(p.open, nil) // an unknown element: what it holds is still read
		return nil
	}
	line, _ := p.dec.InputPos()
	o := newOutline(t.Attr, line)
	siblings := &p.doc.Outlines
	if parent := p.parent(); parent != nil {
		siblings = &parent.Outlines
	}
	*siblings = append(*siblings, o)
	p.open = append(p.open, &(*siblings)[len(*siblings)-1])
	return nil
}

// end closes the innermost element inside <body>.
func (p *parser) end() {
	p.depth--
	p.open = p.open[:len(p.open)-1]
}

// parent returns the innermost open outline, or nil at the top level.
func (p *parser) parent() *Outline {
	for i := len(p.open) - 1; i >= 0; i-- {
		if p.open[i] != nil {
			return p.open[i]
		}
	}
	return nil
}

// newOutline reads an outline's attributes. Names are matched ignoring case
// ("xmlurl" is seen in the wild), and namespaced ones, which are each
// reader's own settings, are ignored.
func newOutline(attrs []xml.Attr, line int) Outline {
	o := Outline{Line: line}
	for _, a := range attrs {
		if a.Name.Space != "" {
			continue
		}
		switch strings.ToLower(a.Name.Local) {
		case "text":
			o.Text = a.Value
		case "title":
			o.Title = a.Value
		case "type":
			o.Type = a.Value
		case "xmlurl":
			o.XMLURL = a.Value
		case "htmlurl":
			o.HTMLURL = a.Value
		case "description":
			o.Description = a.Value
		case "category":
			o.Category = a.Value
		}
	}
	return o
}
