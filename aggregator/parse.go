package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille/internal/text"
)

// parse decodes body to UTF-8 when needed and parses it as a feed.
func (a *Aggregator) parse(body []byte, contentType string) (*gofeed.Feed, error) {
	body, err := toUTF8(body, contentType)
	if err != nil {
		return nil, err
	}
	feed, err := a.parser.Parse(bytes.NewReader(body))
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
	if feed.FeedType == "json" && !strings.Contains(feed.FeedVersion, "jsonfeed.org/version/") {
		return nil, &NotFeedError{Reason: "JSON without the JSON Feed version key"}
	}
	return feed, nil
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

// toUTF8 returns body as UTF-8, for the cases gofeed gets wrong.
//
// gofeed honours a byte order mark and an encoding declared in the XML
// declaration, but never sees the HTTP charset, and fails on bytes that are
// not UTF-8 when nothing is declared, which many French feeds (Latin-1,
// Windows-1252) do. So valid UTF-8, a UTF-16 byte order mark or a declared
// non-UTF-8 encoding is left to gofeed (decoding it here would have gofeed
// decode it again); otherwise the body is decoded as text.Decode settles
// it with the charset of the Content-Type, then the declared UTF-8.
func toUTF8(body []byte, contentType string) ([]byte, error) {
	if utf8.Valid(body) || hasUTF16BOM(body) {
		return body, nil
	}
	declared := text.XMLEncoding(body)
	if declared != "" && !isUTF8Label(declared) {
		return body, nil
	}
	out, err := text.Decode(body, text.ContentTypeCharset(contentType), declared)
	if err != nil {
		return nil, fmt.Errorf("decode charset: %w", err)
	}
	return out, nil
}

func isUTF8Label(label string) bool {
	label = strings.ToLower(label)
	return label == "utf-8" || label == "utf8"
}

func hasUTF16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}
