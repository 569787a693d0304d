package storage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/veille-project/veille"
)

// TestBackfillLanguages: entries stored without a language (before veille
// detected them) get one, once; an entry whose language cannot be told
// keeps none, and a second run reads nothing.
func TestBackfillLanguages(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	src, err := s.EnsureSource(ctx, "A", "https://a.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	var entries []veille.Item
	for i := range 2500 { // more than one batch
		title := fmt.Sprintf("L'actualité numéro %d", i)
		if i%2 == 1 {
			title = fmt.Sprintf("The news number %d", i)
		}
		if i == 7 {
			title = "GPT-5"
		}
		e := entry(fmt.Sprintf("urn:uuid:%d", i), fmt.Sprintf("https://a.example/%d", i), title, t0)
		if i == 3 {
			e.Language = "de" // detected when stored: kept
		}
		entries = append(entries, e)
	}
	if _, err := s.SaveFetch(ctx, src.ID, Fetch{Time: t0, Status: StatusOK}, entries); err != nil {
		t.Fatal(err)
	}
	calls := 0
	detect := func(title, summary string) string {
		calls++
		switch {
		case strings.HasPrefix(title, "L'actualité"):
			return "fr"
		case strings.HasPrefix(title, "The news"):
			return "en"
		}
		return ""
	}
	n, err := s.BackfillLanguages(ctx, detect)
	if err != nil || n != 2498 || calls != 2499 {
		t.Fatalf("backfill: %d set, %d detected, err %v; want 2498 set of 2499 without a language", n, calls, err)
	}
	got := map[string]int{}
	rows, err := s.r.QueryContext(ctx, `SELECT language, count(*) FROM entries GROUP BY language`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var lang string
		var count int
		if err := rows.Scan(&lang, &count); err != nil {
			t.Fatal(err)
		}
		got[lang] = count
	}
	if want := map[string]int{"fr": 1250, "en": 1248, "de": 1, "": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("languages %v, want %v", got, want)
	}
	calls = 0
	if n, err := s.BackfillLanguages(ctx, detect); err != nil || n != 0 || calls != 0 {
		t.Errorf("second run: %d set, %d detected, err %v; want nothing read", n, calls, err)
	}
}
