package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/veille-project/veille"
	"github.com/veille-project/veille/config"
	"github.com/veille-project/veille/curation"
	"github.com/veille-project/veille/internal/text"
	"github.com/veille-project/veille/pipeline"
	"github.com/veille-project/veille/storage"
	"github.com/veille-project/veille/stories"
)

// withApp loads the configuration, opens the app, runs fn and closes it.
func (e *env) withApp(ctx context.Context, fn func(*app) error) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	log, err := e.logger()
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, log, e.hooks)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

func fetchFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.fetchSource, "source", "", "fetch only the source with this `name`, due or not")
	fs.BoolVar(&e.fetchForce, "force", false, "fetch every source, even those backing off or asked to wait")
	fs.BoolVar(&e.refetch, "refetch", false,
		"like -force, with unconditional requests (no ETag, no If-Modified-Since): store again what retention allows and was missing")
}

// runFetch runs one pass. On a terminal, stderr shows the sources done so
// far and a summary at the end; elsewhere only the logs are written, so that
// cron mails and log files get no control characters.
func runFetch(ctx context.Context, e *env) error {
	var line *progressLine
	if isTerminal(e.stderr) {
		line = &progressLine{w: e.stderr}
		e.stderr = line // the logs are written above the line
		e.hooks.progress = line.update
	}
	return e.withApp(ctx, func(a *app) error {
		if e.fetchSource != "" {
			if _, ok := a.cfg.Source(e.fetchSource); !ok {
				return usageError("fetch: no source named %q in %s", e.fetchSource, e.configPath)
			}
		}
		report, err := a.p.Pass(ctx, pipeline.PassOptions{Only: e.fetchSource, Force: e.fetchForce,
			Refetch: e.refetch})
		if line != nil && report != nil {
			line.finish(passSummary(report))
		}
		return err
	})
}

// runPublish publishes and says so in one line, so that a run from a
// terminal shows it did something, and what.
func runPublish(ctx context.Context, e *env) error {
	return e.withApp(ctx, func(a *app) error {
		site, err := a.p.Publish(ctx)
		if err != nil {
			return err
		}
		counts, err := a.store.SelectionCounts(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, publishSummary(a.cfg, site, counts))
		return nil
	})
}

// publishSummary reads "published 2 feeds to public (ia: 31 selected, eco:
// 3 selected); 3 documents changed". A feed publishes its limit of what it
// selects, fewer when copies of a story are one.
func publishSummary(cfg *config.Config, site *pipeline.Site, counts map[string]int) string {
	feeds := make([]string, 0, len(cfg.Feeds))
	for _, f := range cfg.Feeds {
		feeds = append(feeds, fmt.Sprintf("%s: %d selected", f.Slug, counts[f.Slug]))
	}
	changed := "nothing changed"
	if n := len(site.Changed); n > 0 {
		changed = plural(n, "document") + " changed"
	}
	line := fmt.Sprintf("published %s to %s", plural(len(cfg.Feeds), "feed"), cfg.OutputDir)
	if len(feeds) > 0 {
		line += " (" + strings.Join(feeds, ", ") + ")"
	}
	return line + "; " + changed
}

func sourcesFlags(fs *flag.FlagSet, e *env) {
	fs.BoolVar(&e.sourcesJSON, "json", false, "print a JSON array")
}

