package aggregator

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// zones maps the time zone abbreviations feeds write to their offset east
// of UTC, in hours. It is feedparser's table (RFC 822's North American
// zones, the short "ET", "CT", "MT", "PT", and MET/MEST), with the
// European zones news feeds use. Go's time.Parse reads an abbreviation it
// does not know as a zone of offset zero, which would put "16:31 MEST" two
// hours late; an abbreviation missing here is read as UTC, as feedparser
// reads it, for want of anything better.
var zones = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0,
	"adt": -3, "ast": -4, "at": -4,
	"edt": -4, "est": -5, "et": -5,
	"cdt": -5, "cst": -6, "ct": -6,
	"mdt": -6, "mst": -7, "mt": -7,
	"pdt": -7, "pst": -8, "pt": -8,
	"met": 1, "mest": 2, "cet": 1, "cest": 2,
	"wet": 0, "west": 1, "eet": 2, "eest": 3, "bst": 1,
	// RFC 822's military letters, with RFC 822's signs, as feedparser reads them.
	"a": -1, "n": 1, "m": -12, "y": 12,
}

var (
	months = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
		"sep": 9, "oct": 10, "nov": 11, "dec": 12}
	days = map[string]bool{"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true}
	// w3dtf is a W3C date-time (ISO 8601's profile that Atom, Dublin Core
	// and JSON Feed use), down to a year or a month alone ("2003-12").
	w3dtf = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?` +
		`\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$`)
	// isoBasic is an ISO 8601 date-time in the basic format, without
	// separators ("20231106T163000Z"), with w3dtf's groups.
	isoBasic = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?` +
		`([Zz]|[+-]\d{2}(?::?\d{2})?)?$`)
)

// parseDate reads the date forms of feeds that gofeed misreads or does not
// read, as feedparser does: a W3C date-time, even cut to "2003-12", or in
// ISO 8601's basic format ("20231106T163000Z"), and
// RFC 822 dates written loosely ("Mon, 26 January 2004 16:31:00 ET", "Mon,
// 13 Feb, 2012 06:28:00 UTC": a full month name, a comma after it, a
// swapped day and month, a two-digit year, no time, a zone abbreviation of
// the zones table). It returns the time in UTC, and false for anything else.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if m := w3dtf.FindStringSubmatch(s); m != nil {
		return parseW3DTF(m)
	}
	if m := isoBasic.FindStringSubmatch(s); m != nil {
		return parseW3DTF(m)
	}
	return parseRFC822(s)
}

func parseW3DTF(m []string) (time.Time, bool) {
	n := func(s string, def int) int {
		if s == "" {
			return def
		}
		v, _ := strconv.Atoi(s)
		return v
	}
	year, month, day := n(m[1], 0), n(m[2], 1), n(m[3], 1)
	hour, minute, second := n(m[4], 0), n(m[5], 0), n(m[6], 0)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}
	offset := 0
	if z := m[7]; z != "" && z != "Z" && z != "z" {
		digits := strings.ReplaceAll(z[1:], ":", "")
		h, _ := strconv.Atoi(digits[:2])
		mins := 0
		if len(digits) == 4 {
			mins, _ = strconv.Atoi(digits[2:])
		}
		offset = h*3600 + mins*60
		if z[0] == '-' {
			offset = -offset
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.FixedZone("", offset))
	return t.UTC(), true
}

func parseRFC822(s string) (time.Time, bool) {
	parts := strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " ")))
	if len(parts) > 0 && len(parts[0]) >= 3 && days[parts[0][:3]] {
		parts = parts[1:]
	}
	if len(parts) < 3 || len(parts) > 5 {
		return time.Time{}, false
	}
	day, err := strconv.Atoi(parts[0])
	month, ok := monthOf(parts[1])
	if err != nil {
		// The day and the month swapped: "January 26 2004".
		if day, err = strconv.Atoi(parts[1]); err != nil {
			return time.Time{}, false
		}
		month, ok = monthOf(parts[0])
	}
	year, err := strconv.Atoi(parts[2])
	if !ok || err != nil || day < 1 || day > 31 {
		return time.Time{}, false
	}
	if len(parts[2]) <= 2 {
		// As feedparser has it: the 90s are 1990s, the rest this century.
		if year >= 90 {
			year += 1900
		} else {
			year += 2000
		}
	}
	var clock [3]int
	if len(parts) > 3 {
		fields := strings.Split(parts[3], ":")
		if len(fields) > 3 {
			return time.Time{}, false
		}
		for i, f := range fields {
			if clock[i], err = strconv.Atoi(f); err != nil {
				return time.Time{}, false
			}
		}
	}
	if clock[0] > 23 || clock[1] > 59 || clock[2] > 60 {
		return time.Time{}, false
	}
	offset := 0
	if len(parts) > 4 {
		if offset, ok = zoneOffset(parts[4]); !ok {
			return time.Time{}, false
		}
	}
	t := time.Date(year, month, day, clock[0], clock[1], clock[2], 0, time.FixedZone("", offset))
	return t.UTC(), true
}

func monthOf(s string) (time.Month, bool) {
	if len(s) < 3 {
		return 0, false
	}
	m, ok := months[s[:3]]
	return m, ok
}

// zoneOffset reads a zone, lowercased: "+0200", "-05:00", "GMT+2",
// "Etc/GMT", or an abbreviation; in seconds east of UTC.
func zoneOffset(z string) (int, bool) {
	z = strings.TrimPrefix(z, "etc/")
	if rest, ok := strings.CutPrefix(z, "gmt"); ok && rest != "" {
		z = rest
	}
	if z[0] == '+' || z[0] == '-' {
		digits := strings.ReplaceAll(z[1:], ":", "")
		if len(digits) == 1 || len(digits) == 3 {
			digits = "0" + digits
		}
		if len(digits) == 2 {
			digits += "00"
		}
		if len(digits) != 4 {
			return 0, false
		}
		h, err1 := strconv.Atoi(digits[:2])
		m, err2 := strconv.Atoi(digits[2:])
		if err1 != nil || err2 != nil {
			return 0, false
		}
		off := h*3600 + m*60
		if z[0] == '-' {
			off = -off
		}
		return off, true
	}
	for _, c := range z {
		if c < 'a' || c > 'z' {
			return 0, false
		}
	}
	return zones[z] * 3600, true
}

// itemDates returns an item's publication and update dates, from every
// element the formats define: RSS pubDate, Atom published and updated, Dublin
// Core dc:date (gofeed reads these), and the Dublin Core terms dcterms:issued,
// dcterms:created and dcterms:modified (which it does not). The published
// date falls back, in that order, to the issue, creation, update and
// modification dates, as feedparser's does.
func itemDates(item *gofeed.Item, raw *rawItem) (published, updated time.Time) {
	var issued, created, modified string
	if raw != nil {
		issued, created, modified = raw.issued, raw.created, raw.modified
	}
	updated = firstDate(dateOf(item.Updated, item.UpdatedParsed), dateOf(modified, nil))
	published = firstDate(dateOf(item.Published, item.PublishedParsed), dateOf(issued, nil), dateOf(created, nil),
		updated)
	return published, updated
}

// dateOf returns the usable date that the text raw gives (parseDate's
// reading first, else gofeed's, parsed), or the zero time.
func dateOf(raw string, parsed *time.Time) time.Time {
	if t, ok := parseDate(raw); ok {
		return usableTime(&t)
	}
	return usableTime(parsed)
}

func firstDate(dates ...time.Time) time.Time {
	for _, t := range dates {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
