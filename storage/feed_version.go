package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FeedVersion returns what SetFeedVersion recorded last for the feed slug:
// the hash of its bytes and when they last changed; "" and the zero time
// if it never did.
func (s *Store) FeedVersion(ctx context.Context, slug string) (hash string, changed time.Time, err error) {
	var unix int64
	err = s.r.QueryRowContext(ctx, `SELECT hash, changed FROM feed_versions WHERE slug = ?`, slug).Scan(&hash, &unix)
	switch {
	case err == sql.ErrNoRows:
		return "", time.Time{}, nil
	case err != nil:
		return "", time.Time{}, fmt.Errorf("read the version of feed %s: %w", slug, err)
	}
	return hash, time.Unix(unix, 0).UTC(), nil
}

// SetFeedVersion records that the feed slug was published with bytes of
// the given hash, changed at the given time.
func (s *Store) SetFeedVersion(ctx context.Context, slug, hash string, changed time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO feed_versions (slug, hash, changed) VALUES (?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET hash = excluded.hash, changed = excluded.changed`,
		slug, hash, changed.Unix())
	if err != nil {
		return fmt.Errorf("record the version of feed %s: %w", slug, err)
	}
	return nil
}
