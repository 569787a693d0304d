package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Source statuses, as stored and shown by `veille sources`.
const (
	StatusOK          = "ok"
	StatusNotModified = "not modified"
	StatusError       = "error"
	// StatusGone is a source whose server answered 410 Gone: it is not
	// fetched any more, until its URL changes in the configuration.
	StatusGone = "gone"
)

// Source is a configured feed and the state of its last fetch.
type Source struct {
	ID           int64
	Name         string
	URL          string    // as configured
	MovedTo      string    // where its URL last moved permanently (301/308); "" if it did not
	ETag         string    // validator from the last successful response
	LastModified string    // validator from the last successful response
	CheckedAt    time.Time // last attempt; zero if never fetched
	SucceededAt  time.Time // last success (ok or not modified); zero if never
	Status       string    // "", StatusOK, StatusNotModified or StatusError
	Error        string    // the last error, when Status is StatusError
	// Warning says what was wrong with the last feed read (not a 304)
	// when its items were recovered from a document that is not
	// well-formed; "" when it was well-formed or failed.
	Warning   string
	Failures  int       // consecutive failed fetches
	NextCheck time.Time // earliest time to fetch again; zero means now
	SiteURL   string    // the web site the feed links to; "" if unknown
	Items     int       // items in the feed at the last fetch that read it (not a 304)
	Skipped   int       // of those, how many were too old to store (older than retention)
	Entries   int       // entries stored from this source (filled by Sources)
	// ArticlesOK and ArticlesFailed count the entries of this source whose
	// article page gave their lead, and those whose page failed and never
	// did (filled by Sources).
	ArticlesOK, ArticlesFailed int
}

// Due reports whether the source may be fetched at now. A gone source
// never is.
func (s *Source) Due(now time.Time) bool {
	return s.Status != StatusGone && !s.NextCheck.After(now)
}

// Fetch is the outcome of fetching a source once.
type Fetch struct {
	Time         time.Time
	Status       string // StatusOK, StatusNotModified, StatusError or StatusGone
	Error        string // with StatusError and StatusGone
	Warning      string // with StatusOK: what was wrong with the document its items were recovered from
	MovedTo      string // where it now moves (301/308); a success stores it, "" clearing the move
	ETag         string // response validators, kept for the next conditional GET
	LastModified string
	NextCheck    time.Time // earliest time to fetch again; zero means at the next pass
	SiteURL      string    // the web site the feed links to; "" keeps the stored one
	// Items and Skipped count the feed's items and those too old to store,
	// with StatusOK; a 304 keeps the counts of the last feed read.
	Items, Skipped int
}

// EnsureSource returns the source named name, creating it if needed. When
// its URL changed in the configuration, the stored validators and backoff
// are dropped, and so are a permanent move, a 410 Gone and the site's URL:
// they belong to the old URL.
func (s *Store) EnsureSource(ctx context.Context, name, url string) (Source, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO sources (name, url) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = '', last_modified = '',
				next_check = NULL, failures = 0, fetch_url = '', site_url = '',
				status = CASE WHEN status = 'gone' THEN '' ELSE status END
			WHERE sources.url <> excluded.url`, name, url)
		return err
	})
	if err != nil {
		return Source{}, fmt.Errorf("save source %q: %w", name, err)
	}
	row := s.w.QueryRowContext(ctx, `SELECT `+sourceColumns+`, 0, 0, 0 FROM sources WHERE name = ?`, name)
	src, err := scanSource(row)
	if err != nil {
		return Source{}, fmt.Errorf("load source %q: %w", name, err)
	}
	return src, nil
}

// Sources returns every stored source, by name, with its entry and
// article counts.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT `+sourceColumns+`, coalesce(n.entries, 0), coalesce(a.ok, 0), coalesce(a.failed, 0)
		FROM sources
		LEFT JOIN (SELECT source_id, count(*) AS entries FROM entries GROUP BY source_id) n
			ON n.source_id = sources.id
		LEFT JOIN (
			SELECT source_id, sum(summary_source = 'article') AS ok, sum(summary_source <> 'article') AS failed
			FROM entries WHERE summary_source = 'article' OR article_error <> ''
			GROUP BY source_id) a ON a.source_id = sources.id
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

const sourceColumns = `id, name, url, etag, last_modified, checked_at, succeeded_at, status, error, failures,
	next_check, fetch_url, site_url, items, skipped, warning`

type scanner interface{ Scan(dest ...any) error }

func scanSource(row scanner) (Source, error) {
	var src Source
	var checked, succeeded, next sql.NullInt64
	err := row.Scan(&src.ID, &src.Name, &src.URL, &src.ETag, &src.LastModified,
		&checked, &succeeded, &src.Status, &src.Error, &src.Failures, &next, &src.MovedTo, &src.SiteURL, &src.Items,
		&src.Skipped, &src.Warning, &src.Entries, &src.ArticlesOK, &src.ArticlesFailed)
	src.CheckedAt = fromUnix(checked)
	src.SucceededAt = fromUnix(succeeded)
	src.NextCheck = fromUnix(next)
	return src, err
}

// recordFetch updates the source's state in tx. A failure keeps the old
// validators and move, so the next successful fetch can still be
// conditional.
func recordFetch(ctx context.Context, tx *sql.Tx, sourceID int64, f Fetch) error {
	var err error
	read := f.Status == StatusOK // a 304 read no feed: the counts of the last one stand
	if f.Status == StatusError || f.Status == StatusGone {
		_, err = tx.ExecContext(ctx, `
			UPDATE sources SET checked_at = ?, status = ?, error = ?, warning = '', failures = failures + 1,
				next_check = ?
			WHERE id = ?`, f.Time.Unix(), f.Status, f.Error, toUnix(f.NextCheck), sourceID)
	} else {
		_, err = tx.ExecContext(ctx, `
			UPDATE sources SET checked_at = ?, succeeded_at = ?, status = ?, error = '', failures = 0,
				etag = ?, last_modified = ?, next_check = ?, site_url = coalesce(nullif(?, ''), site_url), fetch_url = ?,
				items = CASE WHEN ? THEN ? ELSE items END, skipped = CASE WHEN ? THEN ? ELSE skipped END,
				warning = CASE WHEN ? THEN ? ELSE warning END
			WHERE id = ?`, f.Time.Unix(), f.Time.Unix(), f.Status, f.ETag, f.LastModified, toUnix(f.NextCheck),
			f.SiteURL, f.MovedTo, read, f.Items, read, f.Skipped, read, f.Warning, sourceID)
	}
	return err
}

// toUnix stores a time as unix seconds, and the zero time as NULL.
func toUnix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func fromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}
