package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// page is the manual of one command. Its SYNOPSIS and FLAGS sections are
// made from the command's flag set, so that they cannot drift from it.
type page struct {
	summary     string // one line, also listed by the usage
	description string // paragraphs, each line indented by writeHelp
	exit        string // the EXIT STATUS section
	examples    string // the EXAMPLES section: command lines and what they do
}

// commandOrder is the order of the usage's list of commands.
var commandOrder = []string{"serve", "check", "add", "fetch", "publish", "sources", "items", "select", "reject", "reset",
	"unmerge", "opml export",
	"opml import", "version"}

// decidePage is the manual of the editor's command verb, whose item
// becomes what.
func decidePage(verb, what string) page {
	return page{
		summary: "the editor's decision on one item of a feed: " + what,
		description: `Makes the item ID (as 'veille items' prints it; a unique prefix of at least 6
characters will do) ` + what + ` in the feed -feed (which may be left out
when there is one feed), and publishes the files at once. select and reject
are stored, and kept whenever the feed's selection is computed again, after a
change of its rules too, until 'veille reset'; 'veille items' tells them (see
'veille help items'): "rejected by the editor on 2026-12-03 10:14 UTC". A running 'veille serve'
serves the change within 2 seconds, without a restart.`,
		exit: `0 when the decision is recorded and published; 1 when it could not be
(invalid configuration, database error); 2 for a command line mistake,
including an ID that names no stored item, or several (the error names them).`,
		examples: "veille " + verb + " 3f2a9c1e -feed ia",
	}
}

// Exit statuses shared by several commands.
const (
	exitRuns = `0 when the command ran; 1 when it could not (invalid configuration, database
error); 2 for a command line mistake (unknown flag, bad value).`
	exitNoConfig = `0 on success; 1 when the configuration cannot be loaded; 2 for a command line
mistake.`
)

