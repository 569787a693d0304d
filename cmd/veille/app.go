package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/metrics"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/storage"
)

// app is one configuration wired to the store and its pipeline. One app
// serves one command (or the daemon, until a reload builds another).
type app struct {
	cfg   *config.Config
	log   *slog.Logger
	store *storage.Store
	p     *pipeline.Pipeline
	hooks hooks
}

// hooks are what the command or the daemon hears of the pipeline's work.
type hooks struct {
	metrics   *metrics.Metrics
	progress  func(done, total int, r aggregator.Result)
	onPublish func(*pipeline.Site)
	now       func() time.Time // tests move the clock; default time.Now
}

// newApp opens the database and wires cfg to it.
func newApp(ctx context.Context, cfg *config.Config, log *slog.Logger, h hooks) (*app, error) {
	store, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	a, err := buildApp(cfg, log, store, h)
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
}

// buildApp wires cfg to an open store: the daemon builds another app on the
// same store when its configuration is reloaded.
func buildApp(cfg *config.Config, log *slog.Logger, store *storage.Store, h hooks) (*app, error) {
	if h.now == nil {
		h.now = time.Now
	}
	opts, err := pipelineOptions(cfg, h.now())
	if err != nil {
		return nil, err
	}
	opts.Metrics, opts.Progress, opts.OnPublish, opts.Now = h.metrics, h.progress, h.onPublish, h.now
	p, err := pipeline.New(store, log, opts)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, log: log, store: store, p: p, hooks: h}, nil
}

func (a *app) Close() error { return a.store.Close() }

// now returns the app's current time.
func (a *app) now() time.Time { return a.hooks.now() }

// pipelineOptions turns the configuration into the pipeline's options.
func pipelineOptions(cfg *config.Config, now time.Time) (pipeline.Options, error) {
	schedule, err := config.ParseSchedule(cfg.Schedule)
	if err != nil {
		return pipeline.Options{}, fmt.Errorf("schedule: %w", err) // Load validated it already
	}
	ua := cfg.Fetch.UserAgent
	if ua == "" {
		ua = userAgent()
	}
	opts := pipeline.Options{
		OutputDir: cfg.OutputDir,
		BaseURL:   cfg.BaseURL,
		Period:    schedulePeriod(schedule, now),
		Retention: time.Duration(cfg.Retention),
		Hubs:      cfg.WebSub.Hubs,
		Fetch: pipeline.FetchOptions{
			Timeout:              time.Duration(cfg.Fetch.Timeout),
			Concurrency:          cfg.Fetch.Concurrency,
			UserAgent:            ua,
			MaxBody:              int64(cfg.Fetch.MaxBody),
			AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
		},
	}
	for _, s := range cfg.Sources {
		opts.Sources = append(opts.Sources, pipeline.Source{Name: s.Name, URL: s.URL})
	}
	for _, f := range cfg.Feeds {
		opts.Feeds = append(opts.Feeds, pipeline.Feed{
			Slug: f.Slug, Title: f.Title, Description: f.Description, Language: f.Language,
			Limit: f.Limit, SummaryLength: f.SummaryLength, FetchArticles: f.FetchArticles,
			Rule: curation.Rule{Include: curationTerms(f.Include), Exclude: curationTerms(f.Exclude),
				Threshold: f.Threshold},
		})
	}
	return opts, nil
}

// curationTerms converts configured terms to the curation package's.
func curationTerms(terms []config.Term) []curation.Term {
	out := make([]curation.Term, len(terms))
	for i, t := range terms {
		out[i] = curation.Term{Text: t.Text, With: t.With, Unless: t.Unless, TitleOnly: t.Field == "title"}
	}
	return out
}

// schedulePeriod approximates the interval of a cron schedule by the gap
// between its next two activations.
func schedulePeriod(s cron.Schedule, now time.Time) time.Duration {
	next := s.Next(now)
	return max(s.Next(next).Sub(next), time.Second)
}
