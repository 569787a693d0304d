package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// FetchResult is the wall time of whole `veille fetch` processes: start,
// configuration, database, a pass, exit.
type FetchResult struct {
	Runs      []time.Duration // each run, in order
	Median    time.Duration
	Min       time.Duration
	BuildTime time.Duration // `go build ./cmd/veille`, not counted
}

// MeasureFetch builds ./cmd/veille into dir, writes there the configuration
// a pass of pc runs with (FarmConfig: the shipped file, the farm's sources,
// pc's database and output folder), and times `veille fetch -config` runs
// times. Each run must exit with status 0.
func MeasureFetch(ctx context.Context, pc PassConfig, dir string, runs int) (FetchResult, error) {
	var res FetchResult
	if pc.Config == "" {
		var err error
		if pc.Config, err = ShippedConfig(); err != nil {
			return res, err
		}
	}
	if pc.OutputDir == "" {
		pc.OutputDir = pc.DB + ".public"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	exe := filepath.Join(dir, "veille")
	build := exec.CommandContext(ctx, "go", "build", "-o", exe, "./cmd/veille")
	build.Dir = filepath.Dir(pc.Config) // the module's root
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		return res, fmt.Errorf("go build ./cmd/veille: %w\n%s", err, out)
	}
	res.BuildTime = time.Since(start)

	cfg, err := FarmConfig(pc.Config, pc.FarmURL, pc.Sources, pc.DB, pc.OutputDir)
	if err != nil {
		return res, err
	}
	text, err := yaml.Marshal(cfg)
	if err != nil {
		return res, fmt.Errorf("write the configuration: %w", err)
	}
	file := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(file, text, 0o644); err != nil {
		return res, err
	}
	for range max(runs, 1) {
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, exe, "fetch", "-config", file)
		cmd.Stderr = &stderr
		settle()
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			return res, fmt.Errorf("veille fetch: %w\n%s", err, stderr.Bytes())
		}
		res.Runs = append(res.Runs, wall)
	}
	sorted := slices.Clone(res.Runs)
	res.Median, res.Min = quantile(sorted, 0.5), slices.Min(sorted)
	return res, nil
}
