package aggregator

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/summary"
)

// normalize turns a parsed feed into entries of source sourceID. feedURL,
// the URL the feed was served from, resolves relative links (gofeed resolves
// Atom's xml:base but leaves relative RSS links as they are). skipped counts
// the items left out as older than Options.MaxAge, so that a feed whose
// every item is skipped can say why nothing was stored.
func (a *Aggregator) normalize(feed *document, sourceID int64, feedURL string, now time.Time) (entries []veille.Item, skipped int) {
	base, _ := url.Parse(feedURL) // it was just requested, so it parses
	entries = make([]veille.Item, 0, len(feed.Items))
	for i, item := range feed.Items {
		if item == nil {
			continue
		}
		var raw *rawItem
		if feed.raw != nil {
			raw = &feed.raw[i]
		}
		e := normalizeItem(item, raw, feed.FeedType, sourceID, base, now.UTC())
		e.Language = itemLanguage(item, raw, &e, feed.Language)
		e.SourceTitle = summary.Truncate(summary.Title(feed.Title), maxTitle)
		if a.opts.Classify != nil {
			e.Matches = a.opts.Classify(&e)
		}
		if len(e.Matches) == 0 && a.opts.MaxAge > 0 && !e.Published.IsZero() && now.Sub(e.Published) > a.opts.MaxAge {
			skipped++
			continue // older than the retention and unpublished: pruning would delete it again
		}
		entries = append(entries, e)
	}
	return entries, skipped
}

// Field caps: a hostile or broken feed must not bloat the database or the
// published feeds. Real titles are far shorter, real leads too.
const (
	maxTitle   = 500     // runes
	maxSummary = 10000   // runes
	maxContent = 1 << 20 // bytes of HTML that can identify an item
	maxGUID    = 2048    // bytes; longer GUIDs are hashed into the identity anyway
)

// normalizeItem turns item, of a feed of type feedType ("rss", "atom" or
// "json"), into an entry of source sourceID; raw holds what the document
// says of it that gofeed does not, or is nil. The item's HTML is not kept:
// its text is the summary.
func normalizeItem(item *gofeed.Item, raw *rawItem, feedType string, sourceID int64, base *url.URL,
	now time.Time) veille.Item {
	title := summary.Truncate(itemTitle(item, raw, feedType), maxTitle)
	text := summaryText(item, raw, title)
	source := veille.SummaryFeed
	if summary.IsTeaser(text, title) {
		source = veille.SummaryTeaser
		// Until the article page gives a lead, if ever, subscribers read
		// what the feed's text says whole.
		text = summary.Whole(text)
	}
	e := veille.Item{
		SourceID:      sourceID,
		GUID:          truncateBytes(strings.TrimSpace(item.GUID), maxGUID),
		Link:          itemLink(item, guidIsLink(raw, feedType, item.GUID), base),
		Title:         title,
		Summary:       summary.Truncate(text, maxSummary),
		SummarySource: source,
		Author:        itemAuthor(item),
		Categories:    itemCategories(item),
		Fetched:       now,
	}
	published, updated := itemDates(item, raw)
	e.Published, e.Updated = notFuture(published, now), notFuture(updated, now)
	e.UID = entryUID(sourceID, &e, itemHTML(item))
	return e
}

// summaryText returns the plain text of the item's description, else of
// its content, else of an XHTML body (raw.body), when it is a real text for
// the item titled title; else "": an item shows no summary rather than
// "1", "Comments" or its title again.
//
// An Atom summary or content of type "text" (the default) is text, never
// read as markup: "the <blink> tag" keeps its "<blink>".
func summaryText(item *gofeed.Item, raw *rawItem, title string) string {
	type body struct{ s, kind string }
	bodies := []body{{item.Description, ""}, {item.Content, ""}}
	if raw != nil {
		bodies[0].kind, bodies[1].kind = raw.summaryType, raw.contentType
		bodies = append(bodies, body{raw.body, "xhtml"})
	}
	for _, b := range bodies {
		s := text.Repair(b.s)
		if b.kind == "text" || b.kind == "text/plain" { // Atom 1.0's and 0.3's names
			s = summary.PlainTitle(s)
		} else {
			s = summary.Text(s)
		}
		if t := summary.Clean(s); t != "" && !summary.Worthless(t, title) {
			return t
		}
	}
	return ""
}

// itemTitle returns the plain text of an item's title, else of its
// media:title. The text is unescaped once, by the XML parser: it is read as
// HTML only where the format says it is HTML (an Atom title of type "html"
// or "xhtml"), or, for an RSS title, which may be either, where it looks
// like HTML by feedparser's rule (summary.LooksLikeHTML). Otherwise it is
// text, and "Using the &lt;canvas&gt; element" keeps its "<canvas>".
func itemTitle(item *gofeed.Item, raw *rawItem, feedType string) string {
	title, kind := item.Title, "rss" // how gofeed's items of unknown origin are read
	switch {
	case feedType == "json":
		kind = "text" // JSON Feed titles are plain text
	case raw != nil:
		kind = raw.titleType
	}
	if strings.TrimSpace(title) == "" && raw != nil && raw.mediaTitle != "" {
		title, kind = raw.mediaTitle, "text"
		if feedType == "rss" {
			kind = "rss"
		}
	}
	title = text.Repair(title)
	switch kind {
	case "html", "xhtml", "text/html", "application/xhtml+xml":
		return summary.Title(title)
	case "rss":
		if summary.LooksLikeHTML(title) {
			return summary.Title(title)
		}
	}
	return summary.PlainTitle(title)
}