// jsonSource is the shape of `veille sources -json`; scripts depend on it.
// Times are RFC 3339 in UTC, null when there is none.
type jsonSource struct {
	Name   string `json:"name"`
	URL    string `json:"url"`
	Status string `json:"status"` // ok, not modified, error, gone or never fetched
	Error  string `json:"error"`  // the last error, with status error or gone
	// Warning says what was wrong with the last feed read, with status ok
	// or not modified, when its items were recovered from a document that
	// is not well-formed.
	Warning     string  `json:"warning"`
	MovedTo     string  `json:"moved_to"` // where a 301/308 moved the source, if it did
	SiteURL     string  `json:"site_url"` // the web site its feed links to, if known
	LastFetch   *string `json:"last_fetch"`
	LastSuccess *string `json:"last_success"`
	// NextCheck is when the source may be fetched again; null when it is
	// due at the next pass, or never fetched again (gone).
	NextCheck *string `json:"next_check"`
	Failures  int     `json:"failures"` // consecutive failed fetches
	Entries   int     `json:"entries"`
	// ArticlesOK and ArticlesFailed count the entries whose article page
	// gave their lead, and those whose page failed and never did.
	ArticlesOK     int `json:"articles_ok"`
	ArticlesFailed int `json:"articles_failed"`
	// Items is how many items the feed held at the last fetch that read
	// it; Skipped, how many of those were older than retention, so not
	// stored.
	Items   int `json:"items"`
	Skipped int `json:"skipped"`
}

func runSources(ctx context.Context, e *env) error {
	return e.withApp(ctx, func(a *app) error {
		sources, err := a.store.Sources(ctx)
		if err != nil {
			return err
		}
		stored := make(map[string]storage.Source, len(sources))
		for _, s := range sources {
			stored[s.Name] = s
		}
		now := a.now()
		rows := make([]jsonSource, len(a.cfg.Sources))
		for i, c := range a.cfg.Sources {
			rows[i] = newJSONSource(c.Name, c.URL, stored[c.Name], now)
		}
		if e.sourcesJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tSTATUS\tLAST SUCCESS\tNEXT CHECK\tFAILURES\tENTRIES\tARTICLES\tURL")
		for i, c := range a.cfg.Sources {
			s := stored[c.Name]
			// ARTICLES is failed/ok: pages that failed, pages that gave a lead.
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%d\t%d/%d\t%s\n", c.Name, cutMiddle(sourceStatus(s), maxStatus),
				formatTime(s.SucceededAt), nextCheck(s, now), rows[i].Failures, rows[i].Entries,
				rows[i].ArticlesFailed, rows[i].ArticlesOK, c.URL)
		}
		return w.Flush()
	})
}

// maxStatus is the widest STATUS cell, so that one long error does not
// push the other columns off the screen; -json has the whole message.
const maxStatus = 60

func newJSONSource(name, url string, s storage.Source, now time.Time) jsonSource {
	j := jsonSource{Name: name, URL: url, Status: s.Status, Error: s.Error, Warning: s.Warning, MovedTo: s.MovedTo, SiteURL: s.SiteURL,
		LastFetch: jsonTime(s.CheckedAt), LastSuccess: jsonTime(s.SucceededAt), Failures: s.Failures,
		Entries: s.Entries, Items: s.Items, Skipped: s.Skipped, ArticlesOK: s.ArticlesOK, ArticlesFailed: s.ArticlesFailed}
	if j.Status == "" {
		j.Status = "never fetched"
	}
	if s.Status != storage.StatusGone && !s.Due(now) {
		j.NextCheck = jsonTime(s.NextCheck)
	}
	return j
}

// jsonTime formats t as RFC 3339 in UTC; the zero time is null.
func jsonTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	v := t.UTC().Format(time.RFC3339)
	return &v
}

// cut shortens s to at most n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// cutMiddle shortens s to at most n runes by cutting its middle: an error
// message ends with its cause ("…: no such host", "…(Content-Type
// text/html)"), which the operator needs more than the operation it was
// wrapped in. The end kept starts at a word when one is near.
func cutMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	tail := r[len(r)-n/2:]
	if i := slices.Index(tail, ' '); i >= 0 && i < len(tail)/3 {
		tail = tail[i:]
	}
	head := r[:n-1-len(tail)]
	return string(head) + "…" + string(tail)
}

