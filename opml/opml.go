// Package opml reads and writes OPML subscription lists, the format feed
// readers use to exchange what they subscribe to.
//
// Parse accepts what real readers export, which is often not what the OPML
// 2.0 specification says: version 1.0 and 1.1 documents, folders nested at
// any depth, feeds named by text or by title or not at all, a missing type,
// a byte order mark, a legacy charset, declared or not, UTF-16, and URLs
// whose "&" was never escaped. Write produces OPML 2.0.
package opml

import "strings"

// Document is an OPML document: its title and its outlines. The zero value
// is an empty document.
type Document struct {
	Title string
	// DateCreated, written as RFC 822 as OPML requires, is left out when
	// empty.
	DateCreated string
	Outlines    []Outline
}

// Outline is one node of the outline tree: a feed when XMLURL is set, else
// a folder holding Outlines. Attributes that veille has no use for are
// dropped when reading.
type Outline struct {
	Text        string // what readers display: the name of the feed or folder
	Title       string // usually the same as Text; some readers write only one of them
	Type        string // "rss" for feeds of every format, by convention
	XMLURL      string // the feed's URL
	HTMLURL     string // the site's URL
	Description string
	// Category holds comma-separated categories, each a tag or a
	// slash-delimited path ("/Tech/AI").
	Category string
	Outlines []Outline
	Line     int // where Parse found the outline; 0 for one made in code
}

// Feed is a subscription found in a Document, with the folders that hold
// it.
type Feed struct {
	Name       string   // the outline's text, else its title; "" when it has neither
	XMLURL     string   // the feed's URL, without surrounding space
	HTMLURL    string   // the site's URL, if given
	Type       string   // the outline's type, often "rss" whatever the format, or ""
	Folders    []string // names of the enclosing folders, outermost first
	Categories []string // the category attribute, split, without leading "/"
	Line       int      // the line of the outline in the document, for messages
}

// Feeds returns every outline of d that has a feed URL, in document order,
// at whatever depth.
func (d *Document) Feeds() []Feed {
	var feeds []Feed
	var walk func(outlines []Outline, folders []string)
	walk = func(outlines []Outline, folders []string) {
		for i := range outlines {
			o := &outlines[i]
			if o.isFeed() {
				feeds = append(feeds, o.feed(folders))
			}
			// An outline that is a feed and holds outlines too is rare, but
			// dropping what it holds would lose subscriptions.
			if len(o.Outlines) > 0 {
				walk(o.Outlines, append(folders[:len(folders):len(folders)], o.Name()))
			}
		}
	}
	walk(d.Outlines, nil)
	return feeds
}

// Name returns the outline's text, else its title, with runs of white space
// made single spaces.
func (o *Outline) Name() string {
	if name := oneLine(o.Text); name != "" {
		return name
	}
	return oneLine(o.Title)
}

func (o *Outline) isFeed() bool { return strings.TrimSpace(o.XMLURL) != "" }

func (o *Outline) feed(folders []string) Feed {
	return Feed{Name: o.Name(), XMLURL: strings.TrimSpace(o.XMLURL), HTMLURL: strings.TrimSpace(o.HTMLURL),
		Type: o.Type, Folders: folders, Categories: splitCategories(o.Category), Line: o.Line}
}

// splitCategories splits an OPML category attribute: comma-separated
// categories, each a tag ("news") or a path ("/Tech/AI", kept as "Tech/AI").
func splitCategories(attr string) []string {
	var out []string
	for c := range strings.SplitSeq(attr, ",") {
		if c = strings.Trim(oneLine(c), "/"); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
