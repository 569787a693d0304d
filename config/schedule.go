package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// scheduleCheckFrom is the fixed time from which ParseSchedule checks that
// a schedule fires, so that the check does not depend on the clock.
var scheduleCheckFrom = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// ParseSchedule parses a schedule as the daemon runs it: a standard 5-field
// cron spec ("*/15 * * * *") or a descriptor ("@hourly", "@every 10m"),
// optionally prefixed by "CRON_TZ=Zone " or "TZ=Zone ". Without a prefix,
// the schedule runs in the local time zone.
//
// It refuses specs that never fire, such as "0 0 31 2 *", which the cron
// package would accept and then never run.
func ParseSchedule(spec string) (s cron.Schedule, err error) {
	// robfig/cron v3.0.1 slices the spec at the first space after a time
	// zone prefix and panics when there is none ("TZ=UTC"); a library must
	// not take the program down over a configuration value.
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("invalid cron spec %q: %v", spec, r)
		}
	}()
	if hasZonePrefix(spec) && !strings.Contains(spec, " ") {
		return nil, fmt.Errorf("invalid cron spec %q: the time zone must be followed by a space and a schedule", spec)
	}
	s, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid cron spec %q: %s", spec, trimFields(err.Error()))
	}
	// Next gives up after five years and returns the zero time.
	if s.Next(scheduleCheckFrom).IsZero() {
		return nil, fmt.Errorf("invalid cron spec %q: never fires", spec)
	}
	return s, nil
}

func hasZonePrefix(spec string) bool {
	return strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")
}

// trimFields drops the list of fields that the cron package appends to
// "expected exactly 5 fields, found 3: [*/15 * *]": our message already
// quotes the spec.
func trimFields(msg string) string {
	if i := strings.Index(msg, ": ["); i >= 0 && strings.HasSuffix(msg, "]") {
		return msg[:i]
	}
	return msg
}
