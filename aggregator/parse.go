package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
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
	return feed, nil
}

func notAFeed(body []byte, contentType string) error {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return errors.New("not a feed: empty body")
	case mediaType != "":
		return fmt.Errorf("not a feed: no RSS, Atom or JSON Feed document (Content-Type %s)", mediaType)
	default:
		return errors.New("not a feed: no RSS, Atom or JSON Feed document")
	}
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
