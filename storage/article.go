package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/veille-project/veille"
)

// Teasers returns up to limit entries selected by one of feeds whose feed
// text is a teaser, that have a link and fewer than maxTries failed article
// fetches, newest first: the entries whose article page is wanted.
func (s *Store) Teasers(ctx context.Context, feeds []string, maxTries, limit int) ([]veille.Item, error) {
	if len(feeds) == 0 || limit <= 0 {
		return nil, nil
	}
	args := make([]any, 0, len(feeds)+3)
	args = append(args, veille.SummaryTeaser, maxTries)
	for _, f := range feeds {
		args = append(args, f)
	}
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM entries e
		JOIN sources s ON s.id = e.source_id
		WHERE e.summary_source = ? AND e.article_tries < ? AND e.link IS NOT NULL
		AND e.id IN (SELECT entry_id FROM selections WHERE feed IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(feeds)), ",")+`))
		ORDER BY e.sort_time DESC, e.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list teasers: %w", err)
	}
	entries, err := scanEntries(rows)
	if err != nil {
		return nil, fmt.Errorf("list teasers: %w", err)
	}
	return entries, nil
}

// SaveArticle replaces the teaser summary of entry id by the lead of its
// article page, and keeps the page's sanitized HTML.
func (s *Store) SaveArticle(ctx context.Context, id int64, lead, html string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE entries SET summary = ?, article_html = ?, summary_source = ?,
			article_error = '' WHERE id = ?`, lead, html, veille.SummaryArticle, id)
		if err != nil {
			return err
		}
		return nextGeneration(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("save article of entry %d: %w", id, err)
	}
	return nil
}

// ArticleFailed records a failed fetch of entry id's article page. After
// maxTries failures the feed's text stays for good (SummaryFallback).
func (s *Store) ArticleFailed(ctx context.Context, id int64, cause string, maxTries int) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE entries SET article_tries = article_tries + 1, article_error = ?,
			summary_source = CASE WHEN article_tries + 1 >= ? THEN ? ELSE summary_source END
			WHERE id = ?`, cause, maxTries, veille.SummaryFallback, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("record article failure of entry %d: %w", id, err)
	}
	return nil
}