// guidIsLink reports whether an item's GUID, guid, may stand for its
// missing link: an RSS guid is a permalink unless isPermaLink="false" says
// it is not; an Atom id only when it is an absolute http(s) URL, as
// feedparser takes it (a "tag:" or "urn:" id locates nothing). A JSON Feed
// id never does: the format has url for that.
func guidIsLink(raw *rawItem, feedType, guid string) bool {
	switch feedType {
	case "rss":
		return raw == nil || !raw.notPermalink
	case "atom":
		guid = strings.ToLower(strings.TrimSpace(guid))
		return strings.HasPrefix(guid, "https://") || strings.HasPrefix(guid, "http://")
	}
	return false
}

// itemHTML returns the HTML content of item, else its description, which
// identifies an item that has neither GUID nor link; "" beyond maxContent.
func itemHTML(item *gofeed.Item) string {
	content := strings.TrimSpace(item.Content)
	if content == "" {
		content = strings.TrimSpace(item.Description)
	}
	if len(content) > maxContent {
		return ""
	}
	return content
}

// itemLanguage is the language of item, as e normalized it: the one the
// item declares (JSON Feed 1.1 language, an Atom entry's xml:lang, RSS
// <dc:language>), else the one its title and summary are written in, else
// the one its feed declares; its primary subtag, "" when unknown. Sources mix languages (a French outlet's English interview, an
// English blog's French translation): the feed's declaration is only the
// last resort, and the detection leans to it when the text is ambiguous.
func itemLanguage(item *gofeed.Item, raw *rawItem, e *veille.Item, declared string) string {
	if lang := text.PrimaryLanguage(item.Custom[customLanguage]); lang != "" {
		return lang
	}
	if raw != nil {
		if lang := text.PrimaryLanguage(raw.lang); lang != "" {
			return lang
		}
	}
	if item.DublinCoreExt != nil {
		for _, l := range item.DublinCoreExt.Language {
			if lang := text.PrimaryLanguage(l); lang != "" {
				return lang
			}
		}
	}
	return text.Language(e.Title+".\n"+e.Summary, declared)
}

// customLanguage is the key of gofeed.Item.Custom where jsonTranslator
// keeps a JSON Feed item's language.
const customLanguage = "language"

// jsonTranslator is gofeed's JSON Feed translator keeping each item's
// language (JSON Feed 1.1), which gofeed's items have no field for.
type jsonTranslator struct{ gofeed.DefaultJSONTranslator }

// Translate translates feed as gofeed does, then copies each item's
// language into its Custom map; gofeed translates the items in order.
func (t *jsonTranslator) Translate(feed any) (*gofeed.Feed, error) {
	out, err := t.DefaultJSONTranslator.Translate(feed)
	jf, ok := feed.(*jsonfeed.Feed)
	if err != nil || !ok || len(out.Items) != len(jf.Items) {
		return out, err
	}
	for i, it := range jf.Items {
		if it == nil || it.Language == "" || out.Items[i] == nil {
			continue
		}
		if out.Items[i].Custom == nil {
			out.Items[i].Custom = map[string]string{}
		}
		out.Items[i].Custom[customLanguage] = it.Language
	}
	return out, nil
}

// atomTranslator is gofeed's Atom translator choosing each entry's link
// as feedparser does: of its alternate links (rel "alternate", or none,
// which Atom says is the same), the first that is a web page, else the
// first. gofeed takes the first alternate whatever its type, and an entry
// whose transcript (type "application/pdf") comes before its page would be
// linked to the transcript.
type atomTranslator struct{ gofeed.DefaultAtomTranslator }

// Translate translates feed as gofeed does, then sets each item's link;
// gofeed translates the entries in order.
func (t *atomTranslator) Translate(feed any) (*gofeed.Feed, error) {
	out, err := t.DefaultAtomTranslator.Translate(feed)
	af, ok := feed.(*atom.Feed)
	if err != nil || !ok || len(out.Items) != len(af.Entries) {
		return out, err
	}
	for i, entry := range af.Entries {
		if entry == nil || out.Items[i] == nil {
			continue
		}
		if l := alternateLink(entry.Links); l != "" {
			out.Items[i].Link = l
		}
	}
	return out, nil
}

// alternateLink returns the href of the first alternate link of links
// that is a web page (type text/html, application/xhtml+xml or none), else
// of the first alternate link, else "".
func alternateLink(links []*atom.Link) string {
	first := ""
	for _, l := range links {
		if l == nil || l.Href == "" || l.Rel != "" && l.Rel != "alternate" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(l.Type)) {
		case "", "text/html", "application/xhtml+xml":
			return l.Href
		}
		if first == "" {
			first = l.Href
		}
	}
	return first
}

