package main

import (
	"github.com/veille-project/veille"

	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/article"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/metrics"
	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/stories"
	"github.com/veille-project/veille/websub"
)

// app wires the configuration to the store, the aggregator and the
// publisher. One app serves one command (or the whole daemon).
type app struct {
	cfg      *config.Config
	log      *slog.Logger
	store    *storage.Store
	feeds    []curatedFeed
	agg      *aggregator.Aggregator
	articles *article.Fetcher
	now      func() time.Time
	// period is the time between two scheduled passes: the unit of
	// backoff, and the max-age served with the feeds.
	period time.Duration
	// onPublish receives what each pass published; the daemon serves it.
	onPublish func(*site) error
	// progress, if set, hears of each source a pass has stored.
	progress func(done, total int, r aggregator.Result)
	// hubs are told which feeds changed at each publish (websub.hubs).
	hubs *websub.Publisher
	// metrics records what passes do; nil (record nothing) but in the daemon.
	metrics *metrics.Metrics
}

// curatedFeed is a configured feed with its compiled matcher.
type curatedFeed struct {
	config.Feed
	matcher *curation.Matcher
}

// newApp opens the database and compiles the feeds' rules.
func newApp(ctx context.Context, cfg *config.Config, log *slog.Logger) (*app, error) {
	store, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	a, err := buildApp(cfg, log, store)
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

// buildApp wires cfg to an open store: the daemon builds another app on the
// same store when its configuration is reloaded.
func buildApp(cfg *config.Config, log *slog.Logger, store *storage.Store) (*app, error) {
	schedule, err := config.ParseSchedule(cfg.Schedule)
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err) // Load validated it already
	}
	a := &app{cfg: cfg, log: log, store: store, now: time.Now, period: schedulePeriod(schedule, time.Now()),
		onPublish: func(*site) error { return nil }}
	for i, f := range cfg.Feeds {
		m, err := curation.Compile(curation.Rule{Include: curationTerms(f.Include), Exclude: curationTerms(f.Exclude),
			Threshold: f.Threshold})
		if err != nil {
			return nil, fmt.Errorf("feeds[%d] (%s): %w", i, f.Slug, err)
		}
		a.feeds = append(a.feeds, curatedFeed{Feed: f, matcher: m})
	}
	ua := cfg.Fetch.UserAgent
	if ua == "" {
		ua = userAgent()
	}
	a.hubs = websub.New(cfg.WebSub.Hubs, nil, log, websub.Options{Timeout: time.Duration(cfg.Fetch.Timeout), UserAgent: ua})
	a.articles = article.NewFetcher(article.Options{
		Timeout:              time.Duration(cfg.Fetch.Timeout),
		MaxBody:              int64(cfg.Fetch.MaxBody),
		UserAgent:            ua,
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
	})
	a.agg = aggregator.New(store, log, aggregator.Options{
		Timeout:     time.Duration(cfg.Fetch.Timeout),
		Concurrency: cfg.Fetch.Concurrency,
		UserAgent:   ua,
		MaxBody:     int64(cfg.Fetch.MaxBody),
		BackoffBase: a.period,
		MaxAge:      time.Duration(cfg.Retention),
		Classify:    a.classify,
		Progress: func(done, total int, r aggregator.Result) {
			if a.progress != nil {
				a.progress(done, total, r)
			}
		},
	})
	return a, nil
}

func (a *app) Close() error { return a.store.Close() }

// curationTerms converts configured terms to the curation package's.
func curationTerms(terms []config.Term) []curation.Term {
	out := make([]curation.Term, len(terms))
	for i, t := range terms {
		out[i] = curation.Term{Text: t.Text, With: t.With, Unless: t.Unless, TitleOnly: t.Field == "title"}
	}
	return out
}

