// Package aggregator runs fetch passes: it fetches every source over HTTP
// (conditionally, with a timeout and a body cap), parses the feeds with
// gofeed, normalizes their items into storage entries and stores them.
//
// Fetching and parsing run concurrently; storing is funneled to the one
// goroutine that called Run, because SQLite has a single writer.
package aggregator

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/storage"
)

// Options tune an Aggregator. The zero value of each field picks the default.
type Options struct {
	Timeout     time.Duration // whole request, body included; default 20s
	Concurrency int           // sources fetched at once; default 8
	UserAgent   string        // default "veille"
	MaxBody     int64         // largest accepted body, after decompression; default 10 MiB
	// BackoffBase is the wait after a first failure; it doubles with each
	// consecutive failure, up to a day. Default one minute.
	BackoffBase time.Duration
	// MaxAge skips the items published longer ago than this that no feed
	// selects, so that what retention pruned is not stored again on every
	// pass; 0 keeps every item.
	MaxAge time.Duration
	// MaxNewPerSource caps the entries one source adds in one pass, the
	// newest kept, so that a feed rotating its GUIDs, whose every item is
	// new on every pass, cannot grow the database by its whole size each
	// time. Zero or less means no cap.
	MaxNewPerSource int
	// Classify returns the curated feeds that select a new entry, and why.
	// It is called from several goroutines at once. Nil selects nothing.
	Classify func(e *veille.Item) []veille.Match
	// Place finds the story of each new entry a feed selects, as it is
	// stored; see storage.Placer. Nil starts a story for each.
	Place storage.Placer
	// Seen, if not nil, is given each fetch's entries just before they are
	// stored and placed, on the goroutine that stores them: what a source
	// repeats across its items is learned from the whole fetch before its
	// first items are compared.
	Seen func(sourceID int64, entries []veille.Item)
	// AllowPrivateNetworks lets requests that leave a source's own host (a
	// redirect, or a move followed to another host) connect to loopback,
	// private, link-local and other non-public addresses. A source's host,
	// as configured, is trusted whatever its address.
	AllowPrivateNetworks bool
	// FollowMoves says which permanent moves (301, 308) of a source later
	// passes follow, fetching the new URL instead of the configured one:
	// FollowSameHost (the default, also for ""), FollowAny or FollowNever.
	// Every move is recorded, to be shown, whether followed or not.
	FollowMoves string
	// Now returns the current time; default time.Now. Tests set it.
	Now func() time.Time
	// Progress, if set, is called after each source is stored, with how
	// far the pass is. It runs on the goroutine that called Run. `veille
	// fetch` draws its progress line with it.
	Progress func(Progress)
}

// Progress is how far a pass is, after one more source was stored.
type Progress struct {
	Done, Total int
	Last        Result // the source just stored
	// Pending names the first sources not stored yet (at most five), in
	// the pass's order: on a slow pass, the ones it waits for. There are
	// Total-Done of them in all.
	Pending []string
}

// The values of Options.FollowMoves.
const (
	// FollowSameHost follows a move within the configured URL's host, as
	// outbound.SameHost has it (http to https included), and no other.
	FollowSameHost = "same-host"
	// FollowAny follows every move, to any host. The new URL is still
	// not trusted: it gets the checks of a redirect.
	FollowAny = "any"
	// FollowNever always fetches the configured URL.
	FollowNever = "never"
)

// Aggregator fetches sources into a Store. It is safe for concurrent use,
// but passes should not overlap: the daemon serializes them.
type Aggregator struct {
	store  *storage.Store
	log    *slog.Logger
	opts   Options
	client *http.Client
	parser *gofeed.Parser // stateless, shared by the workers
	// parsing bounds the fetches parsed and normalized at once to the
	// CPUs: more fetches may wait on the network, but each parse holds
	// several times its feed's size, and running more of them than there
	// are CPUs only adds to the peak memory of a pass.
	parsing chan struct{}
}

