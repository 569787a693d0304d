package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/internal/setup"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/storage"
)

// Feed is the slug of the curated feed of config.yaml whose selections the
// benchmark checks: the farm's AI items are exactly what it selects.
const Feed = "ia"

// ShippedConfig returns the path of the config.yaml at the root of the
// module, found from the working directory up: `go test ./bench` runs in
// bench/, `go run ./bench/cmd/veille-bench` at the root.
func ShippedConfig() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		_, errMod := os.Stat(filepath.Join(dir, "go.mod"))
		path := filepath.Join(dir, "config.yaml")
		if _, err := os.Stat(path); err == nil && errMod == nil {
			return path, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no config.yaml beside a go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// FarmConfig loads the configuration at path, as `veille fetch` does, and
// points it at a farm: its sources become the farm's first sources (names
// SourceName(i), URLs FeedURL), its database db and its output folder out.
// Everything else (feeds, lexicon, retention, fetch settings) stays as
// shipped, but for the feeds' from and always: they name shipped sources,
// which the farm's are not, and the farm's items are about AI or not by
// their words alone, which is what the benchmark checks.
func FarmConfig(path, farmURL string, sources int, db, out string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	cfg.Sources = make([]config.Source, sources)
	for i := range cfg.Sources {
		cfg.Sources[i] = config.Source{Name: SourceName(i), URL: FeedURL(farmURL, i)}
	}
	for i := range cfg.Feeds {
		cfg.Feeds[i].From, cfg.Feeds[i].Always = nil, nil
	}
	cfg.Database, cfg.OutputDir = db, out
	return cfg, nil
}

// feedLimit returns the limit of the feed with slug in cfg, 0 if none.
func feedLimit(cfg *config.Config, slug string) int {
	for _, f := range cfg.Feeds {
		if f.Slug == slug {
			return f.Limit
		}
	}
	return 0
}

// PassConfig describes one pass of the pipeline over a farm.
type PassConfig struct {
	Scenario string // a label: "first", "unchanged", "changed"
	// Config is the configuration file the pass runs with, its sources
	// replaced by the farm's; default ShippedConfig.
	Config  string
	DB      string // the database file; created when missing
	FarmURL string // the base URL the farm is served at
	Sources int    // sources 0..Sources-1 of the farm are fetched
	// OutputDir is where the pass publishes; default DB + ".public", so
	// that the passes over one database find what the previous one wrote.
	OutputDir  string
	CPUProfile string // when set, a CPU profile of the pass is written there
	// Log receives the pipeline's warnings (failed sources); nil discards
	// them.
	Log io.Writer
}

// PassResult is what one pass measured. Durations are in nanoseconds in
// JSON, which is how a child process hands it to its parent.
type PassResult struct {
	Scenario string
	Sources  int
	// Outcomes of the sources, from the pass's report.
	OK, NotModified, Failed int
	Items                   int // items in the feeds fetched with 200
	New                     int // entries stored by the pass
	Entries                 int // entries in the database after the pass
	Selected                int // entries Feed selects after the pass
	Stories                 int // stories those entries make
	// Published is how many items Feed's JSON Feed file holds after the
	// pass: the pass wrote it if it published.
	Published int

	Wall   time.Duration // Pipeline.Pass alone
	CPU    time.Duration // user+sys of the process during Pass
	MaxRSS int64         // peak resident set of the process, bytes; 0 when unknown
	// Isolated is true when the pass ran in a process of its own, so that
	// MaxRSS is the pass's peak and not that of everything before it.
	Isolated bool

	DBBytes, WALBytes int64 // the database file and its -wal, right after the pass

	// Others is the CPU time the rest of the machine used during Pass: the
	// farm's server, and any other program, which then slowed the pass
	// down. IOWait is the time CPUs sat idle waiting for the disk. Both
	// are zero when unknown.
	Others, IOWait time.Duration
}

// RunPass runs one pass as `veille fetch` does: it loads the configuration
// with the farm's sources (FarmConfig), opens the database, builds the
// pipeline with setup.Options and pipeline.New, and runs Pipeline.Pass:
// fetch, store, classify, group into stories, publish, prune. Only Pass is
// timed.
func RunPass(ctx context.Context, pc PassConfig) (*PassResult, error) {
	if pc.Config == "" {
		var err error
		if pc.Config, err = ShippedConfig(); err != nil {
			return nil, err
		}
	}
	if pc.OutputDir == "" {
		pc.OutputDir = pc.DB + ".public"
	}
	p, err := openPipeline(ctx, pc)
	if err != nil {
		return nil, err
	}
	store := p.Store()
	defer store.Close()

	var stopProfile func() error
	if pc.CPUProfile != "" {
		if stopProfile, err = startCPUProfile(pc.CPUProfile); err != nil {
			return nil, err
		}
	}
	busy0, io0, machine0 := machineCPU()
	cpu0, _ := usage()
	start := time.Now()
	report, err := p.Pass(ctx, pipeline.PassOptions{})
	wall := time.Since(start)
	cpu1, maxRSS := usage()
	busy1, io1, machine1 := machineCPU()
	if stopProfile != nil {
		if perr := stopProfile(); err == nil && perr != nil {
			err = perr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("pass %s: %w", pc.Scenario, err)
	}

	res := &PassResult{
		Scenario:    pc.Scenario,
		Sources:     len(report.Results),
		OK:          report.Count(storage.StatusOK),
		NotModified: report.Count(storage.StatusNotModified),
		Failed: len(report.Results) - report.Count(storage.StatusOK) -
			report.Count(storage.StatusNotModified),
		New:    report.New(),
		Wall:   wall,
		CPU:    cpu1 - cpu0,
		MaxRSS: maxRSS,
	}
	if machine0 && machine1 {
		res.Others, res.IOWait = max(0, busy1-busy0-res.CPU), io1-io0
	}
	for _, r := range report.Results {
		if r.Status == storage.StatusOK {
			res.Items += r.Items
		}
	}
	res.DBBytes, res.WALBytes = fileSize(pc.DB), fileSize(pc.DB+"-wal")
	if res.Entries, err = store.EntryCount(ctx); err != nil {
		return nil, err
	}
	counts, err := store.SelectionCounts(ctx)
	if err != nil {
		return nil, err
	}
	res.Selected = counts[Feed]
	if res.Stories, err = countStories(ctx, pc.DB); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(pc.OutputDir, Feed+".json"))
	if err != nil {
		return nil, fmt.Errorf("read the published feed: %w", err)
	}
	if res.Published, err = jsonFeedItems(b); err != nil {
		return nil, err
	}
	return res, nil
}

// openPipeline opens pc's database and builds the pipeline of a pass of
// pc on it, as `veille fetch` does. The caller closes p.Store().
func openPipeline(ctx context.Context, pc PassConfig) (*pipeline.Pipeline, error) {
	logOut := pc.Log
	if logOut == nil {
		logOut = io.Discard
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg, err := FarmConfig(pc.Config, pc.FarmURL, pc.Sources, pc.DB, pc.OutputDir)
	if err != nil {
		return nil, err
	}
	store, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	opts, err := setup.Options(cfg, time.Now(), "veille-bench")
	if err == nil {
		var p *pipeline.Pipeline
		if p, err = pipeline.New(store, logger, opts); err == nil {
			return p, nil
		}
	}
	store.Close()
	return nil, err
}

// countStories returns how many stories Feed's selections make in the
// database at path: distinct values of selections.story, which no method
// of storage.Store returns.
func countStories(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, fmt.Errorf("count stories: %w", err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(DISTINCT story) FROM selections WHERE feed = ?`, Feed).Scan(&n); err != nil {
		return 0, fmt.Errorf("count stories: %w", err)
	}
	return n, nil
}

// jsonFeedItems returns how many items a JSON Feed document holds.
func jsonFeedItems(b []byte) (int, error) {
	var doc struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return 0, fmt.Errorf("read the published feed: %w", err)
	}
	return len(doc.Items), nil
}

func startCPUProfile(path string) (stop func() error, err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}

// fileSize returns the size of the file at path, 0 when there is none.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
