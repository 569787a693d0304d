package veille_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPurePackagesDoNotLinkStorage: the renderers and the pure packages
// speak of veille.Item, never of the storage layer, so that they neither
// link SQLite nor depend on how items are stored.
func TestPurePackagesDoNotLinkStorage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./publisher", "./curation", "./stories", "./summary").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "sqlite") || strings.HasSuffix(pkg, "/veille/storage") || strings.HasSuffix(pkg, "/veille/pipeline") {
			t.Errorf("a pure package depends on %s", pkg)
		}
	}
}
