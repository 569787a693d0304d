package main

import (
	"context"
	"flag"
	"fmt"
	"slices"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/storage"
)

func decideFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.itemsFeed, "feed", "", "decide for the feed with this `slug` (required when there are several)")
}

// Editor's verdicts, as the commands are named.
const (
	verdictSelect = "select"
	verdictReject = "reject"
	verdictReset  = "reset"
)

// runDecide returns the command that records the editor's verdict on one
// item for one feed, and publishes at once: the files change before the
// command returns, and a running daemon serves them within seconds (see
// daemon.watch).
func runDecide(verdict string) func(context.Context, *env) error {
	return func(ctx context.Context, e *env) error {
		if len(e.args) != 1 {
			return usageError("%s: want one item ID, as 'veille items' prints it", verdict)
		}
		return e.withApp(ctx, func(a *app) error {
			feed, err := decisionFeed(a.cfg, verdict, e.itemsFeed, e.configPath)
			if err != nil {
				return err
			}
			id, uid, err := a.store.FindEntry(ctx, e.args[0])
			if err != nil {
				// Naming the wrong item is a command line mistake.
				return &exitError{code: 2, err: fmt.Errorf("%s: %w", verdict, err)}
			}
			switch verdict {
			case verdictReset:
				err = a.p.Reset(ctx, feed, id)
			default:
				err = a.store.Decide(ctx, feed, id, verdict == verdictSelect, a.now())
			}
			if err != nil {
				return err
			}
			if _, err := a.p.Publish(ctx); err != nil {
				return err
			}
			done := map[string]string{verdictSelect: "selected by the editor", verdictReject: "rejected by the editor",
				verdictReset: "back to the automatic decision"}[verdict]
			fmt.Fprintf(e.stdout, "%s: %s %s; published\n", feed, itemRef(uid), done)
			return nil
		})
	}
}

// decisionFeed returns the feed a decision is for: the one -feed names,
// or the only one configured.
func decisionFeed(cfg *config.Config, verdict, slug, path string) (string, error) {
	if slug == "" {
		if len(cfg.Feeds) == 1 {
			return cfg.Feeds[0].Slug, nil
		}
		return "", usageError("%s: -feed is required with several feeds in %s", verdict, path)
	}
	if !slices.ContainsFunc(cfg.Feeds, func(f config.Feed) bool { return f.Slug == slug }) {
		return "", usageError("%s: no feed with slug %q in %s", verdict, slug, path)
	}
	return slug, nil
}

// decisionText reads as "rejected by the editor on 2026-12-03 10:14 UTC".
func decisionText(d storage.Decision) string {
	verdict := "rejected"
	if d.Selected {
		verdict = "selected"
	}
	return verdict + " by the editor on " + formatTime(d.Decided)
}
