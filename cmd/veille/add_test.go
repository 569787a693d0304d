package main

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// veilleExec runs the built binary in dir and returns its outputs and exit
// status.
func veilleExec(t *testing.T, dir string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(veilleBinary(t), args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), status
}

// siteServer serves a news site: a home page advertising its feed and its
// comments feed, and a blog page advertising none, whose site serves a feed
// at /feed.
func siteServer(t *testing.T) *feedServer {
	return newFeedServer(t, map[string]servedFile{
		"/":               {path: "testdata/home.html", contentType: "text/html; charset=UTF-8"},
		"/rss.xml":        {path: "testdata/sommet-ia.rss", contentType: "application/rss+xml"},
		"/comments/feed/": {path: "testdata/afp-lemonde.rss", contentType: "application/rss+xml"},
		"/blog/":          {path: corpus + "html-document-moved-not-a-feed.html", contentType: "text/html"},
		"/feed":           {path: corpus + "liberation-une-2020.atom", contentType: "application/atom+xml"},
	})
}

// addConfig is a configuration as people write it: comments, blank lines,
// flow items, the feeds after the sources.
const addConfig = `# Veille: my sources.
database: veille.db
retention: 0   # keep everything

sources:
  # Agencies first.
  - {name: AFP, url: "https://www.afp.com/fr/actus/afp_actualite/792,31,9,7,33/feed"}
  - {name: Franceinfo - Titres, url: https://www.francetvinfo.fr/titres.rss}  # same title as the page's feed

# The topic feeds.
feeds:
  - slug: ia
    title: Veille IA
    include: [IA]
`

// TestAddFindsTheFeedsOfAHomePage runs `veille add` against a home page
// with two advertised feeds: it lists them and asks for one; with -pick,
// flags after the URL, it appends the source, keeping the rest of the file
// as it was, and the configuration stays valid.
func TestAddFindsTheFeedsOfAHomePage(t *testing.T) {
	srv := siteServer(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(addConfig), 0o640); err != nil {
		t.Fatal(err)
	}
	home := srv.URL + "/"

	out, stderr, status := veilleExec(t, dir, "add", home)
	if status != 2 || !strings.Contains(stderr, "2 feeds found: choose one with -pick N") {
		t.Errorf("two feeds, no -pick: exit %d, stderr %q", status, stderr)
	}
	for _, want := range []string{"1. Franceinfo - Titres (rss, 5 items)\n   " + srv.URL + "/rss.xml",
		"2. Le Monde (rss, 2 items)\n   " + srv.URL + "/comments/feed/"} {
		if !strings.Contains(out, want) {
			t.Errorf("the list lacks %q:\n%s", want, out)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != addConfig {
		t.Errorf("the configuration changed without -pick:\n%s", data)
	}

	out, stderr, status = veilleExec(t, dir, "add", home, "-pick", "1", "-tags", "ia, presse")
	if status != 0 {
		t.Fatalf("add -pick 1: exit %d\n%s%s", status, out, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The title is taken: the name is numbered. The item is written as the
	// others are, after the last of them, before the next section's comment.
	want := strings.Replace(addConfig, "# same title as the page's feed\n",
		"# same title as the page's feed\n  - {name: Franceinfo - Titres (2), url: '"+srv.URL+"/rss.xml', tags: [ia, presse]}\n", 1)
	if string(data) != want {
		t.Errorf("config.yaml:\n%s\nwant:\n%s", data, want)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v (%v), want 0640 kept", info.Mode(), err)
	}
	if out, _, status := veilleExec(t, dir, "check"); status != 0 || !strings.Contains(out, "ok (3 sources, 1 feed)") {
		t.Errorf("check after add: exit %d, %s", status, out)
	}

	// The same feed again is refused, named by its source.
	if _, stderr, status := veilleExec(t, dir, "add", srv.URL+"/rss.xml"); status != 1 ||
		!strings.Contains(stderr, `already configured as "Franceinfo - Titres (2)"`) {
		t.Errorf("add again: exit %d, %s", status, stderr)
	}
}

// TestAddUsualPathsAndDryRun: a page that advertises nothing is looked for
// at the usual paths; -n prints the YAML and writes nothing.
func TestAddUsualPathsAndDryRun(t *testing.T) {
	srv := siteServer(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(addConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, status := veilleExec(t, dir, "add", "-n", "-name", "Libé", srv.URL+"/blog/")
	if status != 0 {
		t.Fatalf("exit %d\n%s%s", status, out, stderr)
	}
	if !strings.Contains(stderr, "advertises no feed; trying /feed") {
		t.Errorf("stderr: %s", stderr)
	}
	if !strings.Contains(out, "1. Liberation - A la une sur Libération (atom, 50 items, language fr)") ||
		!strings.Contains(out, "  - name: Libé\n    url: "+srv.URL+"/feed\n") {
		t.Errorf("stdout:\n%s", out)
	}
	if data, _ := os.ReadFile(path); string(data) != addConfig {
		t.Errorf("-n wrote the configuration:\n%s", data)
	}
	// Block-style items get a block-style item.
	block := "sources:\n  - name: A\n    url: https://a.example/rss\n    tags: [x]\n\n# end\n"
	if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, stderr, status := veilleExec(t, dir, "add", srv.URL+"/feed"); status != 0 {
		t.Fatalf("exit %d\n%s%s", status, out, stderr)
	}
	data, _ := os.ReadFile(path)
	if want := "sources:\n  - name: A\n    url: https://a.example/rss\n    tags: [x]\n  - name: Liberation - A la une sur Libération\n    url: " +
		srv.URL + "/feed\n\n# end\n"; string(data) != want {
		t.Errorf("config.yaml:\n%s\nwant:\n%s", data, want)
	}
}

// TestAddErrors: what is no feed, and a page without any, fail and say why.
func TestAddErrors(t *testing.T) {
	srv := newFeedServer(t, map[string]servedFile{
		"/":     {path: corpus + "html-document-moved-not-a-feed.html", contentType: "text/html"},
		"/down": {status: http.StatusServiceUnavailable},
	})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(addConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"add", srv.URL + "/"}, 1, "no feed found"},
		{[]string{"add", srv.URL + "/down"}, 1, "HTTP 503"},
		{[]string{"add", "ftp://example.org/"}, 2, "not an absolute http(s) URL"},
		{[]string{"add"}, 2, "want one URL"},
	}
	for _, c := range cases {
		_, stderr, status := veilleExec(t, dir, c.args...)
		if status != c.status || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s", c.args, status, c.status, c.want, stderr)
		}
	}
}