// New returns an Aggregator storing into store and logging to logger.
func New(store *storage.Store, logger *slog.Logger, opts Options) *Aggregator {
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "veille"
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 10 << 20
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	parser := gofeed.NewParser()
	// Nothing uses an item's image, and looking for one in its HTML parses
	// every description once more: a tenth of a first pass's CPU.
	parser.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	parser.JSONTranslator = &jsonTranslator{} // each item's language, which gofeed drops
	parser.AtomTranslator = &atomTranslator{} // each entry's web page, of its alternate links
	return &Aggregator{
		parsing: make(chan struct{}, runtime.GOMAXPROCS(0)),
		store:   store,
		log:     logger,
		opts:    opts,
		client:  newClient(opts),
		parser:  parser,
	}
}

// Result is the outcome of one source in a pass.
type Result struct {
	Source   string
	URL      string
	Status   string // storage.StatusOK, StatusNotModified, StatusError or StatusGone
	Err      error  // with StatusError and StatusGone
	Items    int    // items in the feed
	Skipped  int    // of those, how many were older than Options.MaxAge and left out
	New      int    // entries stored for the first time
	Dropped  int    // new entries left out by Options.MaxNewPerSource
	Selected int    // of those, how many a curated feed selects
	Duration time.Duration
}

// Report sums up a pass.
type Report struct {
	Start, End time.Time
	Results    []Result // in the order sources were given
}

// Failed returns how many sources failed.
func (r *Report) Failed() int { return r.Count(storage.StatusError) }

// Count returns how many sources ended with status.
func (r *Report) Count(status string) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == status {
			n++
		}
	}
	return n
}

// Selected returns how many of the new entries a curated feed selects.
func (r *Report) Selected() int {
	n := 0
	for _, res := range r.Results {
		n += res.Selected
	}
	return n
}

// New returns how many entries the pass stored for the first time.
func (r *Report) New() int {
	n := 0
	for _, res := range r.Results {
		n += res.New
	}
	return n
}

