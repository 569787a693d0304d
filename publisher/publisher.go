// Package publisher renders curated feeds as RSS 2.0, Atom 1.0 and JSON Feed
// 1.1 and writes them as static files.
//
// Rendering is a pure function of the feed's metadata and its entries: the
// same inputs give the same bytes, so outputs can be cached, compared and
// golden-tested. gorilla/feeds builds the documents; this package corrects
// what it gets wrong or leaves out (stable ids, self links, several
// categories, source credits, characters XML cannot carry) by extending its
// intermediate structs before encoding them.
package publisher

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/veille-project/veille"
)

// generator names veille in the feeds' generator elements.
const generator = "veille"

// Feed is the metadata of one curated feed. The zero Feed is not valid:
// Render needs at least a slug and a base URL.
type Feed struct {
	Slug        string // names the feed in URLs and file names, e.g. "ia"
	Title       string
	Description string
	Language    string // a language tag such as "fr" or "en-GB"

	// BaseURL is absolute and ends with "/". The outputs live at
	// BaseURL+Slug+".rss", ".atom" and ".json"; BaseURL itself is the HTML
	// index page.
	BaseURL string

	// SummaryLength is the maximum number of runes of each item's summary;
	// zero means no limit.
	SummaryLength int

	// TTL is how long a reader may keep the feed before fetching it again,
	// usually the period of the schedule: RSS's <ttl>, in whole minutes
	// rounded up. Zero leaves it out.
	TTL time.Duration

	// Hubs are the absolute URLs of the WebSub hubs the feed is announced
	// to. Each output names them as rel="hub" links beside its rel="self"
	// link, so that readers can subscribe at a hub instead of polling.
	Hubs []string
}

// Output is one feed rendered in the three formats. Updated is the time the
// feeds declare as their last change, for Last-Modified headers.
type Output struct {
	RSS, Atom, JSON []byte
	Updated         time.Time

	// self maps "rss", "atom" and "json" to the URL each document declares
	// as its own; hubs are its WebSub hubs. Render sets both, and Handler
	// repeats them in Link headers (WebSub §4).
	self map[string]string
	hubs []string
}

// URL returns the address at which the document of the format ext ("rss",
// "atom" or "json") is published, as it declares in its rel="self" link,
// or "" for an Output that Render did not make. It is the topic URL that
// WebSub hubs are told about.
func (o *Output) URL(ext string) string {
	return o.self[ext]
}

// Render builds the feed f from entries, which are newest first as stored;
// each entry's Matches holds the terms for which f.Slug selects it.
//
// Render is a pure function: the same inputs give the same bytes. It reads no
// clock and makes no random ids; now is the updated time of a feed without
// entries, and the latest a feed may declare: an entry dated ahead of the
// clock must not set the feeds' update time, and Last-Modified, in the
// future, where readers polling with If-Modified-Since would get 304 until
// then. Render returns an error when f is invalid or when an
// entry lacks a UID or any date: gorilla would invent a random id for the
// first, which readers take for a new item on every poll, and leave Atom's
// required <updated> empty for the second. Render is safe for concurrent use
// and does not modify entries.
func Render(f Feed, entries []veille.Item, now time.Time) (*Output, error) {
	f, items, err := prepare(f, entries)
	if err != nil {
		return nil, err
	}
	return render(f, items, lastUpdate(items, now))
}

// RenderAt is Render with the time the feed declares as its last change
// given: RSS <lastBuildDate>, Atom <updated> and Output.Updated, to the
// second. Rendered with a fixed time, two feeds have the same bytes exactly
// when they say the same things, which tells a publisher whether the feed
// changed; it then declares the time it first published those bytes, so
// that Last-Modified moves when, and only when, they change.
func RenderAt(f Feed, entries []veille.Item, updated time.Time) (*Output, error) {
	f, items, err := prepare(f, entries)
	if err != nil {
		return nil, err
	}
	return render(f, items, feedTime(updated))
}

// prepare returns f made safe for XML and checked, and entries prepared
// for rendering.
func prepare(f Feed, entries []veille.Item) (Feed, []item, error) {
	f = f.xmlSafe()
	if err := f.validate(); err != nil {
		return f, nil, err
	}
	items := make([]item, 0, len(entries))
	for i := range entries {
		it, err := newItem(f, &entries[i])
		if err != nil {
			return f, nil, fmt.Errorf("render feed %q: %w", f.Slug, err)
		}
		items = append(items, it)
	}
	return f, items, nil
}

