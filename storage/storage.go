// Package storage keeps veille's sources, entries and curated selections in
// one SQLite file (modernc.org/sqlite, no cgo).
//
// The database runs in WAL mode with one writer connection and a small pool
// of read-only connections, so readers (the HTTP server, `veille items`)
// never wait for a pass that is storing entries, and writers never see
// "database is locked". Migrations are embedded and applied by Open.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// pragmas go in the DSN because a PRAGMA run with Exec reaches only one of
// the pool's connections. synchronous=NORMAL is durable across application
// crashes in WAL mode; only an OS crash can lose the last transactions.
// page_size must precede journal_mode, which writes a new database's first
// page: the driver runs the _pragma list sorted by name, then _journal_mode.
// An entry is about a kilobyte, and 4 KiB pages, the default, fit three and
// left the rest of each page empty. The WAL is checkpointed every 4 MiB, as
// with the default 1000 pages of 4 KiB, and cut back to that size after.
const pragmas = "_pragma=page_size(16384)&_journal_mode=WAL&_pragma=synchronous(NORMAL)" +
	"&_pragma=wal_autocheckpoint(256)&_pragma=journal_size_limit(4194304)" +
	"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"

// readers bounds the read-only pool: each connection has its own page cache.
const readers = 4

// Store is the database. It is safe for concurrent use; writes are
// serialized on a single connection.
type Store struct {
	path string
	w    *sql.DB // one connection, BEGIN IMMEDIATE
	r    *sql.DB // read-only connections
}

// Open opens (creating it if needed) the database file at path and brings
// its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open database %s: path must not contain '?'", path)
	}
	w, err := sql.Open("sqlite", path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	s := &Store{path: path, w: w}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	s.r = r
	return s, nil
}

// Close closes the database. Pending writes have been committed by then:
// every write is its own transaction.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations numbered above the database's user_version.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var current int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return err
	}
	for _, name := range names {
		version, err := migrationVersion(name)
		if err != nil {
			return err
		}
		if version <= current {
			continue
		}
		if err := s.applyMigration(ctx, name, version); err != nil {
			return err
		}
	}
	return nil
}

func migrationVersion(name string) (int, error) {
	base := path.Base(name)
	digits, _, ok := strings.Cut(base, "_")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil {
		return 0, fmt.Errorf("migration %s: name must start with a number and '_'", base)
	}
	return n, nil
}

// foreignKeysOff, as the first line of a migration, runs it with foreign
// keys off, as SQLite's procedure for rebuilding a table asks: the pragma
// has no effect inside a transaction, so it is set around it, on the single
// writer connection, and the keys are checked before the commit.
const foreignKeysOff = "-- veille: foreign_keys off\n"

func (s *Store) applyMigration(ctx context.Context, name string, version int) error {
	script, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	keysOff := strings.HasPrefix(string(script), foreignKeysOff)
	if keysOff {
		if _, err := s.w.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer s.w.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, string(script)); err != nil {
			return fmt.Errorf("migration %s: %w", path.Base(name), err)
		}
		if keysOff {
			if err := foreignKeyCheck(ctx, tx); err != nil {
				return fmt.Errorf("migration %s: %w", path.Base(name), err)
			}
		}
		// PRAGMA takes no bound parameters; version is an integer we parsed.
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version))
		return err
	})
}

// foreignKeyCheck returns an error when a row refers to a missing one.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s (rowid %d) refers to a missing row of %s",
			table, rowid.Int64, parent)
	}
	return rows.Err()
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Check runs SQLite's integrity check and returns an error describing any
// corruption it finds.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
