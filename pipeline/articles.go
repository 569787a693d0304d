package pipeline

import (
	"context"
	"errors"
	"sync"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/article"
)

// Article fetching bounds: per pass, at once, and per entry over its life.
const (
	articlesPerPass = 100
	articleWorkers  = 4
	articleTries    = 3
	// leadLength is the longest lead kept; feeds cut it to summary_length.
	leadLength = 2000
)

// errNoLead is an article page in which no lead was found.
var errNoLead = errors.New("no article text found in the page")

// fetchArticles replaces the teasers of selected entries by the lead of
// their article page, for the feeds that allow it. A failure is recorded
// on the entry, which keeps its feed text and is tried again at a later
// pass, up to articleTries times, and logged as a warning: a summary that
// stays a teaser must say why at the default level. It returns how many
// leads it stored and how many pages failed.
func (p *Pipeline) fetchArticles(ctx context.Context) (saved, failed int, err error) {
	var feeds []string
	for _, f := range p.feeds {
		if f.FetchArticles {
			feeds = append(feeds, f.Slug)
		}
	}
	teasers, err := p.store.Teasers(ctx, feeds, articleTries, articlesPerPass)
	if err != nil || len(teasers) == 0 {
		return 0, 0, err
	}
	type outcome struct {
		entry      *veille.Item
		lead, html string
		err        error
	}
	jobs := make(chan *veille.Item)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range min(articleWorkers, len(teasers)) {
		wg.Go(func() {
			for e := range jobs {
				lead, html, err := p.articleLead(ctx, e.Link)
				results <- outcome{e, lead, html, err}
			}
		})
	}
	go func() {
		defer close(jobs)
		for i := range teasers {
			select {
			case jobs <- &teasers[i]:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var storeErr error
	for r := range results {
		if storeErr != nil || ctx.Err() != nil {
			continue // draining
		}
		p.opts.Metrics.ObserveArticle(r.err == nil)
		if r.err != nil {
			failed++
			p.log.Warn("article fetch failed", "source", r.entry.SourceName, "url", r.entry.Link, "err", r.err)
			storeErr = p.store.ArticleFailed(ctx, r.entry.ID, r.err.Error(), articleTries)
			continue
		}
		if storeErr = p.store.SaveArticle(ctx, r.entry.ID, r.lead, r.html); storeErr == nil {
			saved++
		}
	}
	if storeErr == nil {
		storeErr = ctx.Err()
	}
	return saved, failed, storeErr
}

// articleLead fetches an article page and returns its lead and sanitized HTML.
func (p *Pipeline) articleLead(ctx context.Context, link string) (lead, html string, err error) {
	page, err := p.articles.Fetch(ctx, link)
	if err != nil {
		return "", "", err
	}
	art, err := article.Extract(page)
	if err != nil {
		return "", "", err
	}
	lead = article.Lead(art, leadLength)
	if lead == "" {
		return "", "", errNoLead
	}
	return lead, art.HTML, nil
}
