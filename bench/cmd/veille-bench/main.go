// Command veille-bench measures veille against the targets of its
// performance issue and prints one markdown table: fetch passes over a feed
// farm on loopback, the gofeed floor, HTTP serving against http.FileServer,
// and publishing from large databases. See bench/README.md.
//
// Each pass runs in a child process (this program with -scenario), so that
// its peak RSS is its own.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/veille-project/veille/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "veille-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("veille-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		sources    = fs.Int("sources", 500, "feeds in the farm")
		items      = fs.Int("items", 50, "items per feed")
		entries    = fs.String("entries", "100000,1000000", "database sizes to publish from, comma-separated; \"\" for none")
		configFile = fs.String("config", "", "configuration the passes run with, its sources replaced by the farm's (default the module's config.yaml)")
		fetchRuns  = fs.Int("fetch-runs", 5, "`veille fetch` processes timed after the unchanged pass")
		changed    = fs.Float64("changed", 0.1, "fraction of the feeds changed before pass 3")
		load       = fs.Duration("load", 3*time.Second, "duration of each HTTP load run")
		clients    = fs.Int("clients", 32, "concurrent HTTP clients")
		budget     = fs.Duration("budget", 4*time.Minute, "skip database sizes whose fill would end after this; 0 for no limit")
		cpuprofile = fs.String("cpuprofile", "", "write the CPU profile of an extra first pass to this file")
		dir        = fs.String("dir", "", "directory for the databases (default a temporary one, removed at the end)")
		scenario   = fs.String("scenario", "", "internal: run one pass in this process and print its result as JSON")
		db         = fs.String("db", "", "internal, with -scenario: the database file")
		farm       = fs.String("farm", "", "internal, with -scenario: the farm's URL")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scenario != "" {
		return runPass(ctx, bench.PassConfig{Scenario: *scenario, Config: *configFile, DB: *db, FarmURL: *farm,
			Sources: *sources, CPUProfile: *cpuprofile, Log: stderr}, stdout)
	}

	sizes, err := parseSizes(*entries)
	if err != nil {
		return err
	}
	work := *dir
	if work != "" {
		if err := os.MkdirAll(work, 0o755); err != nil {
			return err
		}
	} else {
		if work, err = os.MkdirTemp("", "veille-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Run(ctx, bench.Config{
		Sources:    *sources,
		Items:      *items,
		Changed:    *changed,
		ConfigFile: *configFile,
		FetchRuns:  *fetchRuns,
		Entries:    sizes,
		Load:       *load,
		Clients:    *clients,
		Budget:     *budget,
		Dir:        work,
		CPUProfile: *cpuprofile,
		Version:    gitVersion(ctx),
		Pass:       childPass(exe, stderr),
		Progress:   stderr,
		Log:        stderr,
	})
	if err != nil {
		return err
	}
	if err := res.WriteMarkdown(stdout); err != nil {
		return err
	}
	if len(res.Problems) > 0 {
		return fmt.Errorf("%d correctness problem(s), listed under the table", len(res.Problems))
	}
	return nil
}

// gitVersion names the commit measured, "commit abc1234", with
// "+ uncommitted changes" when the tracked files differ from it; "" outside
// a git checkout. The code changes fast and the table must say which code
// it measured.
func gitVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	v := "commit " + strings.TrimSpace(string(out))
	if diff, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil &&
		len(bytes.TrimSpace(diff)) > 0 {
		v += " + uncommitted changes"
	}
	return v
}

// parseSizes reads the -entries list.
func parseSizes(s string) ([]int, error) {
	sizes := []int{}
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-entries: %q is not a positive number", f)
		}
		if len(sizes) > 0 && n <= sizes[len(sizes)-1] {
			return nil, fmt.Errorf("-entries: sizes must increase, %d does not", n)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// runPass is the child: one pass, its result as JSON on stdout.
func runPass(ctx context.Context, cfg bench.PassConfig, stdout io.Writer) error {
	if cfg.DB == "" || cfg.FarmURL == "" {
		return errors.New("-scenario needs -db and -farm")
	}
	res, err := bench.RunPass(ctx, cfg)
	if err != nil {
		return err
	}
	res.Isolated = true
	return json.NewEncoder(stdout).Encode(res)
}

// childPass returns a bench.PassFunc that runs each pass in a new process
// of exe, this program.
func childPass(exe string, stderr io.Writer) bench.PassFunc {
	return func(ctx context.Context, cfg bench.PassConfig) (*bench.PassResult, error) {
		args := []string{"-scenario", cfg.Scenario, "-config", cfg.Config, "-db", cfg.DB, "-farm", cfg.FarmURL,
			"-sources", strconv.Itoa(cfg.Sources)}
		if cfg.CPUProfile != "" {
			args = append(args, "-cpuprofile", cfg.CPUProfile)
		}
		cmd := exec.CommandContext(ctx, exe, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("pass %s in a child process: %w", cfg.Scenario, err)
		}
		var res bench.PassResult
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			return nil, fmt.Errorf("pass %s: reading the child's result: %w", cfg.Scenario, err)
		}
		return &res, nil
	}
}
