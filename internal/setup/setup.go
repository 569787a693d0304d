// Package setup turns veille's configuration into the options of its
// pipeline: the one translation from config.yaml to plain values, shared by
// the command and the benchmark, which must run what the command runs.
package setup

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/publisher"
)

// Options turns the configuration into the pipeline's options, as of now
// (which sets the period of the schedule). userAgent is sent when the
// configuration names none.
func Options(cfg *config.Config, now time.Time, userAgent string) (pipeline.Options, error) {
	schedule, err := config.ParseSchedule(cfg.Schedule)
	if err != nil {
		return pipeline.Options{}, fmt.Errorf("schedule: %w", err) // Load validated it already
	}
	ua := cfg.Fetch.UserAgent
	if ua == "" {
		ua = userAgent
	}
	templates, err := Templates(cfg)
	if err != nil {
		return pipeline.Options{}, err
	}
	opts := pipeline.Options{
		Site:      publisher.Site{Title: cfg.Site.Title, URL: cfg.Site.URL, Latest: cfg.Site.Latest},
		Templates: templates,
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
			FollowMoves:          cfg.Fetch.FollowMoves,
			MaxNewPerSource:      cfg.Fetch.MaxNewPerSource,
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
				Threshold: f.Threshold, From: cfg.SourceNames(f.From), Always: cfg.SourceNames(f.Always),
				Languages: primaryLanguages(f.Languages)},
		})
	}
	return opts, nil
}

// Templates loads the site's templates named by site.templates, or returns
// nil (the embedded ones) when it names none. A template that does not
// parse or run is a problem of the configuration, reported at the line of
// site.templates with the template's file and line: `veille check` and
// every command that publishes refuse it alike.
func Templates(cfg *config.Config) (*publisher.Templates, error) {
	if cfg.Site.Templates == "" {
		return nil, nil
	}
	t, err := publisher.LoadTemplates(cfg.Site.Templates)
	if err != nil {
		return nil, config.Errors{cfg.Problem("site.templates", err.Error())}
	}
	return t, nil
}

// curationTerms converts configured terms to the curation package's.
func curationTerms(terms []config.Term) []curation.Term {
	out := make([]curation.Term, len(terms))
	for i, t := range terms {
		out[i] = curation.Term{Text: t.Text, With: t.With, Unless: t.Unless, TitleOnly: t.Field == "title"}
	}
	return out
}

// primaryLanguages returns the primary subtags of tags, which is what
// items' languages are stored as.
func primaryLanguages(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = text.PrimaryLanguage(t)
	}
	return out
}

// schedulePeriod approximates the interval of a cron schedule by the gap
// between its next two activations.
func schedulePeriod(s cron.Schedule, now time.Time) time.Duration {
	next := s.Next(now)
	return max(s.Next(next).Sub(next), time.Second)
}
