package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/veille-project/veille"
)

// SaveFetch records the outcome of one fetch of a source and stores its new
// entries with their selections, all in one transaction: a crash leaves
// either the whole fetch or none of it. Entries already stored (same UID, or
// same link) are left as they are; each new one gets its ID. It returns how
// many entries were new.
func (s *Store) SaveFetch(ctx context.Context, sourceID int64, f Fetch, entries []veille.Item) (int, error) {
	added, err := s.SaveFetches(ctx, []SourceFetch{{SourceID: sourceID, Fetch: f, Entries: entries}}, nil)
	if err != nil {
		return 0, err
	}
	return added[0], nil
}

// SourceFetch is one fetch of a source, to save: its outcome and entries.
type SourceFetch struct {
	SourceID int64
	Fetch    Fetch
	Entries  []veille.Item
	// MaxNew, when positive, is how many new entries are stored at most:
	// the first new ones of Entries. Only the store knows which entries
	// are new, so the cap on a source that offers its whole content as new
	// on every pass (rotating GUIDs) is applied here.
	MaxNew int
	// Dropped is set by SaveFetches to how many new entries MaxNew kept
	// out.
	Dropped int
}

// SaveFetches saves fetches as SaveFetch does each, in one transaction: a
// crash leaves all of them or none. One commit for the fetches that
// arrived together costs less than one each, since every commit writes the
// index pages its entries touched, and entry UIDs are spread over all of
// them. It returns how many entries of each fetch were stored as new, and
// sets the Dropped count of each.
//
// place finds the story of each new selection; nil starts a story of its
// own for each.
func (s *Store) SaveFetches(ctx context.Context, fetches []SourceFetch, place Placer) ([]int, error) {
	added := make([]int, len(fetches))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i := range fetches {
			f := &fetches[i]
			if err := recordFetch(ctx, tx, f.SourceID, f.Fetch); err != nil {
				return fmt.Errorf("source %d: %w", f.SourceID, err)
			}
			n, dropped, err := insertEntries(ctx, tx, f, place)
			if err != nil {
				return fmt.Errorf("source %d: %w", f.SourceID, err)
			}
			added[i], f.Dropped = n, dropped
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save entries in %s: %w", s.path, err)
	}
	return added, nil
}

// insertEntries stores the new ones of f's entries, up to f.MaxNew of them
// when it is positive, and returns how many it stored and how many new ones
// it left out.
func insertEntries(ctx context.Context, tx *sql.Tx, f *SourceFetch, place Placer) (added, dropped int, err error) {
	sourceID, entries, maxNew := f.SourceID, f.Entries, f.MaxNew
	if len(entries) == 0 {
		return 0, 0, nil
	}
	ins, err := tx.PrepareContext(ctx, `
		INSERT INTO entries (uid, source_id, guid, link, title, summary, author,
			categories, published, updated, fetched, sort_time, summary_source, language)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, 0, err
	}
	defer ins.Close()
	sel, err := newSelector(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	defer sel.close()
	// The feed's title, context for curation, is read from the entries
	// that carry it: one statement per fetch that stores any.
	if title := entries[0].SourceTitle; title != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET title = ? WHERE id = ? AND title != ?`,
			title, sourceID, title); err != nil {
			return 0, 0, err
		}
	}
	selected := false
	for i := range entries {
		e := &entries[i]
		if maxNew > 0 && added == maxNew {
			if dropped, err = countNew(ctx, tx, sourceID, entries[i:]); err != nil {
				return 0, 0, err
			}
			break
		}
		res, err := ins.ExecContext(ctx, e.UID, sourceID, e.GUID, nullString(e.Link), e.Title, e.Summary,
			e.Author, encodeStrings(e.Categories), toUnix(e.Published), toUnix(e.Updated),
			e.Fetched.Unix(), e.SortTime().Unix(), summarySource(e.SummarySource), e.Language)
		if err != nil {
			return 0, 0, fmt.Errorf("insert %s: %w", e.UID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // a duplicate: the stored entry keeps its selections
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		for _, m := range e.Matches {
			if err := sel.insert(ctx, m, e, place); err != nil {
				return 0, 0, fmt.Errorf("select %s for %s: %w", e.UID, m.Feed, err)
			}
			selected = true
		}
		added++
	}
	if selected {
		if err := nextGeneration(ctx, tx); err != nil {
			return 0, 0, err
		}
	}
	return added, dropped, nil
}

// countNew returns how many of entries are not stored: the new entries a
// capped save leaves out. It runs only when a source exceeds its cap.
func countNew(ctx context.Context, tx *sql.Tx, sourceID int64, entries []veille.Item) (int, error) {
	known, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM entries
		WHERE uid = ? OR link = ? AND source_id = ?)`)
	if err != nil {
		return 0, err
	}
	defer known.Close()
	n := 0
	for i := range entries {
		var stored bool
		if err := known.QueryRowContext(ctx, entries[i].UID, nullString(entries[i].Link), sourceID).Scan(&stored); err != nil {
			return 0, fmt.Errorf("look up %s: %w", entries[i].UID, err)
		}
		if !stored {
			n++
		}
	}
	return n, nil
}

// Query selects entries to list, newest first.
type Query struct {
	Feed  string // only the entries this feed selects; "" for all
	Limit int    // at most this many; 0 means 50, < 0 all
}

// Entries returns the entries q asks for, newest first, each with its
// source and the feeds that select it.
func (s *Store) Entries(ctx context.Context, q Query) ([]veille.Item, error) {
	if q.Limit == 0 {
		q.Limit = 50
	}
	var rows *sql.Rows
	var err error
	if q.Feed == "" {
		rows, err = s.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM entries e
			JOIN sources s ON s.id = e.source_id
			ORDER BY e.sort_time DESC, e.id DESC LIMIT ?`, q.Limit)
	} else {
		rows, err = s.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM selections sel
			JOIN entries e ON e.id = sel.entry_id
			JOIN sources s ON s.id = e.source_id
			WHERE sel.feed = ?
			ORDER BY sel.sort_time DESC, sel.entry_id DESC LIMIT ?`, q.Feed, q.Limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	entries, err := scanEntries(rows)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	if err := s.loadMatches(ctx, entries); err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	return entries, nil
}

// Entry returns the stored entry id, with its source; ErrNoEntry if none.
func (s *Store) Entry(ctx context.Context, id int64) (veille.Item, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM entries e
		JOIN sources s ON s.id = e.source_id WHERE e.id = ?`, id)
	if err != nil {
		return veille.Item{}, fmt.Errorf("read entry %d: %w", id, err)
	}
	entries, err := scanEntries(rows)
	if err != nil {
		return veille.Item{}, fmt.Errorf("read entry %d: %w", id, err)
	}
	if len(entries) == 0 {
		return veille.Item{}, fmt.Errorf("read entry %d: %w", id, ErrNoEntry)
	}
	return entries[0], nil
}