// sourceStatus is "never fetched", "ok", "not modified" (with the warning
// of a feed recovered from a document that is not well-formed), the error
// text or "gone", followed by where the source moved, if it did.
func sourceStatus(s storage.Source) string {
	status := s.Status
	switch s.Status {
	case "":
		status = "never fetched"
	case storage.StatusOK, storage.StatusNotModified:
		status += skippedNote(s.Items, s.Skipped)
		if s.Warning != "" {
			status += ", warning: " + oneLine(s.Warning)
		}
	case storage.StatusError:
		status = "error: " + oneLine(s.Error)
	case storage.StatusGone:
		status = "gone: " + oneLine(s.Error) + ", no longer fetched (change its url)"
	}
	if s.MovedTo != "" {
		status += " (moved to " + s.MovedTo + ")"
	}
	return status
}

// skippedNote explains the items of the last feed read that were not
// stored: ", 50 items older than retention" when it was all of them, which
// is why a source fetched ok has no entries.
func skippedNote(items, skipped int) string {
	switch {
	case skipped == 0:
		return ""
	case skipped == items:
		return ", " + plural(skipped, "item") + " older than retention"
	}
	return fmt.Sprintf(", %d of %d items older than retention", skipped, items)
}

// nextCheck is when the next pass may fetch s: "next pass" when it is due.
func nextCheck(s storage.Source, now time.Time) string {
	if s.Status == storage.StatusGone {
		return "never"
	}
	if s.Due(now) {
		return "next pass"
	}
	return formatTime(s.NextCheck)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func itemsFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.itemsFeed, "feed", "", "only the items the feed with this `slug` selects; with -why or -near, its reasons on every item")
	fs.IntVar(&e.itemsLimit, "limit", 20, "show at most `n` items; 0 for all")
	fs.BoolVar(&e.itemsJSON, "json", false, "print a JSON array")
	fs.BoolVar(&e.itemsWhy, "why", false, "tell why each feed (or -feed) selects each item or not")
	fs.BoolVar(&e.itemsSel, "selected", false, "only the items the feed selects")
	fs.BoolVar(&e.itemsNear, "near", false, "only the items the feed does not select that score above 0, best first")
	fs.StringVar(&e.itemsQuery, "q", "", "only the items whose title, link or source contains `text` (any case, any accents)")
}

// jsonItem is the shape of `veille items -json`; scripts depend on it.
type jsonItem struct {
	entryID int64 // the stored ID, to read its merges

	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Link      string  `json:"link"`
	Source    string  `json:"source"`
	Published *string `json:"published"` // RFC 3339, null when unknown
	Summary   string  `json:"summary"`
	// Language is the item's language, a primary subtag ("fr"); "" when
	// unknown.
	Language string   `json:"language"`
	Feeds    []string `json:"feeds"`
	// Why explains, with -why, each feed's decision, by slug.
	Why map[string]why `json:"why,omitempty"`
}

// why is a feed's decision on an item, for -why.
type why struct {
	Selected  bool           `json:"selected"`
	Score     float64        `json:"score"`
	Threshold float64        `json:"threshold"`
	Hits      []curation.Hit `json:"hits"`
	Excluded  []string       `json:"excluded"`
	Guarded   []string       `json:"guarded"`
	// OnTopic names the item's source when the feed holds its every item
	// on topic (always).
	OnTopic string `json:"on_topic,omitempty"`
	// Outside says why the feed does not consider the item (from,
	// languages).
	Outside string `json:"outside,omitempty"`
	// Editor is the editor's decision, "rejected by the editor on
	// 2026-12-03 10:14 UTC", which Selected follows; absent when none.
	Editor string `json:"editor,omitempty"`
	// Merged says, when the feed publishes the item as part of another
	// item's story, which one and why; absent otherwise.
	Merged *merged `json:"merged,omitempty"`
}

// merged explains a merge, from what was recorded when it was made.
type merged struct {
	Into       mergedItem `json:"into"` // the story's published item
	Like       mergedItem `json:"like"` // the item it was found most like, often the same
	Similarity float64    `json:"similarity"`
	SameLink   bool       `json:"same_link"` // both list the same article link
	// Shared is the evidence: words, names and figures both items state.
	Shared stories.Evidence `json:"shared"`
}

