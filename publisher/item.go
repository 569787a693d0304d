package publisher

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/summary"
)

// titleLength is the maximum number of runes of a title made from a summary.
const titleLength = 80

// item is an entry prepared for rendering: its text safe for XML, its
// summary cut and its dates resolved. The three encoders read it, so they
// cannot disagree on what an item says.
type item struct {
	id        string
	title     string
	link      string // empty when unknown
	summary   string // plain text
	content   string // HTML: the summary and the visible source credit
	credit    string // plain text: "Source : " and the source's name, or ""
	source    string // the source's name, empty when unknown
	sourceURL string // the source's feed URL, empty when unknown
	terms     []string
	also      []related // the same story elsewhere
	article   string    // the article page's sanitized HTML, if fetched
	// language is the item's own ("fr"), which may not be the feed's: a
	// reader hyphenates, reads aloud and translates each item by it.
	language string // "" when unknown

	published time.Time // zero when unknown
	modified  time.Time // zero when unknown
	updated   time.Time // never zero: modified, else published, else fetched
}

// newItem prepares e for the feed f.
func newItem(f Feed, e *veille.Item) (item, error) {
	it := item{
		id:        xmlSafe(e.UID),
		link:      safeURL(e.Link),
		summary:   summary.Truncate(xmlSafe(e.Summary), f.SummaryLength),
		source:    sourceName(e),
		sourceURL: safeURL(e.SourceURL),
		terms:     terms(e, f.Slug),
		language:  xmlSafe(e.Language),
		// An undated item is dated when veille first saw it, as it is
		// sorted: readers that find no date put an item first, or last.
		published: feedTime(seenBy(firstKnown(e.Published, e.Fetched), e.Fetched)),
		modified:  feedTime(seenBy(e.Updated, e.Fetched)),
		updated:   feedTime(seenBy(firstKnown(e.Updated, e.Published, e.Fetched), e.Fetched)),
	}
	// Without a UID, gorilla would invent a random id per render; without a
	// date, Atom's required <updated> would be empty. Both are broken
	// storage invariants, better reported than papered over.
	if it.id == "" {
		return item{}, fmt.Errorf("entry %d: no uid", e.ID)
	}
	if it.updated.IsZero() {
		return item{}, fmt.Errorf("entry %s: no date", it.id)
	}
	it.title = title(e, it.source)
	it.also = relatedOf(e)
	it.article = xmlSafe(e.ArticleHTML)
	if it.source != "" {
		it.credit = creditLabel(f.Language) + it.source
	}
	it.content = contentHTML(it, creditLabel(f.Language), alsoLabel(f.Language))
	if it.content == "" {
		// Atom needs content or an alternate link, and JSON Feed content:
		// an item known by its title alone says it in its content too.
		it.content = "<p>" + html.EscapeString(it.title) + "</p>"
	}
	return it, nil
}

// title returns the entry's title, else the start of its summary, else the
// source's name, so that no item shows up untitled in a reader. Squeeze
// removes the bidirectional overrides of titles stored before the
// aggregator removed them.
func title(e *veille.Item, source string) string {
	if t := summary.Squeeze(xmlSafe(e.Title)); t != "" {
		return t
	}
	if t := summary.Truncate(strings.TrimSpace(xmlSafe(e.Summary)), titleLength); t != "" {
		return t
	}
	return source
}

// sourceName returns the name to credit for e: the source's name, else the
// host of its feed URL. The name comes from the configuration, so Squeeze
// removes its bidirectional overrides here.
func sourceName(e *veille.Item) string {
	if name := summary.Squeeze(xmlSafe(e.SourceName)); name != "" {
		return name
	}
	if u, err := url.Parse(safeURL(e.SourceURL)); err == nil {
		return u.Host
	}
	return ""
}