const entryColumns = `e.id, e.uid, e.source_id, s.name, s.url, e.guid, coalesce(e.link, ''), e.title,
	e.summary, e.author, e.categories, e.published, e.updated, e.fetched, e.summary_source,
	e.article_html, e.language, s.title`

func scanEntries(rows *sql.Rows) ([]veille.Item, error) {
	return scanEntriesWith(rows, nil)
}

// scanEntriesWith scans rows of entryColumns followed by the columns that
// extra, called once per row, returns the destinations of.
func scanEntriesWith(rows *sql.Rows, extra func() []any) ([]veille.Item, error) {
	defer rows.Close()
	var out []veille.Item
	for rows.Next() {
		var e veille.Item
		var categories string
		var published, updated sql.NullInt64
		var fetched int64
		dest := []any{&e.ID, &e.UID, &e.SourceID, &e.SourceName, &e.SourceURL, &e.GUID, &e.Link,
			&e.Title, &e.Summary, &e.Author, &categories, &published, &updated, &fetched,
			&e.SummarySource, &e.ArticleHTML, &e.Language, &e.SourceTitle}
		if extra != nil {
			dest = append(dest, extra()...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e.Categories = decodeStrings(categories)
		e.Published, e.Updated = fromUnix(published), fromUnix(updated)
		e.Fetched = time.Unix(fetched, 0).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// loadMatches fills the Matches of entries with one query.
func (s *Store) loadMatches(ctx context.Context, entries []veille.Item) error {
	if len(entries) == 0 {
		return nil
	}
	index := make(map[int64]*veille.Item, len(entries))
	args := make([]any, len(entries))
	for i := range entries {
		index[entries[i].ID] = &entries[i]
		args[i] = entries[i].ID
	}
	rows, err := s.r.QueryContext(ctx, `SELECT entry_id, feed, terms FROM selections
		WHERE entry_id IN (`+placeholders(len(entries))+`) ORDER BY feed`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m veille.Match
		var terms string
		if err := rows.Scan(&id, &m.Feed, &terms); err != nil {
			return err
		}
		m.Terms = decodeStrings(terms)
		e := index[id]
		e.Matches = append(e.Matches, m)
	}
	return rows.Err()
}

func summarySource(s string) string {
	if s == "" {
		return veille.SummaryFeed
	}
	return s
}

func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func encodeStrings(list []string) string {
	if len(list) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(list) // a []string always marshals
	return string(b)
}

// decodeStrings reads what encodeStrings wrote; a corrupt value reads as
// empty rather than failing a whole listing.
func decodeStrings(s string) []string {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil
	}
	return list
}

// EntryCount returns how many entries are stored.
func (s *Store) EntryCount(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count entries: %w", err)
	}
	return n, nil
}

// Prune deletes the entries sorted before cutoff, except those a feed still
// publishes: the items of the newest keep[slug] stories each feed selects.
// Their selections go with them; a story that lost its lead, but not all its
// items, is led by its earliest item left. It returns how many entries it deleted.
func (s *Store) Prune(ctx context.Context, cutoff time.Time, keep map[string]int) (int64, error) {
	var deleted int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS published (id INTEGER PRIMARY KEY)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp.published`); err != nil {
			return err
		}
		for feed, limit := range keep {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO temp.published (id)
				SELECT entry_id FROM selections WHERE feed = ?1 AND story IN (
					SELECT story FROM selections WHERE feed = ?1 AND lead = 1
					ORDER BY sort_time DESC, entry_id DESC LIMIT ?2)`, feed, limit); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM entries
			WHERE sort_time < ? AND id NOT IN (SELECT id FROM temp.published)`, cutoff.Unix())
		if err != nil {
			return err
		}
		if deleted, err = res.RowsAffected(); err != nil || deleted == 0 {
			return err
		}
		if err := nextGeneration(ctx, tx); err != nil {
			return err
		}
		return electLeads(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("prune entries: %w", err)
	}
	return deleted, nil
}

// electLeads makes the earliest item of each story without a lead its lead.
func electLeads(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE selections AS s SET lead = 1
		WHERE lead = 0
		AND NOT EXISTS (SELECT 1 FROM selections l WHERE l.feed = s.feed AND l.story = s.story AND l.lead = 1)
		AND entry_id = (SELECT m.entry_id FROM selections m WHERE m.feed = s.feed AND m.story = s.story
			ORDER BY m.sort_time, m.entry_id LIMIT 1)`)
	return err
}
