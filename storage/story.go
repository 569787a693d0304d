package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/veille-project/veille"
)

// Placement says which story a feed's new selection belongs to; see
// stories.Placement, whose keys are entry IDs here.
type Placement struct {
	Story  int64   // entry ID of the story's first item; 0: the entry's own
	Link   int64   // the entry it is most like; 0 when it starts a story
	Score  float64 // their similarity
	Lead   bool    // it represents its story from now on
	Former int64   // the lead it replaces, 0 if none
	// Evidence is what the entry shares with Link, as a JSON object,
	// kept to explain the merge; "" when it starts a story.
	Evidence string
}

// A Placer finds the story of an entry that feed selects, as the entry is
// stored: it runs on the writer, inside the transaction, once the entry has
// its ID, in the order entries are stored. same is the story of another
// source's entry with the same link that feed selects, nil if none: the
// copies of one link are one story, whatever their texts say.
type Placer func(feed string, e *veille.Item, same *SameLink) (Placement, error)

// SameLink is a stored selection of another source's entry with the same
// link, and the lead of its story.
type SameLink struct {
	Entry, Story, Lead int64
	LeadTime           time.Time // the lead's sort time
}

// prepareSameLink prepares, in tx, the query of sameLink: it runs for every
// new selection, and preparing it each time would cost more than running it.
func prepareSameLink(ctx context.Context, tx *sql.Tx) (*sql.Stmt, error) {
	// The entries with the link first, through their unique index, and the
	// story's lead through the stories' index: SQLite, without statistics,
	// would otherwise scan the feed's selections for either.
	return tx.PrepareContext(ctx, `SELECT sel.entry_id, sel.story, l.entry_id, l.sort_time
		FROM (SELECT id FROM entries WHERE link = ?2 AND id != ?3) e
		CROSS JOIN selections sel ON sel.entry_id = e.id AND sel.feed = ?1
		JOIN selections l INDEXED BY selections_story ON l.feed = ?1 AND l.story = sel.story AND l.lead = 1
		WHERE ?5 = 0 OR (sel.sort_time, sel.entry_id) < (?4, ?5)
		ORDER BY sel.sort_time, sel.entry_id LIMIT 1`)
}

// sameLink returns, with the statement of prepareSameLink, the selection by
// feed of another entry with link, sorted before (beforeTime, beforeID)
// when beforeID is not 0; nil if none.
func sameLink(ctx context.Context, stmt *sql.Stmt, feed, link string, id, beforeTime, beforeID int64) (*SameLink, error) {
	if link == "" {
		return nil, nil
	}
	var s SameLink
	var leadTime int64
	err := stmt.QueryRowContext(ctx, feed, link, id, beforeTime, beforeID).
		Scan(&s.Entry, &s.Story, &s.Lead, &leadTime)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.LeadTime = time.Unix(leadTime, 0).UTC()
	return &s, nil
}

// selector inserts selections with their stories, in one transaction.
type selector struct {
	ins, demote, same *sql.Stmt
}

