// Package pipeline runs veille's work: one pass (fetch the due sources,
// store and classify their new items, publish the feeds that changed, fetch
// article pages for their leads, prune) and one publish (render every feed
// and the index page from the database and write them to the output
// folder). `veille fetch`, `veille publish`, `veille serve` and the
// benchmark all run this code, so that what is measured is what users run.
//
// A Pipeline is built from plain values (Options), never from the
// configuration file: turning config.yaml into Options is the command's
// job.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/article"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/metrics"
	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/websub"
)

// Source is a configured source: its name, unique, and its feed's URL.
type Source struct {
	Name, URL string
}

// Feed is a configured curated feed: what it selects and how it is
// published.
type Feed struct {
	Slug, Title, Description, Language string
	Limit                              int // newest stories published
	SummaryLength                      int // runes of each summary; 0 for no limit
	// FetchArticles replaces the teasers of its items by the lead of their
	// article page.
	FetchArticles bool
	Rule          curation.Rule
}

// FetchOptions are the HTTP settings of every request a pass makes.
type FetchOptions struct {
	Timeout     time.Duration
	Concurrency int
	UserAgent   string
	MaxBody     int64
	// AllowPrivateNetworks lets requests that leave a source's own host
	// (article pages, redirects, hubs) reach non-public addresses.
	AllowPrivateNetworks bool
	// FollowMoves says which permanent moves of a source later passes
	// follow; see aggregator.Options.FollowMoves.
	FollowMoves string
	// MaxNewPerSource caps the entries one source adds in one pass, the
	// newest kept; 0 for no cap.
	MaxNewPerSource int
}

// Options configure a Pipeline. Sources and Feeds come from the
// configuration; the zero value of the others picks the default.
type Options struct {
	Sources   []Source
	Feeds     []Feed
	OutputDir string // where the feeds and the index page are written
	BaseURL   string // where OutputDir is served, ending in "/"
	// Site titles the index page and the feeds' pages, and links their
	// header; Templates lay the feeds' pages out, nil for the embedded ones.
	Site      publisher.Site
	Templates *publisher.Templates
	// Period is the time between two scheduled passes: the unit of
	// backoff, and the time-to-live the feeds declare. Default one hour.
	Period time.Duration
	// Retention is how long entries no feed publishes are kept; 0 keeps
	// them all.
	Retention time.Duration
	Fetch     FetchOptions
	Hubs      []string // WebSub hubs told of each changed feed

	// Metrics records what passes do; nil records nothing.
	Metrics *metrics.Metrics
	// Progress, if set, hears of each source a pass has stored.
	Progress func(aggregator.Progress)
	// OnPublish, if set, receives every Site a publish wrote, before the
	// WebSub hubs are told: the daemon serves it.
	OnPublish func(*Site)
	// Now returns the current time; default time.Now.
	Now func() time.Time
}

// Pipeline runs passes and publishes for one configuration on one store.
// Neither passes nor publishes may overlap (the daemon runs one publish at
// start-up, then serializes its passes); Explain and the accessors are safe
// for concurrent use.
type Pipeline struct {
	opts     Options
	log      *slog.Logger
	store    *storage.Store
	feeds    []curatedFeed
	agg      *aggregator.Aggregator
	articles *article.Fetcher
	hubs     *websub.Publisher
	// finder places new entries into stories during a pass; a new one each
	// pass, since what is stored changes between passes.
	finder *storyFinder
	// forgotten lists the feeds curation forgot whose files the next
	// publish removes.
	forgotten []string
	// sourceNames names the sources by ID for classify, which gets entries
	// fresh from their feed: written before a pass fetches, read by its
	// goroutines.
	sourceNames map[int64]string
}

// curatedFeed is a configured feed with its compiled rule.
type curatedFeed struct {
	Feed
	matcher *curation.Matcher
}

// New compiles the feeds' rules and wires the aggregator, the article
// fetcher and the WebSub publisher to store. It does no I/O.
func New(store *storage.Store, log *slog.Logger, opts Options) (*Pipeline, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Period <= 0 {
		opts.Period = time.Hour
	}
	if opts.Site.Title == "" {
		opts.Site.Title = "veille"
	}
	p := &Pipeline{opts: opts, log: log, store: store}
	for i, f := range opts.Feeds {
		m, err := curation.Compile(f.Rule)
		if err != nil {
			return nil, fmt.Errorf("feeds[%d] (%s): %w", i, f.Slug, err)
		}
		p.feeds = append(p.feeds, curatedFeed{Feed: f, matcher: m})
	}
	fetch := opts.Fetch
	p.hubs = websub.New(opts.Hubs, nil, log, websub.Options{Timeout: fetch.Timeout, UserAgent: fetch.UserAgent,
		AllowPrivateNetworks: fetch.AllowPrivateNetworks})
	p.articles = article.NewFetcher(article.Options{
		Timeout:              fetch.Timeout,
		MaxBody:              fetch.MaxBody,
		UserAgent:            fetch.UserAgent,
		AllowPrivateNetworks: fetch.AllowPrivateNetworks,
	})
	p.agg = aggregator.New(store, log, aggregator.Options{
		Timeout:              fetch.Timeout,
		Concurrency:          fetch.Concurrency,
		UserAgent:            fetch.UserAgent,
		MaxBody:              fetch.MaxBody,
		BackoffBase:          opts.Period,
		MaxAge:               opts.Retention,
		AllowPrivateNetworks: fetch.AllowPrivateNetworks,
		FollowMoves:          fetch.FollowMoves,
		MaxNewPerSource:      fetch.MaxNewPerSource,
		Classify:             p.classify,
		Place:                p.place,
		Seen:                 p.seen,
		Now:                  opts.Now,
		Progress:             opts.Progress,
	})
	return p, nil
}