// mergedItem names a stored item as `veille items` does.
type mergedItem struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func runItems(ctx context.Context, e *env) error {
	if e.itemsLimit < 0 {
		return usageError("items: -limit must be 0 (all) or positive")
	}
	return e.withApp(ctx, func(a *app) error {
		feeds := a.cfg.Feeds
		if e.itemsFeed != "" {
			i := slices.IndexFunc(feeds, func(f config.Feed) bool { return f.Slug == e.itemsFeed })
			if i < 0 {
				return usageError("items: no feed with slug %q in %s", e.itemsFeed, e.configPath)
			}
			feeds = feeds[i : i+1]
		}
		if (e.itemsSel || e.itemsNear) && len(feeds) != 1 {
			return usageError("items: -selected and -near need -feed, with several feeds in %s", e.configPath)
		}
		if e.itemsSel && e.itemsNear {
			return usageError("items: -selected and -near exclude each other")
		}
		limit := e.itemsLimit
		if limit == 0 {
			limit = -1 // all
		}
		q := storage.Query{Limit: limit}
		// -feed alone lists what the feed selects, as it always did; with
		// -why or -near, every stored item is a candidate.
		if e.itemsSel || e.itemsFeed != "" && !e.itemsWhy && !e.itemsNear {
			q.Feed = feeds[0].Slug
		}
		if e.itemsNear || e.itemsQuery != "" {
			q.Limit = -1 // filtered here, then cut to the limit
		}
		entries, err := a.store.Entries(ctx, q)
		if err != nil {
			return err
		}
		if e.itemsQuery != "" {
			entries = slices.DeleteFunc(entries, func(en veille.Item) bool { return !contains(en, e.itemsQuery) })
		}
		decisions := make(map[string]map[int64]storage.Decision, len(feeds))
		for _, f := range feeds {
			if decisions[f.Slug], err = a.store.Decisions(ctx, f.Slug); err != nil {
				return err
			}
		}
		var merges map[int64][]storage.Merge
		items := make([]jsonItem, 0, len(entries))
		for i := range entries {
			it := newJSONItem(&entries[i])
			if e.itemsWhy || e.itemsNear {
				it.Why = explain(a.p, feeds, &entries[i], nil, decisions)
			}
			if e.itemsNear {
				if y := it.Why[feeds[0].Slug]; y.Selected || y.Score <= 0 {
					continue
				}
			}
			items = append(items, it)
		}
		if e.itemsNear {
			slug := feeds[0].Slug
			slices.SortStableFunc(items, func(x, y jsonItem) int { return cmp.Compare(y.Why[slug].Score, x.Why[slug].Score) })
		}
		if limit > 0 && len(items) > limit {
			items = items[:limit]
		}
		if e.itemsWhy {
			if merges, err = a.store.Merges(ctx, itemIDs(items)); err != nil {
				return err
			}
			for i := range items {
				for slug, y := range items[i].Why {
					for _, m := range merges[items[i].entryID] {
						if m.Feed == slug {
							y.Merged = newMerged(m)
						}
					}
					items[i].Why[slug] = y
				}
			}
		} else {
			for i := range items {
				items[i].Why = nil // -near explained them to choose them
			}
		}
		if e.itemsJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			return enc.Encode(items)
		}
		writeItemsText(e.stdout, items, feeds)
		return nil
	})
}

// itemIDs returns the stored IDs of items.
func itemIDs(items []jsonItem) []int64 {
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].entryID
	}
	return ids
}

// contains reports whether the title, link or source of en contains q,
// whatever their case and accents: "generative" finds "Générative".
func contains(en veille.Item, q string) bool {
	q = fold(q)
	return strings.Contains(fold(en.Title), q) || strings.Contains(fold(en.Link), q) ||
		strings.Contains(fold(en.SourceName), q)
}

