package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/veille-project/veille/aggregator"
	"github.com/veille-project/veille/storage"
)

// isTerminal reports whether w is a terminal, where a line rewritten in
// place is read by a person rather than piled up in a log file.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// /dev/null is a character device too.
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// clearLine returns the cursor to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// progressLine is a status line redrawn in place on a terminal. It is also
// the writer of the logs, so that the two do not mix: a log record erases
// the line, is written on its own, and the line is drawn again below it.
// It is safe for concurrent use.
type progressLine struct {
	mu   sync.Mutex
	w    io.Writer
	line string // what is drawn; "" when nothing is
}

// Write writes a log record above the status line.
func (p *progressLine) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line != "" {
		io.WriteString(p.w, clearLine)
	}
	n, err := p.w.Write(b)
	if p.line != "" {
		io.WriteString(p.w, p.line)
	}
	return n, err
}

// set draws line in place of the previous one.
func (p *progressLine) set(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.line = line
	io.WriteString(p.w, clearLine+line)
}

// finish replaces the status line with line, for good.
func (p *progressLine) finish(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.line = ""
	io.WriteString(p.w, clearLine+line+"\n")
}

// update draws how far a pass is, for aggregator.Options.Progress: the
// last source done, and the ones still pending, since on a slow pass those
// are the ones to look at.
func (p *progressLine) update(pr aggregator.Progress) {
	p.set(progressText(pr))
}

func progressText(pr aggregator.Progress) string {
	line := fmt.Sprintf("fetching: %d/%d sources done (%s: %s)", pr.Done, pr.Total, cut(pr.Last.Source, 30),
		pr.Last.Status)
	if len(pr.Pending) == 0 {
		return line
	}
	names := make([]string, len(pr.Pending))
	for i, n := range pr.Pending {
		names[i] = cut(n, 20)
	}
	waiting := strings.Join(names, ", ")
	if more := pr.Total - pr.Done - len(pr.Pending); more > 0 {
		waiting += fmt.Sprintf(" and %d more", more)
	}
	return line + "; waiting for " + waiting
}

// passSummary is the line `veille fetch` ends with on a terminal.
func passSummary(r *aggregator.Report) string {
	return fmt.Sprintf("fetched %d sources in %s: %d ok, %d not modified, %d failed; %d new entries, %d newly selected",
		len(r.Results), r.End.Sub(r.Start).Round(time.Millisecond), r.Count(storage.StatusOK),
		r.Count(storage.StatusNotModified), r.Failed(), r.New(), r.Selected())
}
