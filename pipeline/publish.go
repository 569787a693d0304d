package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/publisher"
)

// Site is everything a publish rendered: the index page, each feed and
// each feed's pages.
type Site struct {
	Index []byte
	Feeds map[string]*publisher.Output // by slug
	Pages map[string]publisher.Pages   // by slug
	// Changed lists the URLs of the feed documents whose bytes changed.
	Changed []string
	// Generation is the stored generation the Site was rendered from (see
	// storage.Store.Generation): a server of the Site knows it is stale
	// when the stored one differs, whichever process changed it.
	Generation int64
}

// indexEntries is how many of a feed's latest items the index page lists.
const indexEntries = 20

// Publish renders every feed and the index page from the database, writes
// those whose bytes changed to the output folder (each file replaced
// atomically), hands the Site to Options.OnPublish and tells the WebSub hubs
// which feeds changed.
func (p *Pipeline) Publish(ctx context.Context) (*Site, error) {
	if err := p.prepare(ctx); err != nil {
		return nil, err
	}
	s, err := p.writeSite(ctx)
	if err != nil {
		return nil, err
	}
	p.announce(ctx, s)
	return s, nil
}

// publish is Publish within a pass, whose curation is done.
func (p *Pipeline) publish(ctx context.Context) error {
	s, err := p.writeSite(ctx)
	if err != nil {
		return err
	}
	p.announce(ctx, s)
	return nil
}

// announce hands s to OnPublish, then tells the WebSub hubs what changed: a
// hub fetches a changed feed as soon as it hears of it, so it must be
// served by then. A hub that fails is retried once and logged; its
// subscribers get the change with the next one, so the pass goes on.
func (p *Pipeline) announce(ctx context.Context, s *Site) {
	if p.opts.OnPublish != nil {
		p.opts.OnPublish(s)
	}
	p.removeForgotten()
	if err := p.hubs.Publish(ctx, s.Changed); err != nil {
		p.log.Warn("websub publish failed", "err", err)
	}
}

// writeSite renders every feed and the index page from the database and
// writes them to the output folder, then records what it published.
func (p *Pipeline) writeSite(ctx context.Context) (*Site, error) {
	start := time.Now()
	// Read before rendering: a change stored meanwhile makes the next
	// pass publish again.
	generation, err := p.store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	s := &Site{Feeds: make(map[string]*publisher.Output, len(p.feeds)),
		Pages: make(map[string]publisher.Pages, len(p.feeds))}
	pages := make([]publisher.Page, 0, len(p.feeds))
	for _, f := range p.feeds {
		out, entries, version, err := p.render(ctx, f)
		if err != nil {
			return nil, err
		}
		exts, err := out.WriteFiles(p.opts.OutputDir, f.Slug)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", f.Slug, err)
		}
		if version != nil {
			if err := p.store.SetFeedVersion(ctx, f.Slug, version.hash, version.changed); err != nil {
				return nil, err
			}
		}
		for _, ext := range exts {
			s.Changed = append(s.Changed, out.URL(ext))
		}
		s.Feeds[f.Slug] = out
		// The pages follow the feed's items: a page whose item the feed no
		// longer publishes (retention, an editor's reject, a merge) goes.
		feedPages, err := publisher.RenderPages(p.opts.Site, p.meta(f), entries, p.opts.Templates)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", f.Slug, err)
		}
		written, err := publisher.WritePages(p.opts.OutputDir, f.Slug, feedPages)
		if err != nil {
			return nil, fmt.Errorf("publish %s: %w", f.Slug, err)
		}
		p.log.Debug("pages written", "feed", f.Slug, "pages", len(feedPages), "changed", len(written))
		s.Pages[f.Slug] = feedPages
		p.opts.Metrics.SetFeedItems(f.Slug, len(entries))
		pages = append(pages, publisher.Page{Feed: p.meta(f), Entries: entries[:min(len(entries), indexEntries)]})
	}
	index, err := publisher.RenderIndex(p.opts.Site.Title, pages)
	if err != nil {
		return nil, fmt.Errorf("publish index: %w", err)
	}
	if err := publisher.WriteIndex(p.opts.OutputDir, index); err != nil {
		return nil, fmt.Errorf("publish index: %w", err)
	}
	s.Index, s.Generation = index, generation
	if err := p.store.SetPublished(ctx, p.fingerprint(generation)); err != nil {
		return nil, err
	}
	p.opts.Metrics.ObservePublish(time.Since(start))
	return s, nil
}