// terms returns the terms for which the feed slug selected e, without the
// empty ones, in a new slice so the entry is never modified.
func terms(e *veille.Item, slug string) []string {
	matched, _ := e.MatchFor(slug)
	var out []string
	for _, t := range matched {
		if t = strings.TrimSpace(xmlSafe(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// creditLabel introduces the source credit, with the space French
// typography puts before a colon.
func creditLabel(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "fr") {
		return "Source : "
	}
	return "Source: "
}

// contentHTML returns the item's HTML content: its summary and a visible
// credit of its source, linked to the article when the link is known. The
// credit is in the content, not only in metadata, because most readers show
// the content and nothing else.
func contentHTML(it item, label, also string) string {
	var b strings.Builder
	if it.summary != "" {
		b.WriteString("<p>" + html.EscapeString(it.summary) + "</p>")
	}
	// The article's HTML was sanitized when it was extracted (package
	// article); it follows the lead it was summarized into.
	if it.article != "" {
		b.WriteString("<hr>" + it.article)
	}
	if it.source == "" {
		return b.String()
	}
	b.WriteString("<p>" + html.EscapeString(label))
	if it.link != "" {
		b.WriteString(`<a href="` + html.EscapeString(it.link) + `">` + html.EscapeString(it.source) + "</a>")
	} else {
		b.WriteString(html.EscapeString(it.source))
	}
	b.WriteString("</p>")
	writeAlso(&b, it.also, also)
	return b.String()
}

// related is another item of the same story.
type related struct {
	source, link string
}

// relatedOf returns the items of e.Related to credit, by their outlet's
// name: every item the story stands for, so that none is hidden without a
// trace, even one of e's own outlet (another feed of it, another of its
// articles merged as a re-post). The same outlet with the same link is
// credited once.
func relatedOf(e *veille.Item) []related {
	var out []related
	seen := map[related]bool{{source: sourceName(e), link: safeURL(e.Link)}: true}
	for i := range e.Related {
		r := &e.Related[i]
		c := related{source: sourceName(r), link: safeURL(r.Link)}
		if c.source == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}

// alsoLabel introduces the other outlets of a story.
func alsoLabel(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "fr") {
		return "Aussi : "
	}
	return "Also: "
}

// writeAlso appends "Aussi : Le Monde, Libération", each linked to its
// article, when the story was carried by other outlets too.
func writeAlso(b *strings.Builder, also []related, label string) {
	if len(also) == 0 {
		return
	}
	b.WriteString("<p>" + html.EscapeString(label))
	for i, r := range also {
		if i > 0 {
			b.WriteString(", ")
		}
		if r.link != "" {
			b.WriteString(`<a href="` + html.EscapeString(r.link) + `">` + html.EscapeString(r.source) + "</a>")
		} else {
			b.WriteString(html.EscapeString(r.source))
		}
	}
	b.WriteString("</p>")
}

// safeURL returns s in canonical form when it is an absolute http or https
// URL, else "". The links come from other people's feeds and we republish
// them under our name: a javascript: or relative link must not reach
// readers, and one with characters a URI cannot hold (spaces, accents) must
// not make our feeds invalid.
func safeURL(s string) string {
	return canonicalURL(strings.TrimSpace(xmlSafe(s)))
}

// firstKnown returns the first non-zero time of ts, or the zero time.
func firstKnown(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// seenBy returns t, or fetched when t is later: an entry cannot have been
// published or updated after veille first saw it, since stored entries are
// never updated. The aggregator clamps such dates when it stores them; this
// covers entries stored before it did, whose date in 2099 would otherwise
// stay in the feeds. A zero fetched leaves t as it is.
func seenBy(t, fetched time.Time) time.Time {
	if !fetched.IsZero() && t.After(fetched) {
		return fetched
	}
	return t
}

// feedTime returns t in UTC without its fraction of a second. RSS and Atom
// dates have whole seconds; cutting JSON's too makes an item carry the same
// date in all three formats, and UTC makes it independent of the zone the
// store happened to return.
func feedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// xmlSafe returns s without what XML 1.0 cannot carry: C0 controls other
// than tab, newline and carriage return, U+FFFE, U+FFFF, and bytes that are
// not UTF-8, which include lone surrogates. encoding/xml writes CDATA
// verbatim, so a single U+000B from a source would otherwise make the whole
// feed not well-formed, and readers reject such a feed outright.
func xmlSafe(s string) string {
	i := firstNonXML(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isXMLChar(r, size) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstNonXML returns the index of the first byte of s that starts a
// character XML cannot carry, or -1. It lets xmlSafe return clean strings,
// nearly all of them, without copying.
func firstNonXML(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isXMLChar(r, size) {
			return i
		}
		i += size
	}
	return -1
}

// isXMLChar reports whether the rune r, decoded from size bytes, is a Char
// of XML 1.0. A RuneError of one byte is an undecodable byte, unlike a real
// U+FFFD, which is allowed.
func isXMLChar(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return true
}