// pages returns the manual of every command, by name.
func pages() map[string]page {
	return map[string]page{
		"serve": {
			summary: "run as a daemon: fetch on the schedule, serve the feeds over HTTP",
			description: `Runs a pass at start-up, then on the configuration's schedule, and serves the
published feeds, an index page, /healthz and /metrics on the listen address.
Passes never overlap. An editor's decision (veille select, reject, reset) made
while it runs is served within about 2 seconds: it looks for one every second.
SIGHUP reads the configuration again and, when it is valid, runs a pass with
it (database and listen change only with a restart). SIGINT or SIGTERM stops
it within 10 seconds: requests in flight end, the running pass is canceled,
the database is closed.`,
			exit: `0 after SIGINT or SIGTERM; 1 when it cannot start (invalid configuration,
database error, address in use); 2 for a command line mistake.`,
			examples: `veille serve -config /etc/veille/config.yaml -log-format json`,
		},
		"check": {
			summary: "validate the configuration",
			description: `Loads the configuration and prints each problem as FILE:LINE: field: message,
or a line saying it is valid.`,
			exit:     `0 when the configuration is valid; 2 when it is not, or for a command line mistake.`,
			examples: `veille check -config config.yaml`,
		},
		"add": {
			summary: "find the feed at a URL, or a web page's feeds, and add it to the sources",
			description: `Fetches URL. When it is a feed, shows its title, format, item count and
language; when it is a web page, looks for the feeds the page advertises
(<link rel="alternate" type="application/rss+xml" ...>, Atom and JSON Feed
too), or, when it advertises none, for a feed at the site's /feed, /rss,
/atom.xml and /index.xml. The feeds found are listed, numbered. With one, or
the one chosen by -pick, the source is appended to the sources: list of the
configuration file: the file is edited as text, so its comments, order and
formatting stay as they are, and it is replaced only if it still loads as a
valid configuration. With several feeds and no -pick, nothing is written: pick
one by its number. The name is the feed's title unless -name gives one; a
title another source has is numbered. With -n, the YAML of the source is
printed and the file left alone. The URL given is trusted as a configured
source's is (see fetch.allow_private_networks).`,
			exit: `0 when the source was added (or printed, with -n); 1 when no feed was found,
the URL is configured already, or the configuration cannot be read or written;
2 for a command line mistake, or when several feeds were found and -pick
chooses none.`,
			examples: `veille add https://www.example.org/           list the feeds the home page advertises
veille add https://www.example.org/ -pick 1   add the first of them
veille add https://www.example.org/rss.xml -name "Example" -tags presse,france
veille add -n https://www.example.org/feed    print the YAML, write nothing`,
		},
		"fetch": {
			summary: "fetch the sources that are due, store new items, publish",
			description: `Runs one pass: fetches the sources that are due (every one with -force, or only
the one named by -source), stores their new items, selects and publishes the
feeds. -refetch fetches as -force does, but without the validators of the last
fetch (ETag, Last-Modified), so that servers send the whole feed rather than
"not modified": items dropped earlier (by retention, or by
fetch.max_new_per_source) are stored again when retention allows. Failing sources are logged on stderr and kept for 'veille sources'; they
do not fail the pass. On a terminal, stderr shows how many sources are done and
ends with a summary line; elsewhere (cron, pipes) only the logs are written.`,
			exit: exitRuns + `
A pass in which sources failed still exits 0.`,
			examples: `veille fetch                   fetch what is due, then publish
veille fetch -force            fetch every source now
veille fetch -source "Le Monde"
veille fetch -refetch -source "Le Monde"   fetch it whole, unconditionally`,
		},
		"publish": {
			summary: "render the feeds from the database without fetching",
			description: `Selects the stored items for each feed and writes the feeds and the index page to
output_dir, then prints one line: the feeds published, how many items each
selects, and how many documents changed.`,
			exit:     exitRuns,
			examples: `veille publish`,
		},
		"sources": {
			summary: "list the sources and the state of their fetches",
			description: `Prints one row per configured source: NAME, STATUS (ok, not modified, error:
..., gone, never fetched), LAST SUCCESS, NEXT CHECK ("next pass" when due, else
when its backoff or cache lifetime ends), FAILURES (consecutive failed fetches),
ENTRIES (items stored) and URL. Times are UTC. A long error is cut in its
middle, keeping its cause. A source whose last feed held items older than
retention, so not stored, says so ("ok, 50 items older than retention"). With
-json, prints a JSON array of objects instead, times in RFC 3339 or null, whole
errors, and the counts of the last feed read (items, skipped).`,
			exit:     exitRuns,
			examples: "veille sources\nveille sources -json | jq '.[] | select(.failures > 0) | .name'",
		},
		"items": {
			summary: "list stored items, find one, and tell why a feed selects it or not",
			description: `Prints the stored items, newest first: all of them, or those one feed selects
(-feed). Each shows its short ID (the first 8 characters of its UUID, which
'veille select' and the like take) and its language ("-" when unknown).
-limit 0 lists all. -selected lists only what the feed selects; -near only
what it does not select that scores above 0, best first: the editor's review
list. -q TEXT keeps the items whose title, link or source contains TEXT, in
any case, with or without accents. With -why, each feed's decision on each
item and its reasons: every term found, in the field that counts it (title,
lead — the summary's first sentence —, summary, category) with the points it
adds, so that the score can be checked by hand; the source when the feed
holds its every item on topic (always), why the feed does not consider it
(from, languages), the editor's decision, and, for an item a feed publishes
as part of another's story, which item it was merged into, their similarity
and what they share; with -json, a JSON array.`,
			exit: exitRuns,
			examples: `veille items -limit 5
veille items -feed ia -near -why
veille items -q "mistral" -why`,
		},
		"select": decidePage("select", "selected whatever its score"),
		"reject": decidePage("reject", "never selected, whatever its score"),
		"reset":  decidePage("reset", "back to the feed's automatic decision"),
		"unmerge": {
			summary: "publish an item on its own that was merged into another's story",
			description: `Takes the item ID (as 'veille items' prints it; a unique prefix of at least 6
characters will do) out of the story it was merged into, in every feed that
merged it or only in -feed, and publishes. The decision is stored: the item
stays on its own, and nothing joins it, whenever the stories are computed
again. 'veille help items' tells how to see which items were merged, into which,
and why.`,
			exit:     exitRuns,
			examples: `veille unmerge 3f2a9c1e -feed ia`,
		},
		"opml export": {
			summary: "print the configured sources as an OPML 2.0 subscription list",
			description: `Writes the sources of the configuration to stdout as OPML 2.0, for a feed reader
to import: each source's name and URL, and the web site its feed links to once
fetched (read from the database, if there is one), grouped in a folder named by
its first tag, with all its tags as the outline's category.`,
			exit:     exitNoConfig,
			examples: `veille opml export > veille.opml`,
		},
		"opml import": {
			summary: "print the YAML of the sources of an OPML file, to paste under sources:",
			description: `Reads a subscription list exported by a feed reader (Feedly, Inoreader,
Miniflux, FreshRSS, NetNewsWire, newsboat...) and prints, on stdout, the
entries to paste under 'sources:' in the configuration: each feed's name (made
unique), URL, and its folders and categories as tags. The configuration file is
never changed. Feeds whose URL is configured already, that the file lists
twice, or that are not http(s) feeds are skipped, each said on stderr.`,
			exit: `0 on success, even when nothing is left to add; 1 when the configuration or
FILE cannot be read; 2 for a command line mistake.`,
			examples: `veille opml import subscriptions.opml >> new-sources.yaml`,
		},
		"version": {
			summary: "print the version",
			description: `Prints the version the binary was built as: the tag of 'go install ...@v1.2.3', a
pseudo-version naming the commit of a build from a checkout, or "devel".`,
			exit:     `0.`,
			examples: `veille version`,
		},
	}
}

