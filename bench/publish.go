package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	_ "modernc.org/sqlite" // the driver storage uses, for the direct inserts of Fill

	"github.com/veille-project/veille/publisher"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/summary"
)

// FeedMeta is the curated feed the benchmark publishes, as config.yaml's
// "ia" feed.
var FeedMeta = publisher.Feed{
	Slug:          Feed,
	Title:         "Veille IA",
	Description:   "L'actualité de l'intelligence artificielle, en français et en anglais, choisie par veille.",
	Language:      "fr",
	BaseURL:       "http://localhost:8080/",
	SummaryLength: 400,
}

// PublishLimit is how many entries a published feed holds.
const PublishLimit = 50

// fillSources is how many sources the filled entries are spread over.
const fillSources = 20

// fillBatch is how many entries one transaction of Fill inserts.
const fillBatch = 10_000

// fillEpoch is the publication time of filled entry 0; entry i is
// fillSpacing later, so the newest entries are the last inserted, as in
// real life.
var fillEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const fillSpacing = 30 * time.Second

// FillResult is what a Fill did.
type FillResult struct {
	Rows int // entries inserted
	Wall time.Duration
}

// Fill inserts entries from..to-1 into the database at path, whose schema
// storage.Open has created, with direct SQL in large transactions: one
// entry in ten is about AI and selected by Feed. The entries are the
// farm's articles, stored as the aggregator stores them (Summary is
// summary.Text of the HTML), with identities of their own.
func Fill(ctx context.Context, path string, from, to int) (FillResult, error) {
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
		if err := fillBatchTx(ctx, db, pool, lo, min(lo+fillBatch, to)); err != nil {
			return FillResult{}, fmt.Errorf("fill entries %d-%d: %w", lo, min(lo+fillBatch, to), err)
		}
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return FillResult{}, fmt.Errorf("fill checkpoint: %w", err)
	}
	return FillResult{Rows: max(0, to-from), Wall: time.Since(start)}, nil
}

func fillBatchTx(ctx context.Context, db *sql.DB, pool *fillPool, lo, hi int) error {
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
	sel, err := tx.PrepareContext(ctx, `INSERT INTO selections (feed, entry_id, sort_time, terms) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer sel.Close()
	for i := lo; i < hi; i++ {
		selected := i%aiEvery == 0
		row := pool.row(i, selected)
		published := fillEpoch.Add(time.Duration(i) * fillSpacing)
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
		if _, err := sel.ExecContext(ctx, Feed, id, published.Unix(), `["IA"]`); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// fillPool holds farm articles ready to store, AI and not.
type fillPool struct {
	ai, other []fillRow
}

type fillRow struct {
	title, summary, author, categories string
}

func newFillPool() *fillPool {
	p := &fillPool{}
	for s := range 20 {
		g := generator{seed: 7, source: s, french: s%5 < 3, host: fmt.Sprintf("archive%02d.example", s),
			epoch: fillEpoch, spacing: articleSpacing}
		for k := range 50 {
			a := g.article(k)
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

// PublishResult is the cost of publishing Feed from a database of Entries
// entries: storage.Entries for the newest PublishLimit selected entries,
// then publisher.Render, timed together over several runs.
type PublishResult struct {
	Entries, Selected int // in the database
	Returned          int // entries the query returned
	RSSBytes          int // size of the rendered RSS
	DBBytes           int64
	Fill              FillResult // how the database was filled to Entries

	Runs                      int
	First                     time.Duration // the first run after the fill
	Median, P95, Max          time.Duration // query and render
	QueryMedian, RenderMedian time.Duration
	Others                    time.Duration // CPU the rest of the machine used meanwhile; 0 when unknown
}

// MeasurePublish queries and renders Feed from store runs times.
func MeasurePublish(ctx context.Context, store *storage.Store, runs int, now time.Time) (PublishResult, *publisher.Output, error) {
	runs = max(runs, 1)
	var res PublishResult
	var out *publisher.Output
	busy0, _, machine0 := machineCPU()
	cpu0, _ := usage()
	total := make([]time.Duration, 0, runs)
	queries := make([]time.Duration, 0, runs)
	renders := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		entries, err := store.Entries(ctx, storage.Query{Feed: Feed, Limit: PublishLimit})
		if err != nil {
			return res, nil, err
		}
		queried := time.Now()
		out, err = publisher.Render(FeedMeta, entries, now)
		if err != nil {
			return res, nil, err
		}
		end := time.Now()
		total = append(total, end.Sub(start))
		queries = append(queries, queried.Sub(start))
		renders = append(renders, end.Sub(queried))
		res.Returned = len(entries)
	}
	cpu1, _ := usage()
	if busy1, _, machine1 := machineCPU(); machine0 && machine1 {
		res.Others = max(0, busy1-busy0-(cpu1-cpu0))
	}
	res.Runs = runs
	res.First = total[0]
	res.Median, res.P95, res.Max = quantile(total, 0.5), quantile(total, 0.95), slices.Max(total)
	res.QueryMedian, res.RenderMedian = quantile(queries, 0.5), quantile(renders, 0.5)
	res.RSSBytes = len(out.RSS)
	return res, out, nil
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