// render renders one feed from its stored stories, newest first. The feed
// declares as its update time that of the last publish that changed its
// bytes: the clock only moves it when they change, so that a client asking
// If-Modified-Since is told 304 exactly when it has them. The version to
// record once the files are written is nil when they did not change.
func (p *Pipeline) render(ctx context.Context, f curatedFeed) (*publisher.Output, []veille.Item, *feedVersion, error) {
	entries, err := p.store.Stories(ctx, f.Slug, f.Limit)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("publish %s: %w", f.Slug, err)
	}
	credit(entries)
	meta := p.meta(f)
	// Rendered at a fixed time, the bytes differ only if what they say does.
	probe, err := publisher.RenderAt(meta, entries, time.Unix(0, 0))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("publish %s: %w", f.Slug, err)
	}
	hash := digest(probe)
	last, changed, err := p.store.FeedVersion(ctx, f.Slug)
	if err != nil {
		return nil, nil, nil, err
	}
	var version *feedVersion
	if hash != last || changed.IsZero() {
		// Whole seconds, as HTTP dates have: a change within the second
		// of the last one, or with the clock set back, must still move
		// Last-Modified forward.
		now := p.opts.Now().UTC().Truncate(time.Second)
		if !now.After(changed) {
			now = changed.Add(time.Second)
		}
		changed = now
		version = &feedVersion{hash: hash, changed: changed}
	}
	out, err := publisher.RenderAt(meta, entries, changed)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("publish %s: %w", f.Slug, err)
	}
	p.log.Debug("rendered", "feed", f.Slug, "entries", len(entries), "changed", version != nil)
	return out, entries, version, nil
}

// feedVersion is the version of a feed's bytes: see storage.FeedVersion.
type feedVersion struct {
	hash    string
	changed time.Time
}

// digest returns a hash of the three documents of out.
func digest(out *publisher.Output) string {
	h := sha256.New()
	for _, b := range [][]byte{out.RSS, out.Atom, out.JSON} {
		fmt.Fprintf(h, "%d\n", len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (p *Pipeline) meta(f curatedFeed) publisher.Feed {
	return publisher.Feed{
		Slug:          f.Slug,
		Title:         f.Title,
		Description:   f.Description,
		Language:      f.Language,
		BaseURL:       p.opts.BaseURL,
		SummaryLength: f.SummaryLength,
		TTL:           p.opts.Period,
		Hubs:          p.opts.Hubs,
	}
}

// fingerprint identifies what a publish depends on: the generation of the
// stored selections, every feed's metadata, the index page's title and the
// output folder, the site and its templates. A pass publishes only when it differs from the last
// publish's: it stored something a feed selects, the configuration
// changed, or the last publish was cut short.
func (p *Pipeline) fingerprint(generation int64) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d %q %#v %q\n", generation, p.opts.OutputDir, p.opts.Site, p.opts.Templates.Digest())
	for _, f := range p.feeds {
		fmt.Fprintf(h, "%#v\n", p.meta(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// published reports whether the last publish is still current: made with
// the same feeds' metadata, and its files still in the output folder.
func (p *Pipeline) published(ctx context.Context) (bool, error) {
	last, err := p.store.Published(ctx)
	if err != nil {
		return false, err
	}
	generation, err := p.store.Generation(ctx)
	if err != nil || last != p.fingerprint(generation) {
		return false, err
	}
	names := []string{"index.html"}
	for _, f := range p.feeds {
		names = append(names, f.Slug+".rss", f.Slug+".atom", f.Slug+".json", filepath.Join(f.Slug, "index.html"))
	}
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(p.opts.OutputDir, name)); err != nil {
			return false, nil // missing or unreadable: write it again
		}
	}
	return true, nil
}
