// Command veille watches news feeds and republishes curated topic feeds.
//
// See README.md for the commands, their flags and the configuration.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // CRON_TZ= schedules work on hosts without a zoneinfo database

	"github.com/veille-project/veille/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(report(err, os.Stderr))
}

// exitError carries the exit status of a failed command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a command line mistake: exit status 2, like flag's.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// report prints err, if any, and returns the process exit status: 0 on
// success, the status an exitError carries, else 1. Configuration errors are
// printed one problem a line, as `file:line: field: message`.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var errs config.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
	} else if !errors.Is(err, errFlagsReported) {
		fmt.Fprintln(stderr, "veille:", err)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
