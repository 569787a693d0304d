package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/storage"
)

// Feed is the slug of the curated feed the benchmark selects entries for.
const Feed = "ia"

// Rule returns the benchmark's topic: about 40 terms on artificial
// intelligence in French and English, some guarded, with the threshold of
// the example configuration, like the "ia" feed of config.yaml.
func Rule() curation.Rule {
	include := curation.Terms(
		"intelligence artificielle", "intelligences artificielles", "IA générative", "apprentissage automatique",
		"apprentissage profond", "réseau de neurones", "réseaux de neurones", "modèle de langage",
		"modèles de langage", "grand modèle de langage", "agent conversationnel", "robot conversationnel",
		"hypertrucage", "artificial intelligence", "generative AI", "AGI", "machine learning", "deep learning",
		"neural network", "language model", "large language model", "LLM", "LLMs", "chatbot", "chatbots",
		"deepfake", "computer vision", "OpenAI", "ChatGPT", "GPT-4", "GPT-5", "Sam Altman", "Mistral AI",
		"DeepSeek", "Anthropic", "DeepMind", "Hugging Face", "Midjourney", "AI Act",
	)
	include = append(include,
		curation.Term{Text: "IA", Unless: []string{"Iowa", "Des Moines"}},
		curation.Term{Text: "AI", Unless: []string{"Amnesty"}},
		curation.Term{Text: "Claude", With: []string{"Anthropic", "chatbot", "IA", "AI", "modèle", "model"}},
		curation.Term{Text: "Gemini", With: []string{"Google", "IA", "AI"}, Unless: []string{"horoscope"}},
	)
	return curation.Rule{
		Include:   include,
		Exclude:   curation.Terms("publi-rédactionnel", "contenu sponsorisé", "sponsored content"),
		Threshold: 2,
	}
}

// Classifier returns the aggregator's Classify function for Rule, built as
// cmd/veille builds it: the entry's title, summary and categories are
// matched, and a selected entry gets a Match for Feed.
func Classifier() (func(e *veille.Item) []veille.Match, error) {
	m, err := curation.Compile(Rule())
	if err != nil {
		return nil, fmt.Errorf("compile rule: %w", err)
	}
	return func(e *veille.Item) []veille.Match {
		r := m.Match(curation.Document{Title: e.Title, Summary: e.Summary, Categories: e.Categories})
		if !r.Selected {
			return nil
		}
		return []veille.Match{{Feed: Feed, Terms: r.Terms}}
	}, nil
}

// PassConfig describes one aggregator pass over a farm.
type PassConfig struct {
	Scenario    string // a label: "first", "unchanged", "changed"
	DB          string // the database file; created when missing
	FarmURL     string // the base URL the farm is served at
	Sources     int    // sources 0..Sources-1 of the farm are fetched
	Concurrency int    // aggregator.Options.Concurrency; default 8
	CPUProfile  string // when set, a CPU profile of the pass is written there
	// Log receives the aggregator's warnings (failed sources); nil discards
	// them.
	Log io.Writer
}

// PassResult is what one pass measured. Durations are in nanoseconds in
// JSON, which is how a child process hands it to its parent.
type PassResult struct {
	Scenario string
	Sources  int
	// Outcomes of the sources, from the aggregator's report.
	OK, NotModified, Failed int
	Items                   int // items in the feeds fetched with 200
	New                     int // entries stored by the pass
	Entries                 int // entries in the database after the pass
	Selected                int // entries Feed selects after the pass

	Wall   time.Duration // aggregator.Run alone
	CPU    time.Duration // user+sys of the process during Run
	MaxRSS int64         // peak resident set of the process, bytes; 0 when unknown
	// Isolated is true when the pass ran in a process of its own, so that
	// MaxRSS is the pass's peak and not that of everything before it.
	Isolated bool

	DBBytes, WALBytes int64 // the database file and its -wal, right after the pass

	// Others is the CPU time the rest of the machine used during Run: the
	// farm's server, and any other program, which then slowed the pass
	// down. IOWait is the time CPUs sat idle waiting for the disk. Both
	// are zero when unknown.
	Others, IOWait time.Duration
}

// RunPass opens the database, registers the sources and runs one pass of
// the aggregator over them, as cmd/veille does: storage.Open,
// aggregator.New with Classifier, aggregator.Run. Only Run is timed.
func RunPass(ctx context.Context, cfg PassConfig) (*PassResult, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	logOut := cfg.Log
	if logOut == nil {
		logOut = io.Discard
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	classify, err := Classifier()
	if err != nil {
		return nil, err
	}
	store, err := storage.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	sources := make([]storage.Source, cfg.Sources)
	for i := range sources {
		if sources[i], err = store.EnsureSource(ctx, SourceName(i), FeedURL(cfg.FarmURL, i)); err != nil {
			return nil, err
		}
	}
	agg := aggregator.New(store, logger, aggregator.Options{Concurrency: cfg.Concurrency, Classify: classify})

	var stopProfile func() error
	if cfg.CPUProfile != "" {
		if stopProfile, err = startCPUProfile(cfg.CPUProfile); err != nil {
			return nil, err
		}
	}
	busy0, io0, machine0 := machineCPU()
	cpu0, _ := usage()
	start := time.Now()
	report, err := agg.Run(ctx, sources)
	wall := time.Since(start)
	cpu1, maxRSS := usage()
	busy1, io1, machine1 := machineCPU()
	if stopProfile != nil {
		if perr := stopProfile(); err == nil && perr != nil {
			err = perr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("pass %s: %w", cfg.Scenario, err)
	}

	res := &PassResult{
		Scenario:    cfg.Scenario,
		Sources:     len(sources),
		OK:          report.Count(storage.StatusOK),
		NotModified: report.Count(storage.StatusNotModified),
		Failed:      len(sources) - report.Count(storage.StatusOK) - report.Count(storage.StatusNotModified),
		New:         report.New(),
		Wall:        wall,
		CPU:         cpu1 - cpu0,
		MaxRSS:      maxRSS,
	}
	if machine0 && machine1 {
		res.Others, res.IOWait = max(0, busy1-busy0-res.CPU), io1-io0
	}
	for _, r := range report.Results {
		if r.Status == storage.StatusOK {
			res.Items += r.Items
		}
	}
	res.DBBytes, res.WALBytes = fileSize(cfg.DB), fileSize(cfg.DB+"-wal")
	if res.Entries, err = store.EntryCount(ctx); err != nil {
		return nil, err
	}
	counts, err := store.SelectionCounts(ctx)
	if err != nil {
		return nil, err
	}
	res.Selected = counts[Feed]
	return res, nil
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
