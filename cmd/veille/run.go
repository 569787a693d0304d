package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/veille-project/veille/config"
)

const usage = `veille watches news feeds and republishes curated topic feeds.

Usage:
  veille <command> [flags]

Commands:
  serve     run as a daemon: fetch on the schedule, serve the feeds over HTTP
  check     validate the configuration
  fetch     fetch every source (or -source NAME), store new items, publish
  publish   render the feeds from the database without fetching
  sources   list the sources and the state of their last fetch
  items     list recent stored items (-feed SLUG, -limit N, -json, -why)
  version   print the version

Every command takes -config FILE (default ./config.yaml, or $VEILLE_CONFIG),
-log-level (debug, info, warn, error) and -log-format (text, json).
Run 'veille <command> -h' for the flags of a command.
`

// errFlagsReported marks a flag error the flag package already printed.
var errFlagsReported = errors.New("invalid flags")

// command is one subcommand: its flags are registered on fs before it runs.
type command struct {
	flags func(fs *flag.FlagSet, e *env)
	run   func(ctx context.Context, env *env) error
}

// env is what every command gets: the common flags, output streams, and
// what the command's own flags filled in.
type env struct {
	configPath string
	logLevel   string
	logFormat  string
	stdout     io.Writer
	stderr     io.Writer
	args       []string // positional arguments after the flags

	fetchSource string
	fetchForce  bool
	itemsFeed   string
	itemsLimit  int
	itemsJSON   bool
	itemsWhy    bool
}

// run executes the command line args (without the program name). It never
// exits the process, so tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return &exitError{code: 2, err: errFlagsReported}
		}
		return nil
	}
	name := args[0]
	cmd, ok := commands()[name]
	if !ok {
		return usageError("unknown command %q (run 'veille help')", name)
	}
	e := &env{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("veille "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	defaultConfig := "config.yaml"
	if v := os.Getenv("VEILLE_CONFIG"); v != "" {
		defaultConfig = v
	}
	fs.StringVar(&e.configPath, "config", defaultConfig, "configuration `file` (env VEILLE_CONFIG)")
	fs.StringVar(&e.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&e.logFormat, "log-format", "text", "log format: text or json")
	if cmd.flags != nil {
		cmd.flags(fs, e)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: 2, err: errFlagsReported}
	}
	e.args = fs.Args()
	if len(e.args) > 0 {
		return usageError("%s: unexpected argument %q", name, e.args[0])
	}
	return cmd.run(ctx, e)
}

func commands() map[string]command {
	return map[string]command{
		"check":   {run: runCheck},
		"fetch":   {flags: fetchFlags, run: runFetch},
		"publish": {run: runPublish},
		"serve":   {run: runServe},
		"sources": {run: runSources},
		"items":   {flags: itemsFlags, run: runItems},
		"version": {run: runVersion},
	}
}

// logger returns the logger the flags ask for, writing to stderr.
func (e *env) logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(e.logLevel)); err != nil {
		return nil, usageError("-log-level: %q is not one of debug, info, warn, error", e.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch e.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	}
	return nil, usageError("-log-format: %q is not one of text, json", e.logFormat)
}

// loadConfig loads the configuration; an invalid one cannot run.
func (e *env) loadConfig() (*config.Config, error) {
	cfg, err := config.Load(e.configPath)
	if err != nil {
		return nil, &exitError{code: 1, err: err}
	}
	return cfg, nil
}

func runCheck(ctx context.Context, e *env) error {
	cfg, err := config.Load(e.configPath)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintf(e.stdout, "%s: ok (%d sources, %d feeds)\n", e.configPath, len(cfg.Sources), len(cfg.Feeds))
	return nil
}

func runVersion(ctx context.Context, e *env) error {
	fmt.Fprintln(e.stdout, "veille", version())
	return nil
}

// version is the module version, or the VCS revision of a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel-" + rev
}

// userAgent is sent when the configuration sets none.
func userAgent() string {
	return "veille/" + strings.TrimPrefix(version(), "v") + " (+https://github.com/veille-project/veille)"
}
