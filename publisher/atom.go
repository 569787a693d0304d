package publisher

import (
	"time"

	"github.com/gorilla/feeds"
)

// The Atom types extend gorilla's by embedding, like the RSS ones: a field
// declared here with gorilla's element name replaces gorilla's field.

// atomFeed is gorilla's feed with a language, self and alternate links in
// place of gorilla's single link, a generator and our entries.
type atomFeed struct {
	feeds.AtomFeed
	Lang      string           `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Links     []feeds.AtomLink `xml:"link"`
	Generator string           `xml:"generator"`
	Entries   []*atomEntry     `xml:"entry"`
}

// atomEntry is gorilla's entry with several categories, the source it was
// taken from, which gorilla has only as a string, and its own language.
type atomEntry struct {
	feeds.AtomEntry
	Lang       string         `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Categories []atomCategory `xml:"category"`
	Source     *atomSource    `xml:"source"`
}

// atomCategory is <category term="..."/>.
type atomCategory struct {
	Term string `xml:"term,attr"`
}

// atomSource is the <source> of an entry copied from another feed (RFC 4287
// §4.2.11): the feed's id, title, update time and address. The W3C
// validator wants id, title and updated in every source
// (MissingSourceElement).
type atomSource struct {
	ID      string          `xml:"id,omitempty"`
	Title   string          `xml:"title,omitempty"`
	Updated string          `xml:"updated,omitempty"`
	Link    *feeds.AtomLink `xml:"link"`
}

// renderAtom encodes src as Atom 1.0, with the corrections entries need.
func renderAtom(f Feed, src *feeds.Feed, items []item) ([]byte, error) {
	af := (&feeds.Atom{Feed: src}).AtomFeed()
	// gorilla ignores Feed.Id and uses the home page link as the id, which
	// the HTML page of the feed shares with nothing; the self URL is unique.
	af.Id = f.selfURL("atom")
	af.Link = nil
	links := []feeds.AtomLink{
		{Href: f.selfURL("atom"), Rel: "self", Type: "application/atom+xml"},
		{Href: f.BaseURL, Rel: "alternate", Type: "text/html"},
	}
	for _, h := range f.Hubs {
		links = append(links, feeds.AtomLink{Href: h, Rel: "hub"})
	}
	// Entries with a source carry their own author; this one covers the
	// others, as Atom requires an author for every entry.
	af.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: f.Title}}
	x := &atomFeed{
		AtomFeed:  *af,
		Lang:      f.Language,
		Links:     links,
		Generator: generator,
		Entries:   make([]*atomEntry, len(items)),
	}
	for i, it := range items {
		x.Entries[i] = newAtomEntry(af.Entries[i], it)
	}
	x.AtomFeed.Entries = nil
	return encodeXML(x)
}

// newAtomEntry corrects gorilla's ae for it.
func newAtomEntry(ae *feeds.AtomEntry, it item) *atomEntry {
	x := &atomEntry{AtomEntry: *ae, Lang: it.language}
	// gorilla leaves <updated> empty for undated items and never writes
	// <published>.
	x.Updated = it.updated.Format(time.RFC3339)
	if !it.published.IsZero() {
		x.Published = it.published.Format(time.RFC3339)
	}
	// gorilla writes <link href=""/> for items without a link.
	if it.link == "" {
		x.Links = nil
	}
	// gorilla marks the summary as HTML; ours is plain text.
	if x.Summary != nil {
		x.Summary.Type = "text"
	}
	for _, t := range it.terms {
		x.Categories = append(x.Categories, atomCategory{Term: t})
	}
	x.Source = newAtomSource(it)
	return x
}

// newAtomSource returns the source element of it, or nil when the source is
// unknown.
func newAtomSource(it item) *atomSource {
	if it.source == "" && it.sourceURL == "" {
		return nil
	}
	s := &atomSource{Title: it.source}
	if it.sourceURL != "" {
		// The source's own id is not kept; its feed URL identifies it as
		// well, and is what an RSS source, which has no id, is known by.
		// Updated is the latest time the source is known to have changed:
		// when it last changed this entry.
		s.ID = it.sourceURL
		s.Updated = it.updated.Format(time.RFC3339)
		s.Link = &feeds.AtomLink{Href: it.sourceURL, Rel: "self"}
	}
	return s
}