// truncateBytes cuts s to at most n bytes, on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// itemLink returns the item's absolute http(s) link, or "". The original
// article that a FeedBurner-style feed names in feedburner:origLink comes
// first: its <link> is a redirector (feedproxy.google.com/…) that readers
// would follow through a tracker, that identifies nothing and that serves
// no article page. When guidLink is set, a guid that is a URL stands in
// for a missing link, as isPermaLink intends.
func itemLink(item *gofeed.Item, guidLink bool, base *url.URL) string {
	candidates := append(origLinks(item), item.Link)
	candidates = append(candidates, item.Links...)
	if guidLink {
		candidates = append(candidates, item.GUID)
	}
	for _, c := range candidates {
		if link := absoluteLink(base, c); link != "" {
			return link
		}
	}
	return ""
}

// origLinks returns the original links an item's extensions name.
func origLinks(item *gofeed.Item) []string {
	var links []string
	for _, e := range item.Extensions["feedburner"]["origLink"] {
		links = append(links, e.Value)
	}
	return links
}

// siteURL returns the web site feed links to (RSS channel <link>, Atom
// alternate link, JSON Feed home_page_url), resolved against the feed's own
// URL, or "" when it gives no http(s) one.
func siteURL(feedURL string, feed *gofeed.Feed) string {
	base, err := url.Parse(feedURL)
	if err != nil {
		return ""
	}
	return absoluteLink(base, feed.Link)
}

// absoluteLink resolves ref against base and returns it when it is an
// http(s) URL, with tracking parameters removed so that one article keeps
// one link whichever feed lists it.
func absoluteLink(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := base.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	stripTracking(u)
	return u.String()
}

// stripTracking makes u canonical: it removes the analytics tags
// publishers add per feed (utm_* and xtor query parameters) and the
// fragment, which never names another page (France Télévisions puts its
// "#xtor=RSS-3-[france]" tag there).
func stripTracking(u *url.URL) {
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery == "" {
		return
	}
	q := u.Query()
	changed := false
	for key := range q {
		if strings.HasPrefix(key, "utm_") || key == "xtor" {
			q.Del(key)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
}

func itemAuthor(item *gofeed.Item) string {
	var names []string
	for _, p := range item.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, summary.Text(p.Name))
		}
	}
	if len(names) == 0 && item.DublinCoreExt != nil {
		for _, c := range item.DublinCoreExt.Creator {
			if c = summary.Text(c); c != "" {
				names = append(names, c)
			}
		}
	}
	return strings.Join(names, ", ")
}

func itemCategories(item *gofeed.Item) []string {
	seen := make(map[string]bool, len(item.Categories))
	var out []string
	for _, c := range item.Categories {
		c = summary.Text(c)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// usableTime returns t in UTC, or the zero time for a missing date or one
// too early to be a real publication date (feeds write year 1 or 1970 for
// "unknown"): an unknown date stays unknown, it never becomes "now".
func usableTime(t *time.Time) time.Time {
	if t == nil || t.Year() < 1990 {
		return time.Time{}
	}
	return t.UTC()
}

// maxClockSkew is how far ahead of the fetch an item's date may be and
// still be kept as written: a publisher whose clock runs a few minutes fast
// is common, and its dates are right to within that. Further ahead, the
// date is a mistake or a trick: an item dated 2099 held the feeds' update
// time, and so their Last-Modified, in 2099, and readers polling with
// If-Modified-Since got 304 for ever.
const maxClockSkew = 10 * time.Minute

// notFuture returns t, or now, the time the item is first seen, when t is
// more than maxClockSkew after it. Storage keeps the date of the first
// sighting, so the item never moves afterwards.
func notFuture(t, now time.Time) time.Time {
	if t.After(now.Add(maxClockSkew)) {
		return now
	}
	return t
}

// entryUID derives the stable identity of an entry from stable fields
// only: the GUID, else the link, else a hash of title and content, the
// item's HTML, each scoped to its source: GUIDs are only unique per feed,
// and another source listing the same link or the same text must not take
// the item's place (the copies are one story, see the pipeline). Never the
// fetch time: an item without GUID, link or date must not be stored again
// on every pass.
func entryUID(sourceID int64, e *veille.Item, content string) string {
	source := strconv.FormatInt(sourceID, 10)
	var key string
	switch {
	case e.GUID != "":
		key = "guid\x00" + source + "\x00" + e.GUID
	case e.Link != "":
		key = "link\x00" + source + "\x00" + e.Link
	default:
		sum := sha256.Sum256([]byte(e.Title + "\x00" + content))
		key = "hash\x00" + source + "\x00" + hex.EncodeToString(sum[:])
	}
	return nameUUID(key)
}

// nameUUID returns a name-based (version 5 style) UUID URN for key, a valid
// Atom id and RSS guid that depends on nothing but key.
func nameUUID(key string) string {
	h := sha1.Sum([]byte("veille:entry:" + key))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
