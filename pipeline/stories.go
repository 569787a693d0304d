package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/stories"
)

// groupingVersion names how stories are grouped: a change of the technique
// or its options makes every feed's stories computed again, once.
var groupingVersion = fmt.Sprintf("index-6 threshold=%g window=%s", stories.DefaultThreshold, stories.DefaultWindow)

// learnedEntries is how many of a source's latest stored entries its
// boilerplate is learned from: enough to see a tagline many times, few
// enough that learning costs a few milliseconds a source.
const learnedEntries = 100

// storyFinder places the entries each feed selects into stories as they
// are stored. Per feed, it indexes the stored selections that a new entry
// could join: those within the grouping window of it, read from the
// database when an entry first needs them. Per source, it learns what the
// source repeats across its items, from its latest stored entries and from
// each fetch before it is stored.
type storyFinder struct {
	store   *storage.Store
	ctx     context.Context
	indexes map[string]*feedIndex
	// stored reports whether the feeds' selections are read from the
	// store; Regroup hands them over itself.
	stored bool
	// alone holds, by feed, the entries an editor took out of their
	// story, for Regroup.
	alone       map[string]map[int64]bool
	boilerplate *stories.Boilerplate
	learned     map[int64]bool // the sources whose stored entries were learned
	err         error          // the first failure to learn, returned by place
}

// feedIndex is one feed's index, holding every stored selection sorted at
// or after from.
type feedIndex struct {
	x    *stories.Index
	from time.Time // zero: nothing read yet
}

func newStoryFinder(ctx context.Context, store *storage.Store) *storyFinder {
	return &storyFinder{store: store, ctx: ctx, indexes: map[string]*feedIndex{}, stored: true,
		boilerplate: stories.NewBoilerplate(), learned: map[int64]bool{}}
}

// place is a storage.Placer.
func (f *storyFinder) place(feed string, e *veille.Item, same *storage.SameLink) (storage.Placement, error) {
	if f.err != nil {
		return storage.Placement{}, f.err
	}
	fi := f.indexes[feed]
	if fi == nil {
		fi = &feedIndex{x: stories.NewIndex(stories.Options{Boilerplate: f.boilerplate})}
		f.indexes[feed] = fi
	}
	t := e.SortTime()
	if err := f.cover(feed, fi, t.Add(-stories.DefaultWindow)); err != nil {
		return storage.Placement{}, err
	}
	if err := f.learn(e.SourceID); err != nil {
		return storage.Placement{}, err
	}
	doc := stories.Doc{Title: e.Title, Summary: e.Summary, Published: t, Source: sourceKey(e.SourceID)}
	// Regroup sees the entries in order: each is learned as it comes, as
	// it was by the pass that stored it.
	f.boilerplate.Learn(e.UID, doc)
	switch {
	case f.alone[feed][e.ID]:
		fi.x.Alone(e.ID, doc)
		return storage.Placement{Story: e.ID, Lead: true}, nil
	case same != nil:
		// Another source lists the same link: one story, whatever the
		// texts; which source is credited is decided when it is read
		// (see credit).
		fi.x.Attach(e.ID, same.Story, doc, same.Lead, same.LeadTime)
		return storage.Placement{Story: same.Story, Link: same.Entry, Score: 1, Evidence: sameLinkEvidence}, nil
	}
	p := fi.x.Place(e.ID, doc)
	out := storage.Placement{Story: p.Story, Link: p.Link, Score: p.Score, Lead: p.Lead, Former: p.Former}
	if p.Link != 0 {
		ev, err := json.Marshal(evidence{Evidence: p.Evidence})
		if err != nil {
			return storage.Placement{}, err
		}
		out.Evidence = string(ev)
	}
	return out, nil
}

// evidence is the JSON of storage.Placement.Evidence: what stories found
// shared, or that the two entries have the same link.
type evidence struct {
	stories.Evidence
	SameLink bool `json:"same_link,omitempty"`
}

var sameLinkEvidence = `{"same_link":true}`

// sourceKey names a source in stories.Doc.
func sourceKey(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// learn reads the latest stored entries of a source into the boilerplate,
// once per finder.
func (f *storyFinder) learn(sourceID int64) error {
	if f.store == nil || sourceID == 0 || f.learned[sourceID] {
		return nil
	}
	f.learned[sourceID] = true
	texts, err := f.store.SourceTexts(f.ctx, sourceID, learnedEntries)
	if err != nil {
		return err
	}
	source := sourceKey(sourceID)
	for _, t := range texts {
		f.boilerplate.Learn(t.UID, stories.Doc{Title: t.Title, Summary: t.Summary, Source: source})
	}
	return nil
}

// learnFetch learns from a source's stored entries and from entries, its
// fetch about to be stored. A failure is returned by the next place.
func (f *storyFinder) learnFetch(sourceID int64, entries []veille.Item) {
	if f.err == nil {
		f.err = f.learn(sourceID)
	}
	source := sourceKey(sourceID)
	for i := range entries {
		e := &entries[i]
		f.boilerplate.Learn(e.UID, stories.Doc{Title: e.Title, Summary: e.Summary, Source: source})
	}
}

// cover reads into fi the stored selections of feed sorted from since on
// that it does not hold yet, having learned their sources' boilerplate.
func (f *storyFinder) cover(feed string, fi *feedIndex, since time.Time) error {
	if !f.stored || !fi.from.IsZero() && !since.Before(fi.from) {
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
		if err := f.learn(d.SourceID); err != nil {
			return err
		}
	}
	for _, d := range docs {
		fi.x.Add(d.ID, d.Story, stories.Doc{Title: d.Title, Summary: d.Summary, Published: d.SortTime,
			Source: sourceKey(d.SourceID)}, d.Lead)
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
		finder := newStoryFinder(ctx, p.store)
		finder.stored = false
		alone, err := p.store.Unmerged(ctx, f.Slug)
		if err != nil {
			return err
		}
		finder.alone = map[string]map[int64]bool{f.Slug: alone}
		if err := p.store.Regroup(ctx, f.Slug, groupingVersion, finder.place); err != nil {
			return err
		}
		p.log.Info("stories grouped", "feed", f.Slug, "duration", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
