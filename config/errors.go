package config

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem in a configuration, located by file, line and field
// path.
type Error struct {
	File string // file name as given to Parse or Load; may be empty
	Line int    // 1-based line, or 0 when unknown
	Path string // field path such as "sources[2].url"; empty for the whole file
	Msg  string // what is wrong, e.g. `required`
}

// Error formats e as "FILE:LINE: path: message", leaving out the parts that
// are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		b.WriteString(e.File + ":" + strconv.Itoa(e.Line) + ": ")
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors lists every problem found in a configuration. Parse and Validate
// return it, never empty, and so does Load for problems in the file's
// contents, so that a caller can print each problem on its own line:
//
//	var errs config.Errors
//	if errors.As(err, &errs) {
//		for _, e := range errs { ... }
//	}
type Errors []*Error

// Error returns the problems one per line.
func (errs Errors) Error() string {
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sort puts errs in file order; problems without a line come first, since
// they concern the file as a whole.
func (errs Errors) sort() {
	slices.SortStableFunc(errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
}

// err returns errs as an error, or nil when there are none, so that callers
// never see a non-nil error holding an empty list.
func (errs Errors) err() error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// syntaxError turns an error of the YAML parser, "yaml: line 2: ...", into
// an Error. The parser gives no line for some problems on the first line.
//
// yaml.v3 counts lines from 0 for the problems of its parser (as opposed
// to its scanner), and says no line for line 0: an unclosed [ on line 13
// is reported at line 12, one on line 1 at no line. The parser's problems
// are a fixed list, so those are moved one line down.
func syntaxError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, tail
			}
		}
	}
	if parserProblems[msg] {
		line++
	}
	return &Error{File: file, Line: line, Msg: "yaml: " + msg}
}

// parserProblems are the messages of yaml.v3's parser (parserc.go), whose
// lines are counted from 0; the scanner's are counted from 1.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
}
