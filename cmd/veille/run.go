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
	"slices"
	"strconv"
	"strings"

	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/internal/setup"
)

// errFlagsReported marks a flag error the flag package already printed.
var errFlagsReported = errors.New("invalid flags")

// command is one subcommand: its flags are registered on fs before it runs.
// Its manual is in help.go.
type command struct {
	flags func(fs *flag.FlagSet, e *env)
	run   func(ctx context.Context, env *env) error
	// args names the positional arguments, as the synopsis shows them; a
	// command without any refuses them.
	args string
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
	refetch     bool
	itemsFeed   string
	itemsLimit  int
	itemsJSON   bool
	itemsWhy    bool
	itemsSel    bool
	itemsNear   bool
	itemsQuery  string
	sourcesJSON bool
	addName     string
	addTags     string
	addDryRun   bool
	addPick     int

	// hooks are handed to the app the command opens.
	hooks hooks
}

// run executes the command line args (without the program name). It never
// exits the process, so tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		writeUsage(stdout)
		return &exitError{code: 2, err: errFlagsReported}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return runHelp(args[1:], stdout)
	}
	name, rest := commandName(args)
	cmd, ok := commands()[name]
	if !ok {
		if subs := subcommands(name); len(subs) > 0 {
			return usageError("%s: missing subcommand, one of: %s (run 'veille help %s')", name,
				strings.Join(subs, ", "), name)
		}
		return usageError("unknown command %q (run 'veille help')", name)
	}
	e := &env{stdout: stdout, stderr: stderr}
	fs := cmd.flagSet(name, e)
	fs.SetOutput(stderr)
	// The flag package prints its one-line error, then calls Usage: a
	// pointer to the manual reads better under it than the whole manual,
	// which -h still prints.
	fs.Usage = func() {}
	args, err := parseInterleaved(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeHelp(stderr, name)
			return nil
		}
		fmt.Fprintf(stderr, "run 'veille help %s' for its flags\n", name)
		return &exitError{code: 2, err: errFlagsReported}
	}
	e.args = args
	if len(e.args) > 0 && cmd.args == "" {
		return usageError("%s: unexpected argument %q", name, e.args[0])
	}
	return cmd.run(ctx, e)
}

// parseInterleaved parses the flags in args wherever they are, before or
// after the positional arguments it returns: people write
// `veille opml import FILE -config x.yaml` as often as the other way round,
// and the flag package stops at the first positional argument. After "--",
// everything is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// Parse stops at a positional argument, or after a "--" it
		// consumed: then what is left is all positional.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
}

// commandName returns the command args name, one word ("fetch") or two
// ("opml import"), and the arguments that follow it.
func commandName(args []string) (string, []string) {
	if len(args) > 1 {
		if two := args[0] + " " + args[1]; commands()[two].run != nil {
			return two, args[2:]
		}
	}
	return args[0], args[1:]
}

// subcommands returns the second words of the commands that start with
// name, sorted: "export", "import" for "opml".
func subcommands(name string) []string {
	var subs []string
	for full := range commands() {
		if sub, ok := strings.CutPrefix(full, name+" "); ok {
			subs = append(subs, sub)
		}
	}
	slices.Sort(subs)
	return subs
}

func commands() map[string]command {
	return map[string]command{
		"add":         {flags: addFlags, run: runAdd, args: "URL"},
		"check":       {run: runCheck},
		"fetch":       {flags: fetchFlags, run: runFetch},
		"publish":     {run: runPublish},
		"serve":       {run: runServe},
		"sources":     {flags: sourcesFlags, run: runSources},
		"items":       {flags: itemsFlags, run: runItems},
		"unmerge":     {flags: unmergeFlags, run: runUnmerge, args: "ID"},
		"select":      {flags: decideFlags, run: runDecide(verdictSelect), args: "ID"},
		"reject":      {flags: decideFlags, run: runDecide(verdictReject), args: "ID"},
		"reset":       {flags: decideFlags, run: runDecide(verdictReset), args: "ID"},
		"opml export": {run: runOPMLExport},
		"opml import": {run: runOPMLImport, args: "FILE"},
		"version":     {run: runVersion},
	}
}

// flagSet returns the flags of the command called name, common ones
// first, filling in e when parsed.
func (c command) flagSet(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("veille "+name, flag.ContinueOnError)
	defaultConfig := "config.yaml"
	if v := os.Getenv("VEILLE_CONFIG"); v != "" {
		defaultConfig = v
	}
	fs.StringVar(&e.configPath, "config", defaultConfig, "configuration `file` (env VEILLE_CONFIG)")
	fs.StringVar(&e.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.StringVar(&e.logFormat, "log-format", "text", "log `format`: text or json")
	if c.flags != nil {
		c.flags(fs, e)
	}
	return fs
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
	if _, err := setup.Templates(cfg); err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintf(e.stdout, "%s: ok (%s, %s)\n", e.configPath, plural(len(cfg.Sources), "source"),
		plural(len(cfg.Feeds), "feed"))
	return nil
}

func runVersion(ctx context.Context, e *env) error {
	fmt.Fprintln(e.stdout, "veille", version())
	return nil
}

// version is the main module's version as the go command stamped it: the
// tag of `go install …@v1.2.3`, or, for a build from a checkout, a
// pseudo-version naming the commit ("v0.0.0-20260127093000-7030763abcde",
// "+dirty" when the tree had changes; Go 1.24 and later stamp it). A build
// without VCS information (-buildvcs=false, or outside a repository) is
// "devel".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return buildVersion(info)
}

// buildVersion reads the version from a binary's build information.
func buildVersion(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return "devel"
}

// plural returns "1 feed", "0 feeds", "2 feeds": n and noun, with an s
// unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// userAgent is sent when the configuration sets none.
func userAgent() string {
	return "veille/" + strings.TrimPrefix(version(), "v") + " (+https://github.com/veille-project/veille)"
}