// Probe fetches rawURL and describes the feed there, storing nothing; see
// aggregator.Aggregator.Probe. It needs no store: New(nil, …) is enough.
func (p *Pipeline) Probe(ctx context.Context, rawURL, trusted string) (*aggregator.Found, error) {
	return p.agg.Probe(ctx, rawURL, trusted)
}

// Store returns the store the pipeline works on.
func (p *Pipeline) Store() *storage.Store { return p.store }

// Period returns the time between two scheduled passes.
func (p *Pipeline) Period() time.Duration { return p.opts.Period }

// Explain says whether the feed with slug selects e, and why; ok is false
// when no feed has that slug.
func (p *Pipeline) Explain(slug string, e *veille.Item) (r curation.Result, ok bool) {
	for _, f := range p.feeds {
		if f.Slug == slug {
			return f.explain(e), true
		}
	}
	return curation.Result{}, false
}

// place finds the story of e in feed, as the aggregator stores it.
func (p *Pipeline) place(feed string, e *veille.Item, same *storage.SameLink) (storage.Placement, error) {
	return p.finder.place(feed, e, same)
}

// seen learns what a source repeats from the entries of its fetch, before
// the aggregator stores them.
func (p *Pipeline) seen(sourceID int64, entries []veille.Item) {
	p.finder.learnFetch(sourceID, entries)
}

// classify returns the feeds that select e.
func (p *Pipeline) classify(e *veille.Item) []veille.Match {
	if e.SourceName == "" {
		e.SourceName = p.sourceNames[e.SourceID]
	}
	var matches []veille.Match
	for _, f := range p.feeds {
		if terms, ok := f.match(e); ok {
			matches = append(matches, veille.Match{Feed: f.Slug, Terms: terms})
		}
	}
	return matches
}

func (f curatedFeed) match(e *veille.Item) ([]string, bool) {
	r := f.explain(e)
	return r.Terms, r.Selected
}

func (f curatedFeed) explain(e *veille.Item) curation.Result {
	return f.matcher.Match(curation.Document{Title: e.Title, Summary: e.Summary, Categories: e.Categories,
		Source: e.SourceName, SourceTitle: e.SourceTitle, Language: e.Language})
}

// Reset forgets the editor's decision on the entry id for the feed with
// slug, and puts back the automatic one, as the feed's rules decide now.
func (p *Pipeline) Reset(ctx context.Context, slug string, id int64) error {
	for _, f := range p.feeds {
		if f.Slug != slug {
			continue
		}
		e, err := p.store.Entry(ctx, id)
		if err != nil {
			return err
		}
		terms, ok := f.match(&e)
		return p.store.Reset(ctx, slug, id, ok, terms)
	}
	return fmt.Errorf("reset: no feed %q", slug)
}

// PassOptions choose the sources of a pass.
type PassOptions struct {
	Only  string // fetch only the source of this name, due or not
	Force bool   // ignore backoff, Retry-After and cache lifetimes
	// Refetch makes unconditional requests (no If-None-Match, no
	// If-Modified-Since), as Force does for the schedule: a 304 would
	// never hand back the items dropped earlier (by retention, or by a
	// cap), which a full fetch stores again when retention allows.
	Refetch bool
}

// ErrUnknownSource is returned by Pass when PassOptions.Only names no
// configured source.
var ErrUnknownSource = errors.New("no such source")