// fold spells s without case or accents, as curation matches terms.
func fold(s string) string {
	var out []byte
	for _, r := range text.Decompose(nil, s) {
		if !text.IsMark(r) {
			out = text.AppendFoldedLower(out, r)
		}
	}
	return string(out)
}

func newJSONItem(en *veille.Item) jsonItem {
	it := jsonItem{entryID: en.ID, ID: en.UID, Title: en.Title, Link: en.Link, Source: en.SourceName,
		Summary: en.Summary, Language: en.Language, Feeds: []string{}}
	if !en.Published.IsZero() {
		p := en.Published.UTC().Format(time.RFC3339)
		it.Published = &p
	}
	for _, m := range en.Matches {
		it.Feeds = append(it.Feeds, m.Feed)
	}
	return it
}

// explain runs each feed's rules on en again, to show their reasons, and
// tells the merges recorded of it.
func explain(p *pipeline.Pipeline, feeds []config.Feed, en *veille.Item, merges []storage.Merge,
	decisions map[string]map[int64]storage.Decision) map[string]why {
	out := make(map[string]why, len(feeds))
	for _, f := range feeds {
		r, _ := p.Explain(f.Slug, en)
		y := why{Selected: r.Selected, Score: r.Score, Threshold: f.Threshold,
			Hits: nonNil(r.Hits), Excluded: nonNil(r.Excluded), Guarded: nonNil(r.Guarded),
			OnTopic: r.OnTopic, Outside: r.Outside}
		if d, ok := decisions[f.Slug][en.ID]; ok {
			y.Selected, y.Editor = d.Selected, decisionText(d)
		}
		for _, m := range merges {
			if m.Feed == f.Slug {
				y.Merged = newMerged(m)
			}
		}
		out[f.Slug] = y
	}
	return out
}

