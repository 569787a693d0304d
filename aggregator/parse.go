package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/internal/text"
)

// document is a parsed feed, with what the lenient reading found of its
// items that gofeed's universal items lose.
type document struct {
	*gofeed.Feed
	// raw holds the raw fields of each of Feed.Items, in the same order;
	// nil for a JSON Feed, or when the two readings did not find the same
	// items (then the items are read from what gofeed gives alone).
	raw []rawItem
	// Warning says why the document is not well-formed, when its items
	// were recovered from what could be read of it; "" when it is.
	Warning string
}

// parse decodes body to UTF-8 and parses it as a feed. A document that is
// not well-formed XML (truncated, a broken CDATA section, a raw "&", a
// misnested end tag) is read again leniently, and what was read of it is
// kept, with a warning saying what was wrong: a reader shows the items of
// a feed with a syntax error after them, and so does feedparser, the
// reference of what reading a feed means.
func (a *Aggregator) parse(body []byte, contentType string) (*document, error) {
	body, err := toUTF8(body, contentType)
	if err != nil {
		return nil, err
	}
	doc := &document{}
	var lenient reading
	isXML := !isJSON(body)
	doc.Feed, err = a.parser.Parse(bytes.NewReader(body))
	if err == nil && isXML && len(escapeStray(body)) != len(body) {
		// gofeed's parser takes a stray "]]>" for the end of the
		// document, without an error, and loses every item after it.
		err = errStray
	}
	suspect := err == nil && isXML && misread(body, doc.Feed)
	if isXML && (err != nil || suspect || mayHaveRawFields(body)) {
		lenient = readLeniently(body)
	}
	if suspect && lenient.problem != nil {
		// gofeed read a document that is not well-formed without a word,
		// and lost or garbled items on the way.
		err = lenient.problem
	}
	if err != nil && isXML && len(lenient.items) > 0 {
		if feed, rerr := a.parser.Parse(bytes.NewReader(lenient.repaired)); rerr == nil {
			doc.Feed, doc.Warning = feed, "not well-formed, items recovered: "+err.Error()
			if errors.Is(err, gofeed.ErrFeedTypeNotDetected) && lenient.problem != nil {
				doc.Warning = "not well-formed, items recovered: " + lenient.problem.Error()
			}
			err = nil
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, notAFeed(body, contentType)
		}
		return nil, fmt.Errorf("parse: %w", err)
	}
	// gofeed takes any JSON object for a JSON Feed, and an object of
	// another shape (an RSS-in-JSON export, an API's answer) would be a
	// feed without items, fetched "ok" forever: the version key is what
	// makes a JSON Feed (https://jsonfeed.org/version/1.1).
	if doc.FeedType == "json" && !strings.Contains(doc.FeedVersion, "jsonfeed.org/version/") {
		return nil, &NotFeedError{Reason: "JSON without the JSON Feed version key"}
	}
	if isXML && len(lenient.items) == len(doc.Items) {
		doc.raw = lenient.items
	}
	return doc, nil
}

// misread reports whether gofeed's reading of body, feed, shows the signs
// of a document gofeed's parser read past an error without a word: fewer
// items than body has item or entry start tags, a title holding its own
// end tag, or an item without a link (an element left open before it, such
// as an HTML "<br>", took it). A well-formed document with an "<item>" in a
// CDATA section, or items without links, only costs a second, lenient
// reading, which then finds nothing wrong.
func misread(body []byte, feed *gofeed.Feed) bool {
	if feed == nil {
		return false
	}
	if startTags(body, "<item")+startTags(body, "<entry") > len(feed.Items) {
		return true
	}
	for _, it := range feed.Items {
		if it != nil && (it.Link == "" || strings.Contains(it.Title, "</title")) {
			return true
		}
	}
	return false
}

// startTags counts the start tags of body that begin with open ("<item"),
// with or without attributes.
func startTags(body []byte, open string) int {
	n := 0
	for i := bytes.Index(body, []byte(open)); i >= 0; {
		if j := i + len(open); j < len(body) && (body[j] == '>' || body[j] == ' ' || body[j] == '\t' ||
			body[j] == '\n' || body[j] == '\r' || body[j] == '/') {
			n++
		}
		next := bytes.Index(body[i+1:], []byte(open))
		if next < 0 {
			break
		}
		i += next + 1
	}
	return n
}

// errStray is what a document whose text holds a "<" or a "]]>" that XML
// forbids there is, to the lenient reading that recovers it.
var errStray = errors.New(`a "<" or "]]>" in text, where XML forbids it`)

// rawMarkers are what a document holds when reading it again leniently
// may find an item field that gofeed's items lose (see rawItem): an Atom
// title's type, a Dublin Core terms date, a media:title, an XHTML or
// fullitem body; and, for an RSS guid, isPermaLink="false" (see
// hasNotPermalink). A document with none of them, most RSS feeds, is not
// read twice: the second reading was a quarter of a first pass.
var rawMarkers = [][]byte{
	[]byte("<feed"), // an Atom document; RSS feeds declare the Atom namespace too, for atom:link
	[]byte("purl.org/dc/terms"), []byte("yahoo.com/mrss"), []byte("1999/xhtml"), []byte("fullitem"),
}