// classify returns the feeds that select e.
func (a *app) classify(e *veille.Item) []veille.Match {
	var matches []veille.Match
	for _, f := range a.feeds {
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

// explain says whether the feed selects e, and why.
func (f curatedFeed) explain(e *veille.Item) curation.Result {
	return f.matcher.Match(curation.Document{Title: e.Title, Summary: e.Summary, Categories: e.Categories})
}

// curate recomputes the stored selections of the feeds whose rules
// changed, and forgets the feeds no longer configured, removing their files.
func (a *app) curate(ctx context.Context) error {
	curators := make([]storage.Curator, len(a.feeds))
	for i, f := range a.feeds {
		curators[i] = storage.Curator{Feed: f.Slug, Fingerprint: f.matcher.Fingerprint(), Match: f.match}
	}
	recomputed, forgotten, err := a.store.Curate(ctx, curators)
	for _, slug := range recomputed {
		a.log.Info("selection recomputed", "feed", slug)
	}
	// A feed no longer configured is no longer served: its files would
	// otherwise stay in output_dir, a frozen feed for its subscribers.
	for _, slug := range forgotten {
		if rerr := publisher.RemoveFiles(a.cfg.OutputDir, slug); rerr != nil {
			a.log.Warn("feed no longer configured: its files stay", "feed", slug, "err", rerr)
			continue
		}
		a.log.Info("feed no longer configured: files removed", "feed", slug, "dir", a.cfg.OutputDir)
	}
	return err
}

// schedulePeriod approximates the interval of a cron schedule by the gap
// between its next two activations.
func schedulePeriod(s cron.Schedule, now time.Time) time.Duration {
	next := s.Next(now)
	return max(s.Next(next).Sub(next), time.Second)
}

// passOptions choose the sources of a pass.
type passOptions struct {
	only  string // fetch only the source of this name
	force bool   // ignore backoff, Retry-After and cache lifetimes
}

// dueSources returns the configured sources the pass should fetch, with
// their stored state: those due now, or all of them when forced, or the
// one named (which is then fetched whatever its state).
func (a *app) dueSources(ctx context.Context, opts passOptions) (due []storage.Source, skipped int, err error) {
	now := a.now()
	for _, s := range a.cfg.Sources {
		if opts.only != "" && s.Name != opts.only {
			continue
		}
		src, err := a.store.EnsureSource(ctx, s.Name, s.URL)
		if err != nil {
			return nil, 0, err
		}
		if opts.force || opts.only != "" || src.Due(now) {
			due = append(due, src)
		} else {
			skipped++
		}
	}
	return due, skipped, nil
}

// pass fetches the due sources, then publishes. New entries are classified
// as they are stored; publish then recomputes the selections of any feed
// whose rules changed since.
func (a *app) pass(ctx context.Context, opts passOptions) (*aggregator.Report, error) {
	sources, skipped, err := a.dueSources(ctx, opts)
	if err != nil {
		return nil, err
	}
	report, err := a.agg.Run(ctx, sources)
	if err != nil {
		return report, err
	}
	a.log.Info("pass done", "sources", len(sources), "ok", report.Count(storage.StatusOK),
		"not_modified", report.Count(storage.StatusNotModified), "failed", report.Failed(),
		"not_due", skipped, "new_entries", report.New(),
		"duration", report.End.Sub(report.Start).Round(time.Millisecond))
	if err := a.publishAndServe(ctx); err != nil {
		return report, err
	}
	// Article pages come after a first publish, so that a slow site never
	// holds back the new entries; their leads are then published too.
	leads, err := a.fetchArticles(ctx)
	if err != nil {
		return report, err
	}
	if leads > 0 {
		a.log.Info("article leads stored", "entries", leads)
		if err := a.publishAndServe(ctx); err != nil {
			return report, err
		}
	}
	return report, a.prune(ctx)
}

// publishAndServe publishes the feeds and hands them to onPublish, before
// the hubs are told: a hub fetches a changed feed as soon as it hears of it.
func (a *app) publishAndServe(ctx context.Context) error {
	published, err := a.writeSite(ctx)
	if err != nil {
		return err
	}
	if err := a.onPublish(published); err != nil {
		return err
	}
	a.announce(ctx, published.changed)
	return nil
}

// prune deletes the entries older than the retention that no feed
// publishes any more.
func (a *app) prune(ctx context.Context) error {
	retention := time.Duration(a.cfg.Retention)
	if retention <= 0 {
		return nil
	}
	keep := make(map[string]int, len(a.feeds))
	for _, f := range a.feeds {
		keep[f.Slug] = f.Limit
	}
	n, err := a.store.Prune(ctx, a.now().Add(-retention), keep)
	if n > 0 {
		a.log.Info("pruned old entries", "entries", n, "retention", a.cfg.Retention.String())
	}
	return err
}

// site is everything publish rendered: the index page and each feed.
type site struct {
	index   []byte
	feeds   map[string]*publisher.Output // by slug
	changed []string                     // URLs of the feed documents whose bytes changed
}

// indexEntries is how many of a feed's latest items the index page lists.
const indexEntries = 20

// writeSite renders every feed and the index page from the database and
// writes them to output_dir, each file replaced atomically.
func (a *app) writeSite(ctx context.Context) (*site, error) {
	start := time.Now()
	if err := a.curate(ctx); err != nil {
		return nil, err
	}
	s := &site{feeds: make(map[string]*publisher.Output, len(a.feeds))}
	pages := make([]publisher.Page, 0, len(a.feeds))
	for _, f := range a.feeds {
		out, entries, err := a.render(ctx, f)
		if err != nil {
			return nil, err
		}
		exts, err := out.WriteFiles(a.cfg.OutputDir, f.Slug)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", f.Slug, err)
		}
		for _, ext := range exts {
			s.changed = append(s.changed, out.URL(ext))
		}
		s.feeds[f.Slug] = out
		a.metrics.SetFeedItems(f.Slug, len(entries))
		pages = append(pages, publisher.Page{Feed: a.meta(f), Entries: entries[:min(len(entries), indexEntries)]})
	}
	index, err := publisher.RenderIndex(siteTitle, pages)
	if err != nil {
		return nil, fmt.Errorf("publish index: %w", err)
	}
	if err := publisher.WriteIndex(a.cfg.OutputDir, index); err != nil {
		return nil, fmt.Errorf("publish index: %w", err)
	}
	s.index = index
	a.metrics.ObservePublish(time.Since(start))
	return s, nil
}

// publish writes the feeds and the index page, then tells the WebSub hubs
// which feeds changed.
func (a *app) publish(ctx context.Context) (*site, error) {
	s, err := a.writeSite(ctx)
	if err != nil {
		return nil, err
	}
	a.announce(ctx, s.changed)
	return s, nil
}

// announce tells the WebSub hubs that the feeds at urls changed. A hub
// that fails is retried once and logged; its subscribers get the change
// with the next one, so the pass goes on.
func (a *app) announce(ctx context.Context, urls []string) {
	if err := a.hubs.Publish(ctx, urls); err != nil {
		a.log.Warn("websub publish failed", "err", err)
	}
}

// mergeStories keeps one entry per story among entries (newest first): the
// earliest report, crediting the others as Related, and at most limit of
// them, newest story first.
func mergeStories(entries []veille.Item, limit int) []veille.Item {
	docs := make([]stories.Doc, len(entries))
	for i := range entries {
		e := &entries[i]
		docs[i] = stories.Doc{Title: e.Title, Summary: e.Summary, Published: e.SortTime()}
	}
	groups := stories.Group(docs, stories.Options{})
	out := make([]veille.Item, 0, min(limit, len(groups)))
	for _, g := range groups[:min(limit, len(groups))] {
		story := entries[g[0]]
		for _, i := range g[1:] {
			story.Related = append(story.Related, entries[i])
		}
		out = append(out, story)
	}
	return out
}

// siteTitle heads the index page.
const siteTitle = "veille"

func (a *app) meta(f curatedFeed) publisher.Feed {
	return publisher.Feed{
		Slug:          f.Slug,
		Title:         f.Title,
		Description:   f.Description,
		Language:      f.Language,
		BaseURL:       a.cfg.BaseURL,
		SummaryLength: f.SummaryLength,
		TTL:           a.period,
		Hubs:          a.cfg.WebSub.Hubs,
	}
}

// storyPool is how many selected entries, per published item, are read to
// find the same story told by several outlets.
const storyPool = 3

// render renders one feed from its stored selection, newest first, each
// story once.
func (a *app) render(ctx context.Context, f curatedFeed) (*publisher.Output, []veille.Item, error) {
	entries, err := a.store.Entries(ctx, storage.Query{Feed: f.Slug, Limit: f.Limit * storyPool})
	if err != nil {
		return nil, nil, fmt.Errorf("publish %s: %w", f.Slug, err)
	}
	entries = mergeStories(entries, f.Limit)
	out, err := publisher.Render(a.meta(f), entries, a.now())
	if err != nil {
		return nil, nil, fmt.Errorf("publish %s: %w", f.Slug, err)
	}
	a.log.Debug("rendered", "feed", f.Slug, "entries", len(entries))
	return out, entries, nil
}