func newMerged(m storage.Merge) *merged {
	out := &merged{Into: mergedItem{ID: m.LeadUID, Title: m.LeadTitle}, Like: mergedItem{ID: m.LinkUID, Title: m.LinkTitle},
		Similarity: math.Round(m.Score*1000) / 1000}
	var ev struct {
		stories.Evidence
		SameLink bool `json:"same_link"`
	}
	// Stories found before evidence was kept have none: the merge is
	// still told, without it.
	if json.Unmarshal([]byte(m.Evidence), &ev) == nil {
		out.Shared, out.SameLink = ev.Evidence, ev.SameLink
	}
	out.Shared.Words, out.Shared.Names, out.Shared.Figures = nonNil(out.Shared.Words), nonNil(out.Shared.Names),
		nonNil(out.Shared.Figures)
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeItemsText(w io.Writer, items []jsonItem, feeds []config.Feed) {
	for _, it := range items {
		published := "-"
		if it.Published != nil {
			published = *it.Published
		}
		lang := it.Language
		if lang == "" {
			lang = "-"
		}
		fmt.Fprintf(w, "%s  %s  %s\n    %s  %s  %s\n", published, it.Source, it.Title, itemRef(it.ID), lang, it.Link)
		for _, f := range feeds {
			if y, ok := it.Why[f.Slug]; ok {
				fmt.Fprintf(w, "    %s: %s\n", f.Slug, y)
				if y.Merged != nil {
					fmt.Fprintf(w, "      %s\n", y.Merged)
				}
			}
		}
	}
}

// String reads as "selected, score 4 ≥ 2: IA (title), chatbot (summary ×2)".
func (y why) String() string {
	var b strings.Builder
	verdict, cmp := "not selected", "<"
	if y.Score >= y.Threshold {
		cmp = "≥"
	}
	if y.Selected {
		verdict = "selected"
	}
	fmt.Fprintf(&b, "%s, score %g %s %g", verdict, y.Score, cmp, y.Threshold)
	if y.Editor != "" {
		fmt.Fprintf(&b, " (%s)", y.Editor)
	}
	if y.OnTopic != "" {
		fmt.Fprintf(&b, "; source %q is on topic", y.OnTopic)
	}
	if y.Outside != "" {
		fmt.Fprintf(&b, "; %s", y.Outside)
	}
	sep := ": "
	for _, h := range y.Hits {
		count, points := "", ""
		if h.Count > 1 {
			count = fmt.Sprintf(" ×%d", h.Count)
		}
		if h.Points > 0 {
			points = fmt.Sprintf(" +%g", h.Points)
		}
		fmt.Fprintf(&b, "%s%s (%s%s%s)", sep, h.Term, h.Field, count, points)
		sep = ", "
	}
	if len(y.Excluded) > 0 {
		fmt.Fprintf(&b, "; excluded by %s", strings.Join(y.Excluded, ", "))
	}
	if len(y.Guarded) > 0 {
		fmt.Fprintf(&b, "; guarded: %s", strings.Join(y.Guarded, ", "))
	}
	return b.String()
}

// itemRef is an item's short ID as the text output prints it: the first 8
// characters of its UUID, which 'veille select' and the like take.
func itemRef(uid string) string {
	id := shortID(uid)
	return id[:min(8, len(id))]
}

// shortID is an item's ID as the text output prints it and `veille
// unmerge` takes it: its UUID, without "urn:uuid:".
func shortID(uid string) string { return strings.TrimPrefix(uid, "urn:uuid:") }

// String reads as `merged into 1f0c… "Title": similarity 0.62, sharing
// names openai; figures 14000; words licenciements`, naming the item it was
// found most like when it is not the story's published item.
func (m *merged) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "merged into %s %q", shortID(m.Into.ID), m.Into.Title)
	if m.SameLink {
		b.WriteString(": the same article link")
	} else {
		fmt.Fprintf(&b, ": similarity %g", m.Similarity)
	}
	switch {
	case m.Like.ID == "":
		b.WriteString(" with an item since pruned")
	case m.Like.ID != m.Into.ID:
		fmt.Fprintf(&b, " with %s %q", shortID(m.Like.ID), m.Like.Title)
	}
	sep := ", sharing "
	for _, part := range []struct {
		name  string
		terms []string
	}{{"names", m.Shared.Names}, {"figures", m.Shared.Figures}, {"words", m.Shared.Words}} {
		if len(part.terms) > 0 {
			fmt.Fprintf(&b, "%s%s %s", sep, part.name, strings.Join(part.terms, ", "))
			sep = "; "
		}
	}
	return b.String()
}

func unmergeFlags(fs *flag.FlagSet, e *env) {
	fs.StringVar(&e.itemsFeed, "feed", "", "only in the feed with this `slug` (default: every feed that merged it)")
}

// runUnmerge takes an item out of the story it was merged into, for good,
// and publishes.
func runUnmerge(ctx context.Context, e *env) error {
	if len(e.args) != 1 {
		return usageError("unmerge: want one item ID, as 'veille items' prints it")
	}
	return e.withApp(ctx, func(a *app) error {
		if e.itemsFeed != "" && !slices.ContainsFunc(a.cfg.Feeds, func(f config.Feed) bool { return f.Slug == e.itemsFeed }) {
			return usageError("unmerge: no feed with slug %q in %s", e.itemsFeed, e.configPath)
		}
		id, uid, err := a.store.FindEntry(ctx, e.args[0])
		if err != nil {
			return err
		}
		merges, err := a.store.Merges(ctx, []int64{id})
		if err != nil {
			return err
		}
		var feeds []string
		for _, m := range merges[id] {
			if e.itemsFeed == "" || m.Feed == e.itemsFeed {
				feeds = append(feeds, m.Feed)
			}
		}
		if len(feeds) == 0 {
			return fmt.Errorf("unmerge %s: %w", shortID(uid), storage.ErrNotMerged)
		}
		for _, feed := range feeds {
			if err := a.store.Unmerge(ctx, feed, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %s is published on its own from now on\n", feed, shortID(uid))
		}
		_, err = a.p.Publish(ctx)
		return err
	})
}
