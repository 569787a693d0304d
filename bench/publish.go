package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	_ "modernc.org/sqlite" // the driver storage uses, for the direct inserts of Fill

	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/summary"
)

// fillSources is how many sources the filled entries are spread over.
const fillSources = 20

// fillBatch is how many entries one transaction of Fill inserts.
const fillBatch = 10_000

// FillSpacing is the time between two filled entries, the newest inserted
// last, as in real life: 10^6 entries span 81 days, within the 90 days of
// config.yaml's retention, so a pass into them prunes nothing, and the
// story window (the last 72 hours) holds 37,000 entries, 2,645 of them
// selected.
const FillSpacing = 7 * time.Second

// fillAIEvery makes one filled entry in 14 selected by Feed.
const fillAIEvery = 14

// FillSelected returns how many of n filled entries Feed selects.
func FillSelected(n int) int { return (n + fillAIEvery - 1) / fillAIEvery }

// FillResult is what a Fill did.
type FillResult struct {
	Rows int // entries inserted
	Wall time.Duration
}

// Fill inserts entries from..to-1 into the database at path, whose schema
// storage.Open has created, with direct SQL in large transactions: entry i
// is published at epoch + i × FillSpacing, and one entry in 14 is about AI
// and selected by Feed, a story of its own (story = its ID, lead). The
// entries are farm articles, stored as the aggregator stores them (Summary
// is summary.Clean of summary.Text of the HTML), with identities of their
// own.
func Fill(ctx context.Context, path string, from, to int, epoch time.Time) (FillResult, error) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=synchronous(OFF)"+
		"&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return FillResult{}, fmt.Errorf("fill: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	start := time.Now()
	for s := range fillSources {
		if _, err := db.ExecContext(ctx, `INSERT INTO sources (id, name, url) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, s+1_000_000, fmt.Sprintf("Archive %02d", s),
			fmt.Sprintf("https://archive%02d.example/rss", s)); err != nil {
			return FillResult{}, fmt.Errorf("fill sources: %w", err)
		}
	}
	pool := newFillPool()
	for lo := from; lo < to; lo += fillBatch {
		if err := fillBatchTx(ctx, db, pool, lo, min(lo+fillBatch, to), epoch); err != nil {
			return FillResult{}, fmt.Errorf("fill entries %d-%d: %w", lo, min(lo+fillBatch, to), err)
		}
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return FillResult{}, fmt.Errorf("fill checkpoint: %w", err)
	}
	return FillResult{Rows: max(0, to-from), Wall: time.Since(start)}, nil
}

func fillBatchTx(ctx context.Context, db *sql.DB, pool *fillPool, lo, hi int, epoch time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	ins, err := tx.PrepareContext(ctx, `INSERT INTO entries (uid, source_id, guid, link, title, summary,
		author, categories, published, updated, fetched, sort_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	sel, err := tx.PrepareContext(ctx, `INSERT INTO selections (feed, entry_id, sort_time, terms, story, lead)
		VALUES (?, ?, ?, ?, ?, 1)`)
	if err != nil {
		return err
	}
	defer sel.Close()
	for i := lo; i < hi; i++ {
		selected := i%fillAIEvery == 0
		row := pool.row(i, selected)
		published := epoch.Add(time.Duration(i) * FillSpacing)
		link := fmt.Sprintf("https://archive%02d.example/articles/%09d.html", i%fillSources, i)
		res, err := ins.ExecContext(ctx, fmt.Sprintf("urn:uuid:00000000-0000-5000-8000-%012d", i),
			1_000_000+i%fillSources, link, link, row.title, row.summary, row.author, row.categories,
			published.Unix(), published.Add(5*time.Minute).Unix(), published.Unix())
		if err != nil {
			return err
		}
		if !selected {
			continue
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := sel.ExecContext(ctx, Feed, id, published.Unix(), `["IA"]`, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// fillPool holds farm articles ready to store, AI and not: 500 and 4,500,
// so that the 2,645 selected entries of a story window repeat each text
// about five times.
type fillPool struct {
	ai, other []fillRow
}

type fillRow struct {
	title, summary, author, categories string
}

func newFillPool() *fillPool {
	p := &fillPool{}
	for s := range 100 {
		g := generator{seed: 7, source: s, lang: english, host: fmt.Sprintf("archive%02d.example", s),
			spacing: articleSpacing}
		if s%5 < 3 {
			g.lang = french
		}
		for k := range 50 {
			a := g.article(k, g.report(k), false)
			categories, _ := json.Marshal(a.categories) // a []string always marshals
			r := fillRow{title: a.title, summary: summary.Clean(summary.Text(a.html)), author: a.author,
				categories: string(categories)}
			if a.ai {
				p.ai = append(p.ai, r)
			} else {
				p.other = append(p.other, r)
			}
		}
	}
	return p
}

func (p *fillPool) row(i int, ai bool) fillRow {
	if ai {
		return p.ai[i%len(p.ai)]
	}
	return p.other[i%len(p.other)]
}

// PublishResult is the cost of Pipeline.Publish, as `veille publish` runs
// it, from a database of Entries entries: Store.Stories for each feed's
// newest stories, render, files written. Store.Stories of Feed is also
// timed alone.
type PublishResult struct {
	Entries, Selected int // in the database
	Returned          int // items in the published Feed
	RSSBytes          int // size of the rendered RSS of Feed
	DBBytes           int64
	Fill              FillResult // how the database was filled to Entries

	Runs             int
	First            time.Duration // the first run after the fill
	Median, P95, Max time.Duration // Pipeline.Publish
	QueryMedian      time.Duration // Store.Stories of Feed alone
	Others           time.Duration // CPU the rest of the machine used meanwhile; 0 when unknown
}

// MeasurePublish runs p.Publish runs times, then Store.Stories of Feed
// with limit runs times, and returns the last Site published.
func MeasurePublish(ctx context.Context, p *pipeline.Pipeline, limit, runs int) (PublishResult, *pipeline.Site, error) {
	runs = max(runs, 1)
	var res PublishResult
	var site *pipeline.Site
	busy0, _, machine0 := machineCPU()
	cpu0, _ := usage()
	total := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		var err error
		if site, err = p.Publish(ctx); err != nil {
			return res, nil, err
		}
		total = append(total, time.Since(start))
	}
	queries := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		if _, err := p.Store().Stories(ctx, Feed, limit); err != nil {
			return res, nil, err
		}
		queries = append(queries, time.Since(start))
	}
	cpu1, _ := usage()
	if busy1, _, machine1 := machineCPU(); machine0 && machine1 {
		res.Others = max(0, busy1-busy0-(cpu1-cpu0))
	}
	out := site.Feeds[Feed]
	if out == nil {
		return res, nil, fmt.Errorf("publish: no feed %q", Feed)
	}
	res.Runs = runs
	res.First = total[0]
	res.Median, res.P95, res.Max = quantile(total, 0.5), quantile(total, 0.95), slices.Max(total)
	res.QueryMedian = quantile(queries, 0.5)
	res.RSSBytes = len(out.RSS)
	var err error
	if res.Returned, err = jsonFeedItems(out.JSON); err != nil {
		return res, nil, err
	}
	return res, site, nil
}

// quantile returns the q-quantile of ds (nearest rank); ds is sorted in
// place.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(q*float64(len(ds))+0.5) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}
