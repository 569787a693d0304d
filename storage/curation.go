package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/veille-project/veille"
)

// Curator decides which entries a curated feed selects.
type Curator struct {
	Feed string // the feed's slug
	// Fingerprint identifies the rules: stored selections made under
	// another fingerprint are recomputed.
	Fingerprint string
	// Match reports whether the feed selects e, and on which terms.
	Match func(e *veille.Item) (terms []string, ok bool)
}

// recurateBatch is how many entries are read at a time when recomputing
// selections: enough to amortize the query, small enough to bound memory.
const recurateBatch = 1000

// Curate brings the stored selections in line with curators: the feeds no
// longer listed are forgotten, and the feeds whose rules changed since their
// selections were computed are recomputed over every stored entry. It
// returns the slugs it recomputed and those it forgot. Each feed is
// recomputed in one transaction, so readers see the old selection until the
// new one is whole.
func (s *Store) Curate(ctx context.Context, curators []Curator) (recomputed, forgotten []string, err error) {
	forgotten, err = s.forgetOtherFeeds(ctx, curators)
	if err != nil {
		return nil, nil, fmt.Errorf("curate: %w", err)
	}
	for _, c := range curators {
		var stored string
		err := s.w.QueryRowContext(ctx, `SELECT fingerprint FROM curations WHERE feed = ?`, c.Feed).Scan(&stored)
		if err != nil && err != sql.ErrNoRows {
			return recomputed, forgotten, fmt.Errorf("curate %s: %w", c.Feed, err)
		}
		if stored == c.Fingerprint {
			continue
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return recurate(ctx, tx, c) }); err != nil {
			return recomputed, forgotten, fmt.Errorf("curate %s: %w", c.Feed, err)
		}
		recomputed = append(recomputed, c.Feed)
	}
	return recomputed, forgotten, nil
}

// forgetOtherFeeds deletes the selections of the feeds curators do not
// list, and returns those feeds' slugs: every feed once curated has a row
// in curations, selected entries or not.
func (s *Store) forgetOtherFeeds(ctx context.Context, curators []Curator) (forgotten []string, err error) {
	keep := make([]any, len(curators))
	for i, c := range curators {
		keep[i] = c.Feed
	}
	notIn := ""
	if len(keep) > 0 {
		notIn = ` WHERE feed NOT IN (` + strings.TrimSuffix(strings.Repeat("?,", len(keep)), ",") + `)`
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		forgotten, err = feedsOf(ctx, tx, `SELECT feed FROM curations`+notIn+` ORDER BY feed`, keep)
		if err != nil {
			return err
		}
		if len(forgotten) == 0 {
			return nil
		}
		if err := nextGeneration(ctx, tx); err != nil {
			return err
		}
		// Feed by feed, through the primary key: NOT IN over selections
		// would read every selection of every feed, at every pass.
		for _, feed := range forgotten {
			if _, err := tx.ExecContext(ctx, `DELETE FROM selections WHERE feed = ?`, feed); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM curations`+notIn, keep...)
		return err
	})
	return forgotten, err
}

// feedsOf returns the slugs query selects.
func feedsOf(ctx context.Context, tx *sql.Tx, query string, args []any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var slugs []string
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		slugs = append(slugs, slug)
	}
	return slugs, rows.Err()
}

func recurate(ctx context.Context, tx *sql.Tx, c Curator) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM selections WHERE feed = ?`, c.Feed); err != nil {
		return err
	}
	// Each selection starts a story of its own: the stories are computed
	// again (see Regroup), since grouped is reset below.
	ins, err := tx.PrepareContext(ctx, `INSERT INTO selections (feed, entry_id, sort_time, terms, story)
		VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	decided, err := decisions(ctx, tx, c.Feed)
	if err != nil {
		return err
	}
	var after int64
	for {
		batch, err := entryTexts(ctx, tx, after)
		if err != nil || len(batch) == 0 {
			if err == nil {
				break
			}
			return err
		}
		for i := range batch {
			e := &batch[i]
			terms, ok := c.Match(e)
			if d, found := decided[e.ID]; found {
				ok = d.Selected
			}
			if !ok {
				continue
			}
			if _, err := ins.ExecContext(ctx, c.Feed, e.ID, e.SortTime().Unix(), encodeStrings(terms), e.ID); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].ID
	}
	if err := nextGeneration(ctx, tx); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO curations (feed, fingerprint, grouped) VALUES (?, ?, '')
		ON CONFLICT (feed) DO UPDATE SET fingerprint = excluded.fingerprint, grouped = ''`, c.Feed, c.Fingerprint)
	return err
}

// entryTexts reads the next batch of entries after id, with the fields
// curation looks at.
func entryTexts(ctx context.Context, tx *sql.Tx, after int64) ([]veille.Item, error) {
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.source_id, s.name, s.title, e.title, e.summary, e.categories,
			e.published, e.fetched, e.language
		FROM entries e JOIN sources s ON s.id = e.source_id WHERE e.id > ? ORDER BY e.id LIMIT ?`, after, recurateBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []veille.Item
	for rows.Next() {
		var e veille.Item
		var categories string
		var published sql.NullInt64
		var fetched int64
		if err := rows.Scan(&e.ID, &e.SourceID, &e.SourceName, &e.SourceTitle, &e.Title, &e.Summary, &categories,
			&published, &fetched, &e.Language); err != nil {
			return nil, err
		}
		e.Categories = decodeStrings(categories)
		e.Published = fromUnix(published)
		e.Fetched = fromUnix(sql.NullInt64{Int64: fetched, Valid: true})
		out = append(out, e)
	}
	return out, rows.Err()
}

// SelectionCounts returns how many stored entries each feed selects, by
// slug; feeds that select none are absent.
func (s *Store) SelectionCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT feed, count(*) FROM selections GROUP BY feed`)
	if err != nil {
		return nil, fmt.Errorf("count selections: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var feed string
		var n int
		if err := rows.Scan(&feed, &n); err != nil {
			return nil, fmt.Errorf("count selections: %w", err)
		}
		counts[feed] = n
	}
	return counts, rows.Err()
}