func newSelector(ctx context.Context, tx *sql.Tx) (*selector, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO selections (feed, entry_id, sort_time, terms, story, link, score,
		lead, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	demote, err := tx.PrepareContext(ctx, `UPDATE selections SET lead = 0 WHERE feed = ? AND entry_id = ?`)
	if err != nil {
		ins.Close()
		return nil, err
	}
	same, err := prepareSameLink(ctx, tx)
	if err != nil {
		ins.Close()
		demote.Close()
		return nil, err
	}
	return &selector{ins: ins, demote: demote, same: same}, nil
}

func (s *selector) close() { s.ins.Close(); s.demote.Close(); s.same.Close() }

// insert stores that m.Feed selects e, in the story place finds.
func (s *selector) insert(ctx context.Context, m veille.Match, e *veille.Item, place Placer) error {
	p := Placement{Lead: true}
	if place != nil {
		same, err := sameLink(ctx, s.same, m.Feed, e.Link, e.ID, 0, 0)
		if err != nil {
			return err
		}
		if p, err = place(m.Feed, e, same); err != nil {
			return err
		}
	}
	if p.Story == 0 {
		p.Story = e.ID
	}
	if p.Lead && p.Former != 0 {
		if _, err := s.demote.ExecContext(ctx, m.Feed, p.Former); err != nil {
			return err
		}
	}
	_, err := s.ins.ExecContext(ctx, m.Feed, e.ID, e.SortTime().Unix(), encodeStrings(m.Terms), p.Story,
		sql.NullInt64{Int64: p.Link, Valid: p.Link != 0}, p.Score, p.Lead, p.Evidence)
	return err
}

// Stories returns the newest limit stories that feed selects, newest lead
// first: each story is its lead, the earliest report, with its other
// items, newest first, in Related.
func (s *Store) Stories(ctx context.Context, feed string, limit int) ([]veille.Item, error) {
	stories, err := s.leadStories(ctx, feed, limit)
	if err != nil || len(stories) == 0 {
		return nil, err
	}
	args := make([]any, 0, len(stories)+1)
	args = append(args, feed)
	for _, id := range stories {
		args = append(args, id)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+entryColumns+`, sel.story, sel.lead FROM selections sel INDEXED BY selections_story
		JOIN entries e ON e.id = sel.entry_id
		JOIN sources s ON s.id = e.source_id
		WHERE sel.feed = ? AND sel.story IN (`+placeholders(len(stories))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	type member struct {
		story int64
		lead  bool
	}
	var members []member
	items, err := scanEntriesWith(rows, func() []any {
		members = append(members, member{})
		m := &members[len(members)-1]
		return []any{&m.story, &m.lead}
	})
	if err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	if err := s.loadMatches(ctx, items); err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	// The stories are looked up by their index, named because SQLite,
	// without statistics, walks the feed's whole selection instead (40 ms
	// at 10^6 entries); and sorted here, since an ORDER BY would take it
	// back to that walk.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(items[b].SortTime().Compare(items[a].SortTime()), cmp.Compare(items[b].ID, items[a].ID))
	})
	leads := make(map[int64]*veille.Item, len(stories))
	for i := range items {
		if members[i].lead {
			leads[members[i].story] = &items[i]
		}
	}
	for _, i := range order {
		if lead := leads[members[i].story]; lead != nil && !members[i].lead {
			lead.Related = append(lead.Related, items[i])
		}
	}
	out := make([]veille.Item, 0, len(stories))
	for _, id := range stories {
		if lead := leads[id]; lead != nil {
			out = append(out, *lead)
		}
	}
	return out, nil
}

// leadStories returns the stories of the newest limit leads of feed.
func (s *Store) leadStories(ctx context.Context, feed string, limit int) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT story FROM selections WHERE feed = ? AND lead = 1
		ORDER BY sort_time DESC, entry_id DESC LIMIT ?`, feed, limit)
	if err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read stories of %s: %w", feed, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// StoryDoc is a selection as story grouping sees it.
type StoryDoc struct {
	ID, Story, SourceID  int64
	UID                  string
	Lead                 bool
	Title, Summary, Link string // Link is read by Regroup only
	SortTime             time.Time
}

// StoryDocs returns the selections of feed sorted in [from, to), oldest
// first, to index the stories that new entries may join.
func (s *Store) StoryDocs(ctx context.Context, feed string, from, to time.Time) ([]StoryDoc, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sel.entry_id, sel.story, e.source_id, e.uid, sel.lead, e.title, e.summary,
		sel.sort_time FROM selections sel JOIN entries e ON e.id = sel.entry_id
		WHERE sel.feed = ? AND sel.sort_time >= ? AND sel.sort_time < ?
		ORDER BY sel.sort_time, sel.entry_id`, feed, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	docs, err := scanStoryDocs(rows, false)
	if err != nil {
		return nil, fmt.Errorf("read stories of %s: %w", feed, err)
	}
	return docs, nil
}