// render encodes the prepared items in the three formats.
func render(f Feed, items []item, updated time.Time) (*Output, error) {
	src := gorillaFeed(f, items, updated)
	out := &Output{Updated: updated, hubs: f.Hubs, self: map[string]string{
		"rss": f.selfURL("rss"), "atom": f.selfURL("atom"), "json": f.selfURL("json"),
	}}
	var err error
	if out.RSS, err = renderRSS(f, src, items); err != nil {
		return nil, fmt.Errorf("render feed %q as rss: %w", f.Slug, err)
	}
	if out.Atom, err = renderAtom(f, src, items); err != nil {
		return nil, fmt.Errorf("render feed %q as atom: %w", f.Slug, err)
	}
	if out.JSON, err = renderJSON(f, src, items); err != nil {
		return nil, fmt.Errorf("render feed %q as json: %w", f.Slug, err)
	}
	return out, nil
}

// gorillaFeed returns the generic gorilla feed the three encoders start
// from. Every item gets its Id, so gorilla never makes a random one.
func gorillaFeed(f Feed, items []item, updated time.Time) *feeds.Feed {
	src := &feeds.Feed{
		Title:       f.Title,
		Link:        &feeds.Link{Href: f.BaseURL},
		Description: f.Description,
		Updated:     updated,
		Items:       make([]*feeds.Item, 0, len(items)),
	}
	for _, it := range items {
		gi := &feeds.Item{
			Title:       it.title,
			Description: it.summary,
			Id:          it.id,
			IsPermaLink: "false",
			Created:     it.published,
			Updated:     it.modified,
			Content:     it.content,
		}
		if it.link != "" {
			gi.Link = &feeds.Link{Href: it.link}
		}
		if it.source != "" {
			gi.Author = &feeds.Author{Name: it.source}
		}
		src.Items = append(src.Items, gi)
	}
	return src
}

// xmlSafe returns f with every text made safe for XML.
func (f Feed) xmlSafe() Feed {
	f.Slug = xmlSafe(f.Slug)
	f.Title = xmlSafe(f.Title)
	f.Description = xmlSafe(f.Description)
	f.Language = xmlSafe(f.Language)
	if u := canonicalURL(xmlSafe(f.BaseURL)); u != "" {
		f.BaseURL = u
	}
	// Hubs are copied so that the Output never shares the caller's slice;
	// validate reports those that are no http(s) URL.
	hubs := make([]string, len(f.Hubs))
	for i, h := range f.Hubs {
		hubs[i] = xmlSafe(strings.TrimSpace(h))
		if u := canonicalURL(hubs[i]); u != "" {
			hubs[i] = u
		}
	}
	f.Hubs = hubs
	return f
}

// validate reports the first field of f that cannot produce working feeds.
// Configuration checks these too; repeating them here keeps a bad value from
// reaching readers as broken self links or empty summaries.
func (f Feed) validate() error {
	if f.Slug == "" || strings.ContainsAny(f.Slug, `/\`) || f.Slug == "." || f.Slug == ".." {
		return fmt.Errorf("render feed %q: slug: must be a non-empty file name", f.Slug)
	}
	if u, err := url.Parse(f.BaseURL); err != nil || !u.IsAbs() || u.Host == "" || !strings.HasSuffix(f.BaseURL, "/") {
		return fmt.Errorf("render feed %q: base url %q: must be absolute and end with \"/\"", f.Slug, f.BaseURL)
	}
	for _, h := range f.Hubs {
		if canonicalURL(h) == "" {
			return fmt.Errorf("render feed %q: hub %q: must be an absolute http(s) URL", f.Slug, h)
		}
	}
	if f.TTL < 0 {
		return fmt.Errorf("render feed %q: ttl %s: must not be negative", f.Slug, f.TTL)
	}
	if f.SummaryLength < 0 {
		return fmt.Errorf("render feed %q: summary length %d: must not be negative", f.Slug, f.SummaryLength)
	}
	return nil
}

// selfURL returns the address at which f is published in the format ext.
func (f Feed) selfURL(ext string) string {
	return f.BaseURL + f.Slug + "." + ext
}

// lastUpdate returns the newest update among items, but not after now, or
// now when there are none. It takes the maximum rather than the first item's
// time because entries are ordered by publication, and an older entry may
// have been updated since.
func lastUpdate(items []item, now time.Time) time.Time {
	now = feedTime(now)
	latest := time.Time{}
	for _, it := range items {
		if it.updated.After(latest) {
			latest = it.updated
		}
	}
	if latest.IsZero() || latest.After(now) {
		return now
	}
	return latest
}
