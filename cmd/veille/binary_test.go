package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// veilleBinary builds the command once per test run, for the tests that
// need a real process (exit statuses, signals).
func veilleBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "veille-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "veille")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestBinaryExitStatus(t *testing.T) {
	bin := veilleBinary(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	valid := "sources:\n  - {name: a, url: 'http://127.0.0.1:1/feed'}\n"
	cases := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"version", []string{"version"}, 0, ""},
		{"check invalid", []string{"check", "-config", write("typo.yaml", valid+"databse: x.db\n")}, 2,
			"typo.yaml:3: databse: unknown field"},
		{"fetch with invalid config", []string{"fetch", "-config", write("bad.yaml", "sources: []\n")}, 1, "sources"},
		{"fetch with unwritable database", []string{"fetch", "-config",
			write("nodb.yaml", valid+"database: missing/dir/veille.db\n")}, 1, "missing/dir/veille.db"},
		{"fetch with failing source", []string{"fetch", "-config", write("ok.yaml", valid)}, 0, "fetch failed"},
		// A file where the output folder should be: publishing cannot write,
		// and says where.
		{"fetch with unwritable output_dir", []string{"fetch", "-config", write("noout.yaml",
			valid+"database: out.db\noutput_dir: "+write("a-file", "")+"/public\n")}, 1, "a-file: not a directory"},
		{"unknown command", []string{"fecth"}, 2, `unknown command "fecth"`},
		{"unknown flag", []string{"items", "-nope"}, 2, "flag provided but not defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != c.status || !strings.Contains(string(out), c.stderr) {
				t.Errorf("exit %d, want %d; output lacks %q?\n%s", status, c.status, c.stderr, out)
			}
		})
	}
}