// scanStoryDocs scans rows of StoryDoc's fields, and its link if withLink.
func scanStoryDocs(rows *sql.Rows, withLink bool) ([]StoryDoc, error) {
	defer rows.Close()
	var docs []StoryDoc
	for rows.Next() {
		var d StoryDoc
		var sortTime int64
		dest := []any{&d.ID, &d.Story, &d.SourceID, &d.UID, &d.Lead, &d.Title, &d.Summary, &sortTime}
		if withLink {
			dest = append(dest, &d.Link)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		d.SortTime = time.Unix(sortTime, 0).UTC()
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// Grouped returns, by feed slug, how each curated feed's stories were
// computed: the version Regroup recorded, "" when they must be computed.
func (s *Store) Grouped(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT feed, grouped FROM curations`)
	if err != nil {
		return nil, fmt.Errorf("read stories: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var feed, version string
		if err := rows.Scan(&feed, &version); err != nil {
			return nil, fmt.Errorf("read stories: %w", err)
		}
		out[feed] = version
	}
	return out, rows.Err()
}

// regroupBatch is how many selections Regroup reads at a time.
const regroupBatch = 1000

// Regroup computes the stories of every selection of feed again, oldest
// first, with place, in one transaction, and records version as how they
// were computed.
func (s *Store) Regroup(ctx context.Context, feed, version string, place Placer) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE selections SET story = entry_id, link = NULL, score = 0, lead = 1,
			evidence = '' WHERE feed = ?`, feed); err != nil {
			return err
		}
		if err := nextGeneration(ctx, tx); err != nil {
			return err
		}
		upd, err := tx.PrepareContext(ctx, `UPDATE selections SET story = ?, link = ?, score = ?, lead = ?, evidence = ?
			WHERE feed = ? AND entry_id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		demote, err := tx.PrepareContext(ctx, `UPDATE selections SET lead = 0 WHERE feed = ? AND entry_id = ?`)
		if err != nil {
			return err
		}
		defer demote.Close()
		sameStmt, err := prepareSameLink(ctx, tx)
		if err != nil {
			return err
		}
		defer sameStmt.Close()
		var afterTime, afterID int64 = -1 << 62, 0
		for {
			rows, err := tx.QueryContext(ctx, `SELECT sel.entry_id, sel.story, e.source_id, e.uid, sel.lead, e.title, e.summary,
				sel.sort_time, coalesce(e.link, '')
				FROM selections sel JOIN entries e ON e.id = sel.entry_id
				WHERE sel.feed = ? AND (sel.sort_time, sel.entry_id) > (?, ?)
				ORDER BY sel.sort_time, sel.entry_id LIMIT ?`, feed, afterTime, afterID, regroupBatch)
			if err != nil {
				return err
			}
			docs, err := scanStoryDocs(rows, true)
			if err != nil || len(docs) == 0 {
				return err
			}
			for _, d := range docs {
				e := &veille.Item{ID: d.ID, UID: d.UID, SourceID: d.SourceID, Link: d.Link, Title: d.Title, Summary: d.Summary,
					Published: d.SortTime, Fetched: d.SortTime}
				same, err := sameLink(ctx, sameStmt, feed, d.Link, d.ID, d.SortTime.Unix(), d.ID)
				if err != nil {
					return err
				}
				p, err := place(feed, e, same)
				if err != nil {
					return err
				}
				if err := applyPlacement(ctx, upd, demote, feed, d.ID, p); err != nil {
					return err
				}
			}
			last := docs[len(docs)-1]
			afterTime, afterID = last.SortTime.Unix(), last.ID
		}
	})
	if err == nil {
		_, err = s.w.ExecContext(ctx, `UPDATE curations SET grouped = ? WHERE feed = ?`, version, feed)
	}
	if err != nil {
		return fmt.Errorf("group the stories of %s: %w", feed, err)
	}
	return nil
}

// applyPlacement records p for the selection of entry id by feed, demoting
// the lead it replaces.
func applyPlacement(ctx context.Context, upd, demote *sql.Stmt, feed string, id int64, p Placement) error {
	if p.Story == 0 {
		p.Story = id
	}
	if p.Lead && p.Former != 0 {
		if _, err := demote.ExecContext(ctx, feed, p.Former); err != nil {
			return err
		}
	}
	_, err := upd.ExecContext(ctx, p.Story, sql.NullInt64{Int64: p.Link, Valid: p.Link != 0}, p.Score, p.Lead,
		p.Evidence, feed, id)
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Generation returns the number of the stored selections' state: every
// transaction that changes what a feed may publish (a selection added or
// removed, a story regrouped, an article lead stored, entries pruned) adds
// one to it, in the same transaction. A publish that records the
// generation it rendered thus knows, even after a crash, whether the
// database has changed since.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM state WHERE key = 'generation'`).Scan(&n)
	if err != nil && err != sql.ErrNoRows {
		return 0, fmt.Errorf("read the generation: %w", err)
	}
	return n, nil
}

// nextGeneration records, in tx, that what feeds may publish has changed.
func nextGeneration(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO state (key, value) VALUES ('generation', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`)
	return err
}

// Published returns the fingerprint SetPublished recorded last, "" if none.
func (s *Store) Published(ctx context.Context) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM state WHERE key = 'published'`).Scan(&v)
	if err != nil && err != sql.ErrNoRows {
		return "", fmt.Errorf("read the last publish: %w", err)
	}
	return v, nil
}

// SetPublished records the fingerprint of a publish that wrote all its
// files: the pipeline includes the Generation it rendered.
func (s *Store) SetPublished(ctx context.Context, fingerprint string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO state (key, value) VALUES ('published', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fingerprint)
	if err != nil {
		return fmt.Errorf("record the publish: %w", err)
	}
	return nil
}