// Run fetches sources and stores what they hold. A failing source is
// recorded on its row, logged once and reported; it never stops the pass. Run
// returns an error only when the pass itself could not go on (the database
// failed, or ctx was canceled); what was stored before that stays stored.
func (a *Aggregator) Run(ctx context.Context, sources []storage.Source) (*Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	report := &Report{Start: a.opts.Now(), Results: make([]Result, len(sources))}

	jobs := make(chan int)
	done := make(chan fetched)
	var wg sync.WaitGroup
	for range min(a.opts.Concurrency, len(sources)) {
		wg.Go(func() {
			for i := range jobs {
				select {
				case done <- a.fetchSource(ctx, sources[i], i):
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for i := range sources {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	var err error
	stored := 0
	var batch []fetched
	var pending *pendingSources
	if a.opts.Progress != nil {
		pending = newPendingSources(sources)
	}
	for f := range done {
		if err != nil {
			continue // draining after a failure
		}
		batch = ready(done, append(batch[:0], f))
		if err = a.save(ctx, sources, batch, report.Results); err != nil {
			cancel()
			continue
		}
		for _, f := range batch {
			if stored++; a.opts.Progress != nil {
				pending.done(f.index)
				a.opts.Progress(Progress{Done: stored, Total: len(sources), Last: report.Results[f.index],
					Pending: pending.names()})
			}
		}
	}
	report.End = a.opts.Now()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return report, err
	}
	return report, nil
}

// pendingSources tracks the sources of a pass not stored yet, for
// Options.Progress.
type pendingSources struct {
	sources []storage.Source
	stored  []bool // by index in sources
	first   int    // every source before it is stored
}

func newPendingSources(sources []storage.Source) *pendingSources {
	return &pendingSources{sources: sources, stored: make([]bool, len(sources))}
}

func (p *pendingSources) done(i int) { p.stored[i] = true }

// names lists the pending sources, at most a few: the progress line has
// room for no more, and listing a pass of thousands on each store would
// cost the square of their number.
func (p *pendingSources) names() []string {
	const most = 5
	for p.first < len(p.stored) && p.stored[p.first] {
		p.first++
	}
	var out []string
	for i := p.first; i < len(p.sources) && len(out) < most; i++ {
		if !p.stored[i] {
			out = append(out, p.sources[i].Name)
		}
	}
	return out
}

// maxBatch bounds the fetches saved in one transaction.
const maxBatch = 32

// ready adds to batch the fetches done already has, without waiting, up to
// maxBatch: the fetches that finished while the last batch was being saved.
func ready(done <-chan fetched, batch []fetched) []fetched {
	for len(batch) < maxBatch {
		select {
		case f, ok := <-done:
			if !ok {
				return batch
			}
			batch = append(batch, f)
		default:
			return batch
		}
	}
	return batch
}

// save stores a batch of fetched sources in one transaction and fills in
// their results; only a database failure is an error.
func (a *Aggregator) save(ctx context.Context, sources []storage.Source, batch []fetched, results []Result) error {
	saves := make([]storage.SourceFetch, len(batch))
	for i, f := range batch {
		src := sources[f.index]
		saves[i] = storage.SourceFetch{SourceID: src.ID, Fetch: f.state, Entries: newestFirst(f.entries, a.opts.MaxNewPerSource),
			MaxNew: a.opts.MaxNewPerSource}
		if f.err != nil {
			a.log.Warn("fetch failed", "source", src.Name, "url", a.fetchURL(src), "err", f.err)
		}
		if f.state.Warning != "" {
			a.log.Warn("feed recovered", "source", src.Name, "url", a.fetchURL(src), "warning", f.state.Warning)
		}
		if f.state.MovedTo != "" && f.state.MovedTo != src.MovedTo {
			a.log.Info("source moved permanently", "source", src.Name, "url", src.URL, "new_url", f.state.MovedTo,
				"followed", a.follows(src.URL, f.state.MovedTo))
		}
	}
	if a.opts.Seen != nil {
		for _, f := range saves {
			// A fetch without entries (304, a failure) has nothing to
			// learn from, and nothing to place.
			if len(f.Entries) > 0 {
				a.opts.Seen(f.SourceID, f.Entries)
			}
		}
	}
	added, err := a.store.SaveFetches(ctx, saves, a.opts.Place)
	for i, f := range batch {
		src := sources[f.index]
		res := Result{Source: src.Name, URL: a.fetchURL(src), Status: f.state.Status, Items: f.state.Items,
			Skipped: f.state.Skipped, Duration: f.duration, Err: f.err}
		if err == nil {
			res.New, res.Dropped = added[i], saves[i].Dropped
			if res.Dropped > 0 {
				a.log.Warn("too many new entries: the oldest were dropped", "source", src.Name, "url", a.fetchURL(src),
					"new_entries", res.New, "dropped", res.Dropped, "max_new_per_source", a.opts.MaxNewPerSource)
			}
			for _, e := range f.entries {
				// SaveFetches gives an ID to each entry it inserts, and only to those.
				if e.ID != 0 && len(e.Matches) > 0 {
					res.Selected++
				}
			}
			a.log.Debug("fetched", "source", src.Name, "status", res.Status, "items", res.Items,
				"new_entries", res.New, "duration", f.duration.Round(time.Millisecond))
		}
		results[f.index] = res
	}
	return err
}

// newestFirst orders entries newest first when there are more of them than
// the cap, which keeps the first new ones: feeds mostly list their items
// newest first, but nothing obliges them to. Under the cap, the feed's order
// is kept as it is.
func newestFirst(entries []veille.Item, maxNew int) []veille.Item {
	if maxNew <= 0 || len(entries) <= maxNew {
		return entries
	}
	slices.SortStableFunc(entries, func(a, b veille.Item) int { return b.SortTime().Compare(a.SortTime()) })
	return entries
}

// errBodyTooLarge reports a body over Options.MaxBody.
var errBodyTooLarge = errors.New("body exceeds the max_body limit")
