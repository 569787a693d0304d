package text

import (
	"os"
	"strings"
	"testing"
)

// TestLanguageHeldOut measures Language on testdata/lang17.tsv: 300 French
// and English news items (title and summary) that a writer who had not
// seen the detector collected from real feeds, measured once when the
// detector was final. No hint is given: the set has no source language,
// so this is the detection alone, the worst case. The floor sits just
// under that result.
func TestLanguageHeldOut(t *testing.T) {
	raw, err := os.ReadFile("testdata/lang17.tsv")
	if err != nil {
		t.Fatal(err)
	}
	// Tab-separated without quoting: a title may start with a quote.
	var records [][]string
	for line := range strings.Lines(string(raw)) {
		records = append(records, strings.Split(strings.TrimRight(line, "\r\n"), "\t"))
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	total, right, frEn, frEnRight := 0, 0, 0, 0
	for _, rec := range records[1:] {
		if len(rec) <= col["summary"] {
			continue
		}
		total++
		want := PrimaryLanguage(rec[col["lang"]])
		if want == "fr" || want == "en" {
			frEn++
		}
		if got := Language(rec[col["title"]]+".\n"+rec[col["summary"]], ""); got == want {
			right++
			if want == "fr" || want == "en" {
				frEnRight++
			}
		} else {
			t.Logf("%s: %q, want %q: %.100q", rec[col["id"]], got, want, rec[col["title"]])
		}
	}
	t.Logf("%d of %d right (%.1f %%); French and English: %d of %d", right, total,
		100*float64(right)/float64(total), frEnRight, frEn)
	if total == 0 || float64(right) < floorHeldOut*float64(total) {
		t.Errorf("%d of %d right, below the floor %.3f", right, total, floorHeldOut)
	}
	if frEn == 0 || float64(frEnRight) < floorHeldOutFrEn*float64(frEn) {
		t.Errorf("French and English: %d of %d right, below the target %.3f", frEnRight, frEn, floorHeldOutFrEn)
	}
}

// The floors: measured once, 297 of 300 (99.0 %), and 278 of the 280
// French and English items (99.3 %), whose target is 99 %.
const (
	floorHeldOut     = 0.985
	floorHeldOutFrEn = 0.99
)
