package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Decision is an editor's decision on one entry for one feed: selected
// whatever its score, or never.
type Decision struct {
	Selected bool
	Decided  time.Time // when the editor made it
}

// Decide records an editor's decision on entry id for feed, made at, and
// applies it to the feed's selection at once: the entry is selected or
// taken out, and the feed's stories are computed again at the next publish
// (see Grouped). A recomputed selection keeps it (see Curate) until Reset.
func (s *Store) Decide(ctx context.Context, feed string, id int64, selected bool, at time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (feed, entry_id, selected, decided) VALUES (?, ?, ?, ?)
			ON CONFLICT (feed, entry_id) DO UPDATE SET selected = excluded.selected, decided = excluded.decided`,
			feed, id, selected, at.Unix()); err != nil {
			return err
		}
		return setSelected(ctx, tx, feed, id, selected, nil)
	})
	if err != nil {
		return fmt.Errorf("decide on entry %d in %s: %w", id, feed, err)
	}
	return nil
}

// Reset forgets the editor's decision on entry id for feed, and puts back
// the automatic one: selected, on terms, or not.
func (s *Store) Reset(ctx context.Context, feed string, id int64, selected bool, terms []string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM decisions WHERE feed = ? AND entry_id = ?`, feed, id); err != nil {
			return err
		}
		return setSelected(ctx, tx, feed, id, selected, terms)
	})
	if err != nil {
		return fmt.Errorf("reset entry %d in %s: %w", id, feed, err)
	}
	return nil
}

// setSelected makes feed select entry id or not, in a story of its own
// until the feed's stories are computed again, as a new generation: a
// running daemon publishes when the generation changes.
func setSelected(ctx context.Context, tx *sql.Tx, feed string, id int64, selected bool, terms []string) error {
	var err error
	if selected {
		_, err = tx.ExecContext(ctx, `INSERT INTO selections (feed, entry_id, sort_time, terms, story)
			SELECT ?, id, sort_time, ?, id FROM entries WHERE id = ?
			ON CONFLICT (feed, entry_id) DO NOTHING`, feed, encodeStrings(terms), id)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM selections WHERE feed = ? AND entry_id = ?`, feed, id)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE curations SET grouped = '' WHERE feed = ?`, feed); err != nil {
		return err
	}
	return nextGeneration(ctx, tx)
}

// Decisions returns the editor's decisions for feed, by entry ID.
func (s *Store) Decisions(ctx context.Context, feed string) (map[int64]Decision, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT entry_id, selected, decided FROM decisions WHERE feed = ?`, feed)
	if err != nil {
		return nil, fmt.Errorf("read the decisions of %s: %w", feed, err)
	}
	out, err := scanDecisions(rows)
	if err != nil {
		return nil, fmt.Errorf("read the decisions of %s: %w", feed, err)
	}
	return out, nil
}

// decisions is Decisions within tx.
func decisions(ctx context.Context, tx *sql.Tx, feed string) (map[int64]Decision, error) {
	rows, err := tx.QueryContext(ctx, `SELECT entry_id, selected, decided FROM decisions WHERE feed = ?`, feed)
	if err != nil {
		return nil, err
	}
	return scanDecisions(rows)
}

func scanDecisions(rows *sql.Rows) (map[int64]Decision, error) {
	defer rows.Close()
	out := map[int64]Decision{}
	for rows.Next() {
		var id, decided int64
		var d Decision
		if err := rows.Scan(&id, &d.Selected, &decided); err != nil {
			return nil, err
		}
		d.Decided = time.Unix(decided, 0).UTC()
		out[id] = d
	}
	return out, rows.Err()
}
