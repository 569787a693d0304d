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
	return &Error{File: file, Line: line, Msg: "yaml: " + msg}
}
