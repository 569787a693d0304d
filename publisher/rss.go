package publisher

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"strings"
	"time"

	"github.com/gorilla/feeds"
)

// The RSS types extend gorilla's by embedding them. encoding/xml resolves
// two fields with the same element name like Go resolves embedded fields:
// the shallower one wins and the embedded one is dropped. So a field
// declared here with gorilla's element name replaces gorilla's field.

// rssDoc is the <rss> root. gorilla's RssFeedXml declares the content
// namespace but not the atom one the self link needs, nor Dublin Core's.
type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	DCNS      string   `xml:"xmlns:dc,attr"`
	Channel   *rssChannel
}

// rssChannel is gorilla's channel with atom:link elements, and our items.
// The links are the self link, which RSS validators ask for
// (gorilla/feeds#111), then the WebSub hubs: RSS has no element of its own
// for either, and atom:link is what the WebSub recommendation (§4) and the
// RSS Advisory Board's profile use.
type rssChannel struct {
	feeds.RssFeed
	Links []rssAtomLink
	Items []*rssItem `xml:"item"`
}

// rssAtomLink is <atom:link>. The prefix is written literally, as gorilla
// does for content:encoded, because encoding/xml would otherwise declare the
// namespace again on every element.
type rssAtomLink struct {
	XMLName xml.Name `xml:"atom:link"`
	Href    string   `xml:"href,attr"`
	Rel     string   `xml:"rel,attr"`
	Type    string   `xml:"type,attr,omitempty"`
}

// rssItem is gorilla's item with a link that can be left out, several
// categories, a source with its url attribute, which RSS requires and
// gorilla's plain-string Source cannot carry, and a dc:creator: RSS's own
// <author> must be an e-mail address, so feeds name authors with Dublin
// Core's element, which readers show as the author.
type rssItem struct {
	feeds.RssItem
	Link       string     `xml:"link,omitempty"`
	Categories []string   `xml:"category"`
	Source     *rssSource `xml:"source"`
	Creator    string     `xml:"dc:creator,omitempty"`
	Language   string     `xml:"dc:language,omitempty"`
}

// rssSource is <source url="...">name</source>.
type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

// htmlText escapes plain text for a field that readers take as HTML.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// renderRSS encodes src as RSS 2.0, with the corrections items need.
func renderRSS(f Feed, src *feeds.Feed, items []item) ([]byte, error) {
	rf := (&feeds.Rss{Feed: src}).RssFeed()
	rf.Language = f.Language
	rf.Generator = generator
	rf.Ttl = ttlMinutes(f.TTL)
	ch := &rssChannel{
		RssFeed: *rf,
		Links:   []rssAtomLink{{Href: f.selfURL("rss"), Rel: "self", Type: "application/rss+xml"}},
		Items:   make([]*rssItem, len(items)),
	}
	for _, h := range f.Hubs {
		ch.Links = append(ch.Links, rssAtomLink{Href: h, Rel: "hub"})
	}
	for i, it := range items {
		ch.Items[i] = newRSSItem(rf.Items[i], it)
	}
	ch.RssFeed.Items = nil
	return encodeXML(&rssDoc{
		Version:   "2.0",
		ContentNS: "http://purl.org/rss/1.0/modules/content/",
		AtomNS:    "http://www.w3.org/2005/Atom",
		DCNS:      "http://purl.org/dc/elements/1.1/",
		Channel:   ch,
	})
}

// newRSSItem corrects gorilla's ri for it.
func newRSSItem(ri *feeds.RssItem, it item) *rssItem {
	x := &rssItem{RssItem: *ri, Link: it.link, Categories: it.terms, Language: it.language}
	// Readers take an RSS description as HTML, so plain text must be
	// escaped once more, or a summary quoting "<script>" loses words. An
	// item without a summary is described by its credit alone, which is
	// what readers showed of it anyway, rather than by an empty element
	// they take for a summary; without a source either, its title says it.
	x.Description = htmlText.Replace(cmp.Or(it.summary, it.credit, it.title))
	// gorilla writes the name where RSS wants an e-mail address
	// (gorilla/feeds#85); the source element and dc:creator credit the
	// source by name instead, as Atom's and JSON Feed's authors do.
	x.Author = ""
	x.Creator = it.source
	// gorilla falls back to the update time; an unknown publication date
	// stays unknown.
	x.PubDate = ""
	if !it.published.IsZero() {
		x.PubDate = it.published.Format(time.RFC1123Z)
	}
	if it.sourceURL != "" && it.source != "" {
		x.Source = &rssSource{URL: it.sourceURL, Name: it.source}
	}
	return x
}

// ttlMinutes returns d in whole minutes, rounded up so that a reader never
// comes back before the next pass can have changed anything, or 0 (no
// <ttl>) for zero.
func ttlMinutes(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Minute - 1) / time.Minute)
}

// encodeXML returns v as an indented XML document.
func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
