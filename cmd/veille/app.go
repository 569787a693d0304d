package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/internal/setup"
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
	progress  func(aggregator.Progress)
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
	opts, err := setup.Options(cfg, h.now(), userAgent())
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