// mayHaveRawFields reports whether body holds one of rawMarkers, or an
// isPermaLink attribute that is not "true".
func mayHaveRawFields(body []byte) bool {
	for _, m := range rawMarkers {
		if bytes.Contains(body, m) {
			return true
		}
	}
	return hasNotPermalink(body)
}

// hasNotPermalink reports whether body has an isPermaLink attribute, in
// any case, whose value is not "true": a guid that is not a link. Most
// feeds write isPermaLink="true", or nothing, which is the same.
func hasNotPermalink(body []byte) bool {
	const attr = "ispermalink"
	for i := 0; i+len(attr) <= len(body); i++ {
		j := bytes.IndexAny(body[i:], "iI")
		if j < 0 {
			return false
		}
		i += j
		if i+len(attr) > len(body) || !bytes.EqualFold(body[i:i+len(attr)], []byte(attr)) {
			continue
		}
		value := bytes.TrimLeft(body[i+len(attr):], " \t\r\n=\"'")
		if len(value) < 4 || !bytes.EqualFold(value[:4], []byte("true")) {
			return true
		}
	}
	return false
}

// isJSON reports whether body, in UTF-8, starts as a JSON object does.
func isJSON(body []byte) bool {
	body = bytes.TrimLeft(body, " \t\r\n")
	return len(body) > 0 && body[0] == '{'
}

// NotFeedError reports a document that is not a feed. An HTML page often
// advertises the site's feeds: then the error names them, since the
// operator most likely gave the site's address for its feed's.
type NotFeedError struct {
	Reason string // what the document is instead, e.g. "empty body"
	// HTML is set when the document is an HTML page.
	HTML bool
	// Advertised lists the feeds the HTML page advertises, if any.
	Advertised []Link
}

// Error reads "not a feed: REASON", or, when the page advertises feeds,
// "not a feed; the page advertises URL: use it as url".
func (e *NotFeedError) Error() string {
	if len(e.Advertised) == 0 {
		return "not a feed: " + e.Reason
	}
	const shown = 3 // the rest are one 'veille add' away
	urls := make([]string, 0, shown)
	for _, l := range e.Advertised[:min(len(e.Advertised), shown)] {
		urls = append(urls, l.URL)
	}
	list := strings.Join(urls, ", ")
	if n := len(e.Advertised) - shown; n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	if len(e.Advertised) == 1 {
		return "not a feed; the page advertises " + list + ": use it as url"
	}
	return "not a feed; the page advertises " + list + ": use one of them as url"
}

func notAFeed(body []byte, contentType string) error {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	e := &NotFeedError{HTML: isHTML(body, mediaType)}
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		e.Reason = "empty body"
	case mediaType != "":
		e.Reason = fmt.Sprintf("no RSS, Atom or JSON Feed document (Content-Type %s)", mediaType)
	default:
		e.Reason = "no RSS, Atom or JSON Feed document"
	}
	return e
}

// isHTML reports whether a document is an HTML page: said so by its
// Content-Type, or, when that is missing or generic, by its first bytes.
func isHTML(body []byte, mediaType string) bool {
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "text/plain", "application/octet-stream":
		return strings.HasPrefix(http.DetectContentType(body), "text/html")
	}
	return false
}

// toUTF8 returns body in UTF-8, decoded as text.Decode settles it with the
// charset of the Content-Type, then the XML declaration's, with an XML
// declaration naming UTF-8 if it named another encoding.
//
// gofeed honours only a byte order mark and the declared encoding: it never
// sees the HTTP charset, fails on bytes that are not UTF-8 when nothing is
// declared (as many French feeds in Latin-1 are), and knows neither UTF-32
// nor UTF-16 without a byte order mark. So body is decoded here, and its
// declaration then says UTF-8, or gofeed would decode it a second time.
func toUTF8(body []byte, contentType string) ([]byte, error) {
	declared := text.XMLEncoding(body)
	if utf8.Valid(body) && (declared == "" || isUTF8Label(declared)) && !hasWideStart(body) {
		return body, nil // the common case, left as it is, byte order mark included
	}
	out, err := text.Decode(body, text.ContentTypeCharset(contentType), declared)
	if err != nil {
		return nil, fmt.Errorf("decode charset: %w", err)
	}
	return declareUTF8(out), nil
}

func isUTF8Label(label string) bool {
	label = strings.ToLower(label)
	return label == "utf-8" || label == "utf8"
}

// hasWideStart reports whether body starts with a NUL byte or the second
// byte is one: UTF-16 or UTF-32, valid UTF-8 as it may be.
func hasWideStart(b []byte) bool {
	return len(b) > 1 && (b[0] == 0 || b[1] == 0)
}

// xmlDeclarationEncoding finds the encoding pseudo-attribute of an XML
// declaration.
var xmlDeclarationEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])`)

// declareUTF8 makes body's XML declaration, if it names an encoding, name
// UTF-8.
func declareUTF8(body []byte) []byte {
	m := xmlDeclarationEncoding.FindSubmatchIndex(body[:min(len(body), 512)])
	if m == nil || isUTF8Label(string(body[m[4]:m[5]])) {
		return body
	}
	return slices.Concat(body[:m[4]], []byte("utf-8"), body[m[5]:])
}
