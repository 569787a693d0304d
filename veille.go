// Package veille holds the domain types that every part of veille shares:
// the items it stores, curates and republishes, and why a feed selects
// them. It does no I/O and imports nothing of the project, so that the pure
// packages (curation, stories, summary) and the renderers (publisher) can
// speak of items without linking the storage layer and its SQLite driver.
package veille

import "time"

// Item is one news item as veille stores it, normalized by the aggregator.
//
// Identity: UID is derived from stable fields only (see aggregator), and
// Link, when not empty, is unique too, so an article that appears in two
// feeds of one publisher is stored once.
type Item struct {
	ID         int64
	UID        string // stable public identifier, a "urn:uuid:" URI
	SourceID   int64
	SourceName string // filled on reads
	SourceURL  string // filled on reads: the feed URL of the source
	// SourceTitle is the title the source's feed gives itself, filled on
	// reads and when fetched; "" when unknown.
	SourceTitle string
	GUID        string // as the feed gave it; may be empty
	Link        string // absolute URL of the article; may be empty
	Title       string // plain text
	Summary     string // plain text, whole; publishers cut it to length
	// SummarySource says how Summary was obtained: SummaryFeed,
	// SummaryTeaser, SummaryArticle or SummaryFallback.
	SummarySource string
	ArticleHTML   string // the article page's sanitized HTML, when fetched
	Author        string
	Categories    []string
	// Language is the primary subtag of the item's language ("fr", "en"),
	// as found once when it was stored; "" when unknown.
	Language  string
	Published time.Time // zero when the feed gave no usable date
	Updated   time.Time // zero when unknown
	Fetched   time.Time // when veille first stored the item
	Matches   []Match   // the curated feeds that select this item
	// Related lists other outlets' items on the same story, when a feed
	// publishes this one for all of them. It is filled when a feed is
	// read for publishing.
	Related []Item
}

// Summary sources.
const (
	SummaryFeed     = "feed"     // the feed's own text is a real lead
	SummaryTeaser   = "teaser"   // the feed gave a teaser: the article page is wanted
	SummaryArticle  = "article"  // the lead of the article page
	SummaryFallback = "fallback" // the article page failed too often: the feed's text stays
)

// Match says that a curated feed selects an item, and why.
type Match struct {
	Feed  string   // the feed's slug
	Terms []string // the include terms that matched
}

// SortTime is the time items are ordered by: the published date when it
// is known and not in the future of the fetch, else the fetch time. A
// dateless or future-dated item thus cannot stay pinned at the top.
func (e *Item) SortTime() time.Time {
	if e.Published.IsZero() || e.Published.After(e.Fetched) {
		return e.Fetched
	}
	return e.Published
}

// MatchFor returns the terms for which feed selects e, and whether it does.
func (e *Item) MatchFor(feed string) ([]string, bool) {
	for _, m := range e.Matches {
		if m.Feed == feed {
			return m.Terms, true
		}
	}
	return nil, false
}
