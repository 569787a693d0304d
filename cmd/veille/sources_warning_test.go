package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/veille-project/veille/storage"
)

// TestSourcesWarning shows a source whose items were recovered from a
// document that is not well-formed as ok, with its warning, in the table
// and in -json.
func TestSourcesWarning(t *testing.T) {
	s := storage.Source{Status: storage.StatusOK, Items: 3,
		Warning: "not well-formed, items recovered: XML syntax error on line 5: unexpected EOF"}
	if got := sourceStatus(s); got != "ok, warning: "+s.Warning {
		t.Errorf("sourceStatus = %q", got)
	}
	b, err := json.Marshal(newJSONSource("x", "https://example.org/feed", s, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"status":"ok"`) || !strings.Contains(string(b), `"warning":"not well-formed`) {
		t.Errorf("-json gives %s", b)
	}
}
