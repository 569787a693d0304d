package aggregator

import (
	"context"
	"strings"
)

// Found describes the feed at a URL, as Probe read it.
type Found struct {
	URL      string // the URL requested
	Title    string // the feed's title, on one line
	Format   string // "rss", "atom" or "json"
	Language string // as the feed declares it; "" when it does not
	Items    int
}

// Probe fetches rawURL once, unconditionally, and describes the feed it
// serves, storing nothing: `veille add` shows it before the source is
// configured. The host of trusted, the URL the operator gave, is trusted
// as a configured source's host is; other hosts (a feed the page
// advertises elsewhere, a redirect) are checked. When rawURL serves an HTML
// page, the error is a *NotFeedError listing the feeds the page advertises.
func (a *Aggregator) Probe(ctx context.Context, rawURL, trusted string) (*Found, error) {
	r, err := a.request(ctx, trusted, rawURL, "", "")
	if err != nil {
		return nil, err
	}
	feed, err := a.parseResponse(r)
	if err != nil {
		return nil, err
	}
	return &Found{URL: rawURL, Title: strings.Join(strings.Fields(feed.Title), " "), Format: feed.FeedType,
		Language: feed.Language, Items: len(feed.Items)}, nil
}