// Pass fetches the due sources and stores their new items, classified as
// they are stored; then, when something a feed publishes changed, it
// publishes, fetches the article pages the feeds want and publishes their
// leads; then it prunes. A pass that changed nothing publishes nothing: the
// files, their ETags and their dates stay as they are.
func (p *Pipeline) Pass(ctx context.Context, opts PassOptions) (*aggregator.Report, error) {
	// Rules first: a feed whose rules changed is recomputed over what is
	// stored before the new items are classified by the same rules, so a
	// fresh database never classifies its first items twice.
	if err := p.prepare(ctx); err != nil {
		return nil, err
	}
	p.finder = newStoryFinder(ctx, p.store)
	sources, skipped, err := p.dueSources(ctx, opts)
	if err != nil {
		return nil, err
	}
	report, err := p.agg.Run(ctx, sources)
	if err != nil {
		return report, err
	}
	current, err := p.published(ctx)
	if err != nil {
		return report, err
	}
	if current {
		publisher.RemoveLeftovers(p.opts.OutputDir, p.slugs())
	} else if err := p.publish(ctx); err != nil {
		return report, err
	}
	// Article pages come after a first publish, so that a slow site never
	// holds back the new entries; their leads are then published too.
	leads, failed, err := p.fetchArticles(ctx)
	if err != nil {
		return report, err
	}
	// One line per pass, once its article pages are known: duration is
	// that of fetching the sources.
	p.log.Info("pass done", "sources", len(sources), "ok", report.Count(storage.StatusOK),
		"not_modified", report.Count(storage.StatusNotModified), "failed", report.Failed(),
		"not_due", skipped, "new_entries", report.New(), "selected", report.Selected(),
		"article_leads", leads, "articles_failed", failed,
		"duration", report.End.Sub(report.Start).Round(time.Millisecond))
	if leads > 0 {
		if err := p.publish(ctx); err != nil {
			return report, err
		}
	}
	return report, p.prune(ctx)
}

// prepare brings what is stored in line with the configuration, before a
// pass or a publish: the languages of entries stored before veille
// detected them, once; the selections of feeds whose rules changed; their
// stories.
func (p *Pipeline) prepare(ctx context.Context) error {
	n, err := p.store.BackfillLanguages(ctx, func(title, summary string) string {
		return text.Language(title+".\n"+summary, "")
	})
	if err != nil {
		return err
	}
	if n > 0 {
		p.log.Info("languages detected for entries stored before", "entries", n)
	}
	if err := p.curate(ctx); err != nil {
		return err
	}
	return p.regroup(ctx)
}

// dueSources returns the configured sources the pass should fetch, with
// their stored state: those due now, or all of them when forced, or the
// one named (which is then fetched whatever its state).
func (p *Pipeline) dueSources(ctx context.Context, opts PassOptions) (due []storage.Source, skipped int, err error) {
	now := p.opts.Now()
	found := false
	if p.sourceNames == nil {
		p.sourceNames = make(map[int64]string, len(p.opts.Sources))
	}
	for _, s := range p.opts.Sources {
		if opts.Only != "" && s.Name != opts.Only {
			continue
		}
		found = true
		src, err := p.store.EnsureSource(ctx, s.Name, s.URL)
		if err != nil {
			return nil, 0, err
		}
		p.sourceNames[src.ID] = src.Name
		if opts.Refetch {
			// The stored validators are the request's only conditions;
			// the response's are stored as usual.
			src.ETag, src.LastModified = "", ""
		}
		if opts.Force || opts.Refetch || opts.Only != "" || src.Due(now) {
			due = append(due, src)
		} else {
			skipped++
		}
	}
	if opts.Only != "" && !found {
		return nil, 0, fmt.Errorf("fetch %q: %w", opts.Only, ErrUnknownSource)
	}
	return due, skipped, nil
}

// curate recomputes the stored selections of the feeds whose rules
// changed, and forgets the feeds no longer configured, removing their
// files.
func (p *Pipeline) curate(ctx context.Context) error {
	curators := make([]storage.Curator, len(p.feeds))
	for i, f := range p.feeds {
		curators[i] = storage.Curator{Feed: f.Slug, Fingerprint: f.matcher.Fingerprint(), Match: f.match}
	}
	recomputed, forgotten, err := p.store.Curate(ctx, curators)
	for _, slug := range recomputed {
		p.log.Info("selection recomputed", "feed", slug)
	}
	p.forgotten = append(p.forgotten, forgotten...)
	return err
}

// slugs returns the slugs of the feeds.
func (p *Pipeline) slugs() []string {
	out := make([]string, len(p.feeds))
	for i, f := range p.feeds {
		out[i] = f.Slug
	}
	return out
}

// removeForgotten removes the files of the feeds no longer configured,
// once a publish has handed over what is served without them: their files
// would otherwise stay in output_dir, a frozen feed for its subscribers.
func (p *Pipeline) removeForgotten() {
	for _, slug := range p.forgotten {
		err := errors.Join(publisher.RemoveFiles(p.opts.OutputDir, slug), publisher.RemovePages(p.opts.OutputDir, slug))
		if err != nil {
			p.log.Warn("feed no longer configured: its files stay", "feed", slug, "err", err)
			continue
		}
		p.log.Info("feed no longer configured: files removed", "feed", slug, "dir", p.opts.OutputDir)
	}
	p.forgotten = nil
}

// prune deletes the entries older than the retention that no feed
// publishes any more.
func (p *Pipeline) prune(ctx context.Context) error {
	if p.opts.Retention <= 0 {
		return nil
	}
	keep := make(map[string]int, len(p.feeds))
	for _, f := range p.feeds {
		keep[f.Slug] = f.Limit
	}
	n, err := p.store.Prune(ctx, p.opts.Now().Add(-p.opts.Retention), keep)
	if n > 0 {
		p.log.Info("pruned old entries", "entries", n, "retention", p.opts.Retention.String())
	}
	return err
}
