package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/stories"
)

// groupingVersion names how stories are grouped: a change of the technique
// or its options makes every feed's stories computed again, once.
var groupingVersion = fmt.Sprintf("index-1 threshold=%g window=%s", stories.DefaultThreshold, stories.DefaultWindow)

// storyFinder places the entries each feed selects into stories as they
// are stored. Per feed, it indexes the stored selections that a new entry
// could join: those within the grouping window of it, read from the
// database when an entry first needs them.
type storyFinder struct {
	store   *storage.Store
	ctx     context.Context
	indexes map[string]*feedIndex
}

// feedIndex is one feed's index, holding every stored selection sorted at
// or after from.
type feedIndex struct {
	x    *stories.Index
	from time.Time // zero: nothing read yet
}

func newStoryFinder(ctx context.Context, store *storage.Store) *storyFinder {
	return &storyFinder{store: store, ctx: ctx, indexes: map[string]*feedIndex{}}
}

// place is a storage.Placer.
func (f *storyFinder) place(feed string, e *veille.Item, same *storage.SameLink) (storage.Placement, error) {
	fi := f.indexes[feed]
	if fi == nil {
		fi = &feedIndex{x: stories.NewIndex(stories.Options{})}
		f.indexes[feed] = fi
	}
	t := e.SortTime()
	if err := f.cover(feed, fi, t.Add(-stories.DefaultWindow)); err != nil {
		return storage.Placement{}, err
	}
	doc := stories.Doc{Title: e.Title, Summary: e.Summary, Published: t}
	if same != nil {
		// Another source lists the same link: one story, whatever the
		// texts; which source is credited is decided when it is read
		// (see credit).
		fi.x.Attach(e.ID, same.Story, doc, same.Lead, same.LeadTime)
		return storage.Placement{Story: same.Story, Link: same.Entry, Score: 1}, nil
	}
	p := fi.x.Place(e.ID, doc)
	return storage.Placement{Story: p.Story, Link: p.Link, Score: p.Score, Lead: p.Lead, Former: p.Former}, nil
}

// cover reads into fi the stored selections of feed sorted from since on
// that it does not hold yet.
func (f *storyFinder) cover(feed string, fi *feedIndex, since time.Time) error {
	if f.store == nil || !fi.from.IsZero() && !since.Before(fi.from) {
		return nil
	}
	to := fi.from
	if to.IsZero() {
		to = time.Unix(1<<40, 0) // after any sort time
	}
	docs, err := f.store.StoryDocs(f.ctx, feed, since, to)
	if err != nil {
		return err
	}
	for _, d := range docs {
		fi.x.Add(d.ID, d.Story, stories.Doc{Title: d.Title, Summary: d.Summary, Published: d.SortTime}, d.Lead)
	}
	fi.from = since
	return nil
}

// regroup computes again the stories of the feeds whose stories were
// computed otherwise, or not at all: after their selection was recomputed,
// or when the grouping changed.
func (p *Pipeline) regroup(ctx context.Context) error {
	grouped, err := p.store.Grouped(ctx)
	if err != nil {
		return err
	}
	for _, f := range p.feeds {
		if grouped[f.Slug] == groupingVersion {
			continue
		}
		start := time.Now()
		// Regroup reads every selection oldest first, so the finder must
		// not read the stored ones: it would find their old stories.
		finder := newStoryFinder(ctx, nil)
		if err := p.store.Regroup(ctx, f.Slug, groupingVersion, finder.place); err != nil {
			return err
		}
		p.log.Info("stories grouped", "feed", f.Slug, "duration", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
