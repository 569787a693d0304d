package bench

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// WriteMarkdown writes the results as one markdown table, with a line of
// context above it and the skipped measures and problems below.
func (r *Results) WriteMarkdown(w io.Writer) error {
	c := r.Config
	var b strings.Builder
	version := ""
	if c.Version != "" {
		version = ", " + c.Version
	}
	fmt.Fprintf(&b, "veille-bench%s, %s, %s: %d sources × %d items (%s of feeds); every pass is "+
		"Pipeline.Pass with %s (its feeds, retention, fetch concurrency %d), its sources replaced by the farm's; "+
		"pass 3 after %d sources (%.0f %%) got %d new items each; run took %s.\n\n",
		version, r.Start.Format("2006-01-02 15:04 MST"), r.Env, c.Sources, c.Items, mib(r.FarmBytes),
		filepath.Base(c.ConfigFile), r.Concurrency, r.Changed, 100*c.Changed, c.NewItems, r.Elapsed.Round(time.Second))
	if r.Busy >= 0 {
		fmt.Fprintf(&b, "Other programs kept %.0f %% of the CPUs busy in the second before the run; the rows "+
			"\"rest of the machine\" show what they took during each measure, slowing it down.\n\n", 100*r.Busy)
	}
	b.WriteString("| Measure | Value | Reference | Ratio | Target | Verdict |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	row := func(cells ...string) {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}

	floor := r.Floor()
	for _, f := range []FloorResult{r.Floor1, r.Floor2} {
		verdict := ""
		if f == floor {
			verdict = "the floor"
		}
		row(fmt.Sprintf("gofeed.Parser.Parse alone, same bytes, %s", plural(f.Workers, "goroutine")),
			fmt.Sprintf("%s wall, %s CPU, %s items/s", secs(f.Wall), secs(f.CPU), rate(f.ItemsPerSecond())),
			prefix("rest of the machine meanwhile: ", others(f.Others, 0)), "", "reference", verdict)
	}

	for i, p := range r.Passes {
		name := fmt.Sprintf("pass %d, %s", i+1, p.Scenario)
		if i == 0 {
			ratio := ratio(p.Wall.Seconds(), floor.Wall.Seconds())
			row(name+": wall", secs(p.Wall), fmt.Sprintf("floor %s", secs(floor.Wall)), times(ratio),
				fmt.Sprintf("≤ %.1f× floor", TargetPassOverFloor), verdict(ratio <= TargetPassOverFloor))
			cpuRatio := ratio2(p.CPU.Seconds(), r.Floor1.CPU.Seconds())
			row(name+": CPU user+sys", cpu(p.CPU), fmt.Sprintf("gofeed %s (1 goroutine)", cpu(r.Floor1.CPU)),
				cpuRatio, "", "")
		} else if p.Scenario == "unchanged" {
			row(name+": wall", secs(p.Wall), "", "", "≤ "+secs(TargetUnchanged), verdict(p.Wall <= TargetUnchanged))
			row(name+": CPU user+sys", cpu(p.CPU), "", "", "", "")
		} else if strings.Contains(p.Scenario, "copies") {
			ratio := ratio(p.Wall.Seconds(), floor.Wall.Seconds())
			row(name+": wall", secs(p.Wall), fmt.Sprintf("floor %s", secs(floor.Wall)), times(ratio), "", "")
			row(name+": CPU user+sys", cpu(p.CPU), "", "", "", "")
		} else {
			row(name+": wall", secs(p.Wall), "", "", "", "")
			row(name+": CPU user+sys", cpu(p.CPU), "", "", "", "")
		}
		row(name+": rest of the machine meanwhile (the farm's server included)", or(others(p.Others, p.IOWait), "n/a"),
			"", "", "", "")
		rss, rssVerdict := "n/a", ""
		if p.MaxRSS > 0 {
			rss = fmt.Sprintf("%s (%.1f MB)", mib(p.MaxRSS), float64(p.MaxRSS)/1e6)
			rssVerdict = verdict(p.MaxRSS <= TargetRSS)
			if !p.Isolated {
				rss += " (whole test process)"
				rssVerdict = ""
			}
		}
		row(name+": peak RSS", rss, "", "", fmt.Sprintf("≤ %d MB", TargetRSS/1_000_000), rssVerdict)
		thru := fmt.Sprintf("%s items/s, %s sources/s", rate(perSecond(p.Items, p.Wall)),
			rate(perSecond(p.Sources, p.Wall)))
		ref := ""
		if i == 0 {
			ref = fmt.Sprintf("gofeed %s items/s", rate(floor.ItemsPerSecond()))
		}
		row(name+": throughput", thru, ref, "", "", "")
		row(name+": outcome", fmt.Sprintf("%d ok, %d not modified (304), %d failed; %s items fetched, %s new entries",
			p.OK, p.NotModified, p.Failed, count(p.Items), count(p.New)),
			fmt.Sprintf("%s entries stored, %s selected", count(p.Entries), count(p.Selected)), "", "", "")
		storiesRef := "every selected entry a story of its own"
		if strings.Contains(p.Scenario, "copies") {
			storiesRef = fmt.Sprintf("expected %s: one per AI item but for the copies of one published", count(r.CopiesStories))
		}
		row(name+": stories", fmt.Sprintf("%s stories among %s selected; %s.json publishes %d items", count(p.Stories),
			count(p.Selected), Feed, p.Published), storiesRef, "", "", "")
		// The target is on the file: the WAL is a journal of at most a few
		// MiB (storage's journal_size_limit), whatever the entries.
		perEntry, dbVerdict := "n/a", ""
		if p.Entries > 0 {
			perEntry = fmt.Sprintf("%d B per entry in the file, %d B with the WAL",
				p.DBBytes/int64(p.Entries), (p.DBBytes+p.WALBytes)/int64(p.Entries))
			dbVerdict = verdict(p.DBBytes/int64(p.Entries) <= TargetEntryBytes)
		}
		row(name+": database", fmt.Sprintf("%s (file %s + wal %s), %s", mib(p.DBBytes+p.WALBytes),
			mib(p.DBBytes), mib(p.WALBytes), perEntry), "", "", fmt.Sprintf("≤ %d B per entry", TargetEntryBytes),
			dbVerdict)
	}
	if f := r.Fetch; len(f.Runs) > 0 {
		runs := make([]string, len(f.Runs))
		for i, d := range f.Runs {
			runs[i] = ms(d)
		}
		row(fmt.Sprintf("`veille fetch` process after pass 2, every source 304, %d runs: wall", len(f.Runs)),
			fmt.Sprintf("%s median, %s min (%s)", secs(f.Median), secs(f.Min), strings.Join(runs, ", ")),
			"start, configuration, database, Pipeline.Pass, exit", "", "≤ "+secs(TargetFetchProcess),
			verdict(f.Median <= TargetFetchProcess))
	}
	ok := len(r.Problems) == 0
	row("passes: correctness", fmt.Sprintf("%d problem(s)", len(r.Problems)),
		"every item the farm published stored once, selected by "+Feed+" when about AI, in its own story "+
			"(the copies in their original's); "+Feed+" publishes its limit; pass 2 all 304", "",
		"none lost", verdict(ok))

	for _, s := range r.Serve {
		x := s.Handler.PerSecond() / s.FileServer.PerSecond()
		row(fmt.Sprintf("serve /%s.rss %s (%s body), %d clients × %s, best of 2: publisher.Handler, %s", Feed, s.Name,
			kib(int64(s.Body)), r.Config.Clients, r.Config.Load, s.HandlerHow),
			rate(s.Handler.PerSecond())+" req/s",
			fmt.Sprintf("http.FileServer, %s: %s req/s", s.FilesHow, rate(s.FileServer.PerSecond())),
			times(x), fmt.Sprintf("≥ %.1f× FileServer", TargetServeOverFiles), verdict(x >= TargetServeOverFiles))
	}

	for i, p := range r.Publish {
		// The verdict takes the median: a single slow run is as often the
		// machine as the code, and the worst is shown beside it.
		x := p.Median.Seconds() / TargetPublish.Seconds()
		ref := prefix("rest of the machine meanwhile: ", others(p.Others, 0))
		if i > 0 {
			prev := r.Publish[i-1]
			ref = fmt.Sprintf("%s entries: median %s (query %s); query ×%.1f for ×%.0f entries", count(prev.Entries),
				ms(prev.Median), ms(prev.QueryMedian), ratio(p.QueryMedian.Seconds(), prev.QueryMedian.Seconds()),
				ratio(float64(p.Entries), float64(prev.Entries)))
		}
		row(fmt.Sprintf("publish from %s entries (%s selected by %s, a story each): Pipeline.Publish, %d runs",
			count(p.Entries), count(p.Selected), Feed, p.Runs),
			fmt.Sprintf("%s median (first %s, p95 %s, worst %s), of which Store.Stories of %s %s; %d items, "+
				"%s of RSS; files written", ms(p.Median), ms(p.First), ms(p.P95), ms(p.Max), Feed, ms(p.QueryMedian),
				p.Returned, kib(int64(p.RSSBytes))),
			ref, fmt.Sprintf("%.2f× target", x), "median ≤ "+ms(TargetPublish)+" per feed",
			verdict(p.Median <= TargetPublish))
		row(fmt.Sprintf("fill to %s entries (direct SQL)", count(p.Entries)),
			fmt.Sprintf("%s rows in %s (%s rows/s); database %s, %s per entry", count(p.Fill.Rows), secs(p.Fill.Wall),
				rate(perSecond(p.Fill.Rows, p.Fill.Wall)), mib(p.DBBytes), kib(p.DBBytes/int64(p.Entries))),
			"", "", "", "")
	}
	for _, s := range r.Skipped {
		row("skipped", s, "", "", "", "not measured")
	}
	if len(r.Problems) > 0 {
		b.WriteString("\nProblems:\n")
		for _, p := range r.Problems {
			b.WriteString("- " + p + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// others describes the CPU the rest of the machine used during a measure.
func others(cpu, iowait time.Duration) string {
	if cpu <= 0 && iowait <= 0 {
		return ""
	}
	s := secs(cpu) + " CPU"
	if iowait > 0 {
		s += ", " + secs(iowait) + " I/O wait"
	}
	return s
}

func prefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func ratio2(a, b float64) string {
	if b <= 0 || a <= 0 {
		return ""
	}
	return times(a / b)
}

func times(x float64) string { return fmt.Sprintf("%.2f×", x) }

func secs(d time.Duration) string {
	if d < time.Second {
		return ms(d)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func cpu(d time.Duration) string {
	if d <= 0 {
		return "n/a"
	}
	return secs(d)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func rate(x float64) string {
	switch {
	case x == 0:
		return "0"
	case x >= 10_000:
		return fmt.Sprintf("%.1fk", x/1000)
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

func kib(n int64) string { return fmt.Sprintf("%.2f KiB", float64(n)/(1<<10)) }

// count writes n with thin groups of thousands: 25,000.
func count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
