package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/veille-project/veille/storage"
)

// withApp loads the configuration, opens the app, runs fn and closes it.
func (e *env) withApp(ctx context.Context, fn func(*app) error) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	log, err := e.logger()
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

func fetchFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.fetchSource, "source", "", "fetch only the source with this `name`, due or not")
	fs.BoolVar(&e.fetchForce, "force", false, "fetch every source, even those backing off or asked to wait")
}

func runFetch(ctx context.Context, e *env) error {
	return e.withApp(ctx, func(a *app) error {
		if e.fetchSource != "" {
			if _, ok := a.cfg.Source(e.fetchSource); !ok {
				return usageError("fetch: no source named %q in %s", e.fetchSource, e.configPath)
			}
		}
		_, err := a.pass(ctx, passOptions{only: e.fetchSource, force: e.fetchForce})
		return err
	})
}

func runPublish(ctx context.Context, e *env) error {
	return e.withApp(ctx, func(a *app) error {
		_, err := a.publish(ctx)
		return err
	})
}

func runSources(ctx context.Context, e *env) error {
	return e.withApp(ctx, func(a *app) error {
		sources, err := a.store.Sources(ctx)
		if err != nil {
			return err
		}
		stored := make(map[string]storage.Source, len(sources))
		for _, s := range sources {
			stored[s.Name] = s
		}
		w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tURL\tLAST FETCH\tSTATUS\tENTRIES\tNEXT CHECK")
		now := a.now()
		for _, c := range a.cfg.Sources {
			s := stored[c.Name]
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\n", c.Name, c.URL, formatTime(s.CheckedAt), sourceStatus(s),
				s.Entries, nextCheck(s, now))
		}
		return w.Flush()
	})
}

// sourceStatus is "never fetched", "ok", "not modified" or the error text.
func sourceStatus(s storage.Source) string {
	switch s.Status {
	case "":
		return "never fetched"
	case storage.StatusError:
		return "error: " + oneLine(s.Error)
	}
	return s.Status
}

// nextCheck is when the next pass may fetch s: "next pass" when it is due.
func nextCheck(s storage.Source, now time.Time) string {
	if s.Due(now) {
		return "next pass"
	}
	return formatTime(s.NextCheck)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func itemsFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.itemsFeed, "feed", "", "only the items the feed with this `slug` selects")
	fs.IntVar(&e.itemsLimit, "limit", 20, "show at most `n` items")
	fs.BoolVar(&e.itemsJSON, "json", false, "print a JSON array")
}

// jsonItem is the shape of `veille items -json`; scripts depend on it.
type jsonItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Link      string   `json:"link"`
	Source    string   `json:"source"`
	Published *string  `json:"published"` // RFC 3339, null when unknown
	Summary   string   `json:"summary"`
	Feeds     []string `json:"feeds"`
}

func runItems(ctx context.Context, e *env) error {
	if e.itemsLimit <= 0 {
		return usageError("items: -limit must be positive")
	}
	return e.withApp(ctx, func(a *app) error {
		if e.itemsFeed != "" && !slices.ContainsFunc(a.feeds, func(f curatedFeed) bool { return f.Slug == e.itemsFeed }) {
			return usageError("items: no feed with slug %q in %s", e.itemsFeed, e.configPath)
		}
		entries, err := a.store.Entries(ctx, storage.Query{Feed: e.itemsFeed, Limit: e.itemsLimit})
		if err != nil {
			return err
		}
		if e.itemsJSON {
			return writeItemsJSON(e, entries)
		}
		for _, en := range entries {
			fmt.Fprintf(e.stdout, "%s  %s  %s\n    %s\n", formatTime(en.Published), en.SourceName, en.Title, en.Link)
		}
		return nil
	})
}

func writeItemsJSON(e *env, entries []storage.Entry) error {
	items := make([]jsonItem, len(entries))
	for i, en := range entries {
		items[i] = jsonItem{ID: en.UID, Title: en.Title, Link: en.Link, Source: en.SourceName,
			Summary: en.Summary, Feeds: []string{}}
		if !en.Published.IsZero() {
			p := en.Published.UTC().Format(time.RFC3339)
			items[i].Published = &p
		}
		for _, m := range en.Matches {
			items[i].Feeds = append(items[i].Feeds, m.Feed)
		}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(items)
}
