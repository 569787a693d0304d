package aggregator

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
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

// xmlEncoding finds the encoding named by an XML declaration.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 returns body as UTF-8, for the cases gofeed gets wrong.
//
// gofeed honours an encoding declared in the XML declaration but never sees
// the HTTP charset, and fails on bytes that are not UTF-8 when nothing is
// declared, which many French feeds (Latin-1, Windows-1252) do. So: valid
// UTF-8, or a declared non-UTF-8 encoding, is left to gofeed; otherwise the
// body is decoded with the charset of the Content-Type, else Windows-1252
// (a superset of Latin-1 for printable text, and what undeclared legacy
// feeds nearly always are).
func toUTF8(body []byte, contentType string) ([]byte, error) {
	if utf8.Valid(body) || hasUTF16BOM(body) {
		return body, nil
	}
	head := body[:min(len(body), 512)]
	if m := xmlEncoding.FindSubmatch(head); m != nil && !isUTF8Label(string(m[1])) {
		return body, nil
	}
	enc := charmap.Windows1252.NewDecoder()
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if label := params["charset"]; label != "" && !isUTF8Label(label) {
			if e, _ := charset.Lookup(label); e != nil {
				enc = e.NewDecoder()
			}
		}
	}
	out, _, err := transform.Bytes(enc, body)
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
