package main

import (
	"bytes"
	"flag"
	"maps"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// TestEveryCommandHasAHelpPage: each command has a page, in the usage's
// list, with every section and every flag of its flag set.
func TestEveryCommandHasAHelpPage(t *testing.T) {
	names := slices.Sorted(maps.Keys(commands()))
	if pageNames := slices.Sorted(maps.Keys(pages())); !slices.Equal(names, pageNames) {
		t.Fatalf("commands %v, help pages %v", names, pageNames)
	}
	if listed := slices.Sorted(slices.Values(commandOrder)); !slices.Equal(names, listed) {
		t.Errorf("commands %v, listed by the usage %v", names, listed)
	}
	for _, name := range names {
		p := pages()[name]
		if p.summary == "" || p.description == "" || p.exit == "" || p.examples == "" {
			t.Errorf("%s: empty section in %+v", name, p)
		}
		var b bytes.Buffer
		writeHelp(&b, name)
		out := b.String()
		for _, section := range []string{"NAME\n", "SYNOPSIS\n", "DESCRIPTION\n", "FLAGS\n", "EXIT STATUS\n",
			"EXAMPLES\n", "veille " + name + " [flags]"} {
			if !strings.Contains(out, section) {
				t.Errorf("%s: the page lacks %q:\n%s", name, section, out)
			}
		}
		commands()[name].flagSet(name, &env{}).VisitAll(func(f *flag.Flag) {
			if !strings.Contains(out, "\n    -"+f.Name) {
				t.Errorf("%s: flag -%s not on the page", name, f.Name)
			}
		})
	}
}

// flagMention finds what looks like a flag in prose: a dash and a word
// after a space, a quote or a parenthesis ("-json", "(-feed)").
var flagMention = regexp.MustCompile(`(?:^|[\s'(])-([a-z][a-z-]*)`)

// TestDocumentedFlagsExist: a flag that a page's prose or examples mention
// is a flag of that command.
func TestDocumentedFlagsExist(t *testing.T) {
	checked := 0
	for name, p := range pages() {
		fs := commands()[name].flagSet(name, &env{})
		for _, m := range flagMention.FindAllStringSubmatch(p.description+"\n"+p.exit+"\n"+p.examples, -1) {
			checked++
			if fs.Lookup(m[1]) == nil {
				t.Errorf("%s: the page mentions -%s, which is not one of its flags", name, m[1])
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d flag mentions found: the pattern is broken", checked)
	}
}

func TestHelpCommand(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		stdout []string
	}{
		{[]string{"help"}, 0, []string{"Usage:", "opml import", "sources", "'veille help <command>'"}},
		{[]string{"help", "fetch"}, 0, []string{"veille fetch - ", "-force", "-source name", "EXIT STATUS"}},
		{[]string{"help", "opml"}, 0, []string{"veille opml export - ", "veille opml import - ", "[flags] FILE"}},
		{[]string{"help", "opml", "import"}, 0, []string{"veille opml import [flags] FILE"}},
		{[]string{"help", "frobnicate"}, 2, nil},
		{nil, 2, []string{"Usage:"}},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		status := report(run(t.Context(), tt.args, &out, &errOut), &errOut)
		if status != tt.status {
			t.Errorf("%v: status %d, want %d (%s)", tt.args, status, tt.status, errOut.String())
		}
		for _, want := range tt.stdout {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, want, out.String())
			}
		}
	}
}

// TestDashHPrintsThePage: `veille fetch -h` prints the manual, not the flag
// package's terse list, and is not an error.
func TestDashHPrintsThePage(t *testing.T) {
	var out, errOut bytes.Buffer
	if status := report(run(t.Context(), []string{"sources", "-h"}, &out, &errOut), &errOut); status != 0 {
		t.Errorf("status %d", status)
	}
	if !strings.Contains(errOut.String(), "veille sources - ") || !strings.Contains(errOut.String(), "-json") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}

func TestMissingSubcommand(t *testing.T) {
	var out, errOut bytes.Buffer
	status := report(run(t.Context(), []string{"opml"}, &out, &errOut), &errOut)
	if status != 2 || !strings.Contains(errOut.String(), "missing subcommand, one of: export, import") {
		t.Errorf("status %d, stderr %q", status, errOut.String())
	}
}

func TestBuildVersion(t *testing.T) {
	tests := []struct{ main, want string }{
		{"v1.2.3", "v1.2.3"}, // go install …@v1.2.3
		{"v0.0.0-20260127093000-7030763abcde+dirty", "v0.0.0-20260127093000-7030763abcde+dirty"},
		{"(devel)", "devel"}, // -buildvcs=false
		{"", "devel"},
	}
	for _, tt := range tests {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/veille-project/veille", Version: tt.main}}
		if got := buildVersion(info); got != tt.want {
			t.Errorf("buildVersion(%q) = %q, want %q", tt.main, got, tt.want)
		}
	}
}
