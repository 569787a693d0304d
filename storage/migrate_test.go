package storage

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestRebuildKeepsSelections upgrades a database of version 7 holding
// entries and selections: rebuilding the entries table (migration 8) must
// not cascade to the selections, and foreign keys must be on afterwards.
func TestRebuildKeepsSelections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	for v := 1; v <= 7; v++ {
		name, _ := migrationFile(v)
		script, err := migrations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(script)); err != nil {
			t.Fatalf("migration %d: %v", v, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 7`,
		`INSERT INTO sources (id, name, url) VALUES (1, 'A', 'https://a.example/feed')`,
		`INSERT INTO entries (id, uid, source_id, guid, link, title, summary, author, categories, fetched, sort_time)
			VALUES (1, 'urn:uuid:1', 1, '', 'https://a.example/1', 'IA', 'IA.', '', '[]', 1, 1)`,
		`INSERT INTO selections (feed, entry_id, sort_time, terms, story) VALUES ('ia', 1, 1, '["IA"]', 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts, err := s.SelectionCounts(t.Context())
	if err != nil || counts["ia"] != 1 {
		t.Fatalf("after the upgrade: selections %v (%v), want the one kept", counts, err)
	}
	var on int
	if err := s.w.QueryRow(`PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
		t.Errorf("foreign_keys = %d (%v) after the upgrade, want 1", on, err)
	}
	if _, err := s.w.Exec(`DELETE FROM entries WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if counts, _ := s.SelectionCounts(t.Context()); counts["ia"] != 0 {
		t.Errorf("deleting the entry left its selection: the cascade is gone")
	}
}

// migrationFile returns the file of migration v.
func migrationFile(v int) (string, error) {
	names, err := migrations.ReadDir("migrations")
	if err != nil {
		return "", err
	}
	for _, n := range names {
		if got, err := migrationVersion(n.Name()); err == nil && got == v {
			return "migrations/" + n.Name(), nil
		}
	}
	return "", fmt.Errorf("no migration %d", v)
}
