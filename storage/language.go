package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// languageBatch is how many entries BackfillLanguages reads and updates at
// a time: one transaction each, so that a pass is never held long.
const languageBatch = 1000

// BackfillLanguages gives a language to the entries stored before veille
// detected languages (migration 0014 left them ”), once: detect returns
// the language of an entry's title and summary, "" when it cannot tell.
// It records that it ran, and returns how many entries it gave a language;
// an entry still without one afterwards is one whose language is unknown.
func (s *Store) BackfillLanguages(ctx context.Context, detect func(title, summary string) string) (int, error) {
	var done string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM state WHERE key = 'languages'`).Scan(&done)
	if err == nil {
		return 0, nil
	}
	if err != sql.ErrNoRows {
		return 0, fmt.Errorf("detect stored languages: %w", err)
	}
	set, after := 0, int64(0)
	for {
		n, last, err := s.backfillBatch(ctx, after, detect)
		if err != nil {
			return set, fmt.Errorf("detect stored languages: %w", err)
		}
		if last == 0 {
			break
		}
		set, after = set+n, last
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO state (key, value) VALUES ('languages', 'detected')
		ON CONFLICT (key) DO NOTHING`); err != nil {
		return set, fmt.Errorf("detect stored languages: %w", err)
	}
	return set, nil
}

// backfillBatch detects the languages of the next entries without one
// after id after, and returns how many it set and the last id it read (0
// when none was left).
func (s *Store) backfillBatch(ctx context.Context, after int64, detect func(title, summary string) string) (int, int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, summary FROM entries
		WHERE id > ? AND language = '' ORDER BY id LIMIT ?`, after, languageBatch)
	if err != nil {
		return 0, 0, err
	}
	type found struct {
		id   int64
		lang string
	}
	var langs []found
	var last int64
	for rows.Next() {
		var title, summary string
		if err := rows.Scan(&last, &title, &summary); err != nil {
			rows.Close()
			return 0, 0, err
		}
		if lang := detect(title, summary); lang != "" {
			langs = append(langs, found{last, lang})
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return 0, 0, err
	}
	rows.Close()
	if len(langs) == 0 {
		return 0, last, nil
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		upd, err := tx.PrepareContext(ctx, `UPDATE entries SET language = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		for _, l := range langs {
			if _, err := upd.ExecContext(ctx, l.lang, l.id); err != nil {
				return err
			}
		}
		return nil
	})
	return len(langs), last, err
}
