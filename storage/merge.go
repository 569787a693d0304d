package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Merge says that a feed publishes an entry as part of another's story:
// the entry is hidden behind the story's lead, which credits it.
type Merge struct {
	Feed string
	// Lead is the story's published item; Link the entry this one was
	// found most like (often the lead), with their similarity.
	LeadID, LinkID       int64
	LeadUID, LinkUID     string
	LeadTitle, LinkTitle string
	Score                float64
	// Evidence is what the entry shares with Link, as the JSON object the
	// Placer recorded; "" for stories found before evidence was kept.
	Evidence string
}

// Merges returns, by entry ID, how the feeds that select each of ids and
// do not publish it themselves merged it into another entry's story.
func (s *Store) Merges(ctx context.Context, ids []int64) (map[int64][]Merge, error) {
	out := map[int64][]Merge{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	// An entry that led its story until an earlier report linked to it has
	// no link of its own: the merge is told by that report's link (rev).
	// The link may have been pruned since: the merge is still told, by its
	// lead.
	rows, err := s.r.QueryContext(ctx, `SELECT sel.entry_id, sel.feed,
			coalesce(rev.score, sel.score), coalesce(rev.evidence, sel.evidence),
			le.id, le.uid, le.title, coalesce(li.id, 0), coalesce(li.uid, ''), coalesce(li.title, '')
		FROM selections sel
		JOIN selections ls ON ls.feed = sel.feed AND ls.story = sel.story AND ls.lead = 1
		JOIN entries le ON le.id = ls.entry_id
		LEFT JOIN selections rev ON sel.link IS NULL AND rev.feed = sel.feed AND rev.story = sel.story
			AND rev.link = sel.entry_id
		LEFT JOIN entries li ON li.id = coalesce(sel.link, rev.entry_id)
		WHERE sel.entry_id IN (`+placeholders(len(ids))+`) AND sel.lead = 0
		ORDER BY sel.entry_id, sel.feed, rev.sort_time, rev.entry_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read merges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m Merge
		if err := rows.Scan(&id, &m.Feed, &m.Score, &m.Evidence, &m.LeadID, &m.LeadUID, &m.LeadTitle,
			&m.LinkID, &m.LinkUID, &m.LinkTitle); err != nil {
			return nil, fmt.Errorf("read merges: %w", err)
		}
		if ms := out[id]; len(ms) > 0 && ms[len(ms)-1].Feed == m.Feed {
			continue // another report linked to it too: the first tells
		}
		out[id] = append(out[id], m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read merges: %w", err)
	}
	return out, nil
}

// ErrNoEntry is returned when no stored entry has the ID asked for.
var ErrNoEntry = errors.New("no such entry")

// minUIDPrefix is the shortest prefix of an entry's UUID that FindEntry
// accepts: shorter ones name too many entries to be meant.
const minUIDPrefix = 6

// FindEntry returns the ID and UID of the entry whose UID is uid, or whose
// UUID (the UID without "urn:uuid:") starts with uid, of at least
// minUIDPrefix characters; ErrNoEntry if none, an error if several.
func (s *Store) FindEntry(ctx context.Context, uid string) (int64, string, error) {
	prefix := strings.ToLower(strings.TrimPrefix(uid, "urn:uuid:"))
	if len(prefix) < minUIDPrefix {
		return 0, "", fmt.Errorf("find entry %q: give at least %d characters of its ID", uid, minUIDPrefix)
	}
	// A range on the unique index of uid, not LIKE, whose escaping and
	// case rules would keep the index from being used.
	from := "urn:uuid:" + prefix
	rows, err := s.r.QueryContext(ctx, `SELECT id, uid FROM entries WHERE uid >= ? AND uid < ? ORDER BY uid LIMIT 2`,
		from, from+"\U0010FFFF")
	if err != nil {
		return 0, "", fmt.Errorf("find entry %q: %w", uid, err)
	}
	defer rows.Close()
	var ids []int64
	var uids []string
	for rows.Next() {
		var id int64
		var u string
		if err := rows.Scan(&id, &u); err != nil {
			return 0, "", fmt.Errorf("find entry %q: %w", uid, err)
		}
		ids, uids = append(ids, id), append(uids, u)
	}
	if err := rows.Err(); err != nil {
		return 0, "", fmt.Errorf("find entry %q: %w", uid, err)
	}
	switch len(ids) {
	case 0:
		return 0, "", fmt.Errorf("find entry %q: %w", uid, ErrNoEntry)
	case 1:
		return ids[0], uids[0], nil
	}
	return 0, "", fmt.Errorf("find entry %q: several entries start so (%s, %s…): give more of the ID", uid, uids[0], uids[1])
}

// ErrNotMerged is returned by Unmerge for an entry that no story hides.
var ErrNotMerged = errors.New("not merged into another item's story")

// Unmerge records that feed must publish entry id on its own, and has the
// feed's stories computed again at the next publish (see Grouped): the
// decision is kept by every later computation (see Unmerged).
func (s *Store) Unmerge(ctx context.Context, feed string, id int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var merged bool
		err := tx.QueryRowContext(ctx, `SELECT lead = 0 OR story != entry_id OR link IS NOT NULL
			FROM selections WHERE feed = ? AND entry_id = ?`, feed, id).Scan(&merged)
		if err == sql.ErrNoRows || err == nil && !merged {
			return ErrNotMerged
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unmerged (feed, entry_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, feed, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE curations SET grouped = '' WHERE feed = ?`, feed)
		return err
	})
	if err != nil {
		return fmt.Errorf("unmerge entry %d in %s: %w", id, feed, err)
	}
	return nil
}

// Unmerged returns the entries an editor took out of their story in feed.
func (s *Store) Unmerged(ctx context.Context, feed string) (map[int64]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT entry_id FROM unmerged WHERE feed = ?`, feed)
	if err != nil {
		return nil, fmt.Errorf("read the unmerged entries of %s: %w", feed, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read the unmerged entries of %s: %w", feed, err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// SourceText is the text of a stored entry, to learn what its source
// repeats.
type SourceText struct {
	UID, Title, Summary string
}

// SourceTexts returns the texts of the latest limit entries of a source.
func (s *Store) SourceTexts(ctx context.Context, sourceID int64, limit int) ([]SourceText, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT uid, title, summary FROM entries WHERE source_id = ?
		ORDER BY id DESC LIMIT ?`, sourceID, limit)
	if err != nil {
		return nil, fmt.Errorf("read the entries of source %d: %w", sourceID, err)
	}
	defer rows.Close()
	var out []SourceText
	for rows.Next() {
		var t SourceText
		if err := rows.Scan(&t.UID, &t.Title, &t.Summary); err != nil {
			return nil, fmt.Errorf("read the entries of source %d: %w", sourceID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