// runHelp prints the usage, or the manual of the command named by args.
func runHelp(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		writeUsage(stdout)
		return nil
	}
	name := strings.Join(args, " ")
	if _, ok := pages()[name]; ok {
		writeHelp(stdout, name)
		return nil
	}
	subs := subcommands(name)
	if len(subs) == 0 {
		return usageError("help: unknown command %q (run 'veille help')", name)
	}
	for i, sub := range subs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeHelp(stdout, name+" "+sub)
	}
	return nil
}

// writeUsage prints what `veille` alone prints.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "veille watches news feeds and republishes curated topic feeds.\n\nUsage:\n  veille <command> [flags]\n\nCommands:\n")
	all := pages()
	for _, name := range commandOrder {
		fmt.Fprintf(w, "  %-12s %s\n", name, all[name].summary)
	}
	fmt.Fprint(w, `
Every command takes -config FILE (default ./config.yaml, or $VEILLE_CONFIG),
-log-level (debug, info, warn, error) and -log-format (text, json).
Run 'veille help <command>' for the manual of a command.
`)
}

// writeHelp prints the manual of the command called name, which must have
// a page.
func writeHelp(w io.Writer, name string) {
	cmd := commands()[name]
	p := pages()[name]
	fs := cmd.flagSet(name, &env{})
	synopsis := "veille " + name + " [flags]"
	if cmd.args != "" {
		synopsis += " " + cmd.args
	}
	fmt.Fprintf(w, "NAME\n    veille %s - %s\n\nSYNOPSIS\n    %s\n\n", name, p.summary, synopsis)
	fmt.Fprintf(w, "DESCRIPTION\n%s\n\nFLAGS\n", indent(p.description))
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "    -%s", f.Name)
		if arg != "" {
			fmt.Fprintf(w, " %s", arg)
		}
		fmt.Fprintf(w, "\n        %s", usage)
		switch v := f.Value.(flag.Getter).Get().(type) {
		case string:
			if v != "" {
				fmt.Fprintf(w, " (default %q)", v)
			}
		case bool:
		default:
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
	fmt.Fprintf(w, "\nEXIT STATUS\n%s\n\nEXAMPLES\n%s\n", indent(p.exit), indent(p.examples))
}

// indent indents each line of text by four spaces.
func indent(text string) string {
	return "    " + strings.ReplaceAll(text, "\n", "\n    ")
}
