#!/usr/bin/python3
"""Print, as JSON, what Python feedparser reads of each feed file named.

For each file: {"file", "bozo", "entries": [{"title", "title_type", "link",
"date", "summary", "summary_type"}]}; a type is feedparser's reading of the
text: "text/plain", "text/html"... date is the entry's published date, else its updated, else
its created date, in UTC to the minute ("2024-05-01T10:00"), or "". The
feed's URL, for relative links, is https://feeds.example.org/feed, as
veille's side of the comparison is told (agreement_test.go).

feedparser is run as a reader built on it would run it, through its own
extension points, so that it reads what issue 16 asks a reader to read:
- chardet installed, which feedparser uses to detect an undeclared legacy
  encoding (KOI8-R, Shift_JIS...) instead of reading Windows-1252;
- the zone abbreviations veille documents (feedparser's table plus the
  European zones CET, CEST, WET, WEST, EET, EEST, BST and UTC) added to its
  RFC 822 table, and dateutil's ISO 8601 parser registered as a date
  handler: feedparser alone reads "10:00+0530" as 05:00 and gives a basic
  ISO 8601 date ("20231106T163000Z") no time;
- the entry's feedburner:origLink, when there is one, as its link: it is
  the article's own address, and issue 15 asks for it;
- double-encoded UTF-8 ("Ã©") and C1 control characters standing for
  Windows-1252 quotes repaired in titles and summaries, with Python's codecs,
  which issue 16 asks for and feedparser does not do.
"""
import json
import re
import sys
import time

import chardet  # noqa: F401 -- feedparser detects undeclared encodings with it
import dateutil.parser
import feedparser
import feedparser.datetimes.rfc822

feedparser.datetimes.rfc822.timezone_names.update(
    {'utc': 0, 'cet': 1, 'cest': 2, 'wet': 0, 'west': 1, 'eet': 2, 'eest': 3, 'bst': 1})

ISO8601 = re.compile(r'^\d{4}-?\d{2}-?\d{2}[Tt]\d{2}:?\d{2}')


def iso8601(s):
    """Read a full ISO 8601 date-time with dateutil; None for anything else."""
    s = s.strip()
    if not ISO8601.match(s):
        return None
    try:
        d = dateutil.parser.isoparse(s.upper())
    except ValueError:
        return None
    if d.tzinfo is None:
        return d.timetuple()
    return d.utctimetuple()


feedparser.registerDateHandler(iso8601)

# Runs of characters that are Windows-1252 bytes 0x80-0xFF read as text.
CP1252_RUN = re.compile('[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc'
                        '\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+')


def undouble(run):
    """Decode the UTF-8 sequences that run, read back to Windows-1252 bytes,
    holds, of the kinds double encoding makes of French and English text: a
    Latin letter ("Ã©" for "é", lead byte 0xC2-0xC5) or general punctuation
    ("â€™" for "’", lead byte 0xE2); other bytes stay as they were read, so
    that "é »", which is valid UTF-8 for a Chinese character, stays."""
    try:
        b = run.encode('cp1252')
    except UnicodeEncodeError:
        return run
    out, i = [], 0
    while i < len(b):
        for n in {0xC2: (2,), 0xC3: (2,), 0xC4: (2,), 0xC5: (2,), 0xE2: (3,)}.get(b[i], ()):
            try:
                out.append(b[i:i + n].decode('utf-8'))
                i += n
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append(b[i:i + 1].decode('cp1252', errors='replace'))
            i += 1
    return ''.join(out)


def repair(s):
    """Undo double-encoded UTF-8 and map C1 controls to Windows-1252."""
    s = re.sub('[\u0080-\u009f]', lambda m: m.group().encode('latin-1').decode('cp1252', errors='ignore'), s)
    return CP1252_RUN.sub(lambda m: undouble(m.group()), s)


out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        body = f.read()
    d = feedparser.parse(body, response_headers={"content-location": "https://feeds.example.org/feed",
                                                  "content-type": "application/xml"})
    entries = []
    for e in d.entries:
        t = e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed")
        summary = e.get("summary", "")
        summary_type = e.get("summary_detail", {}).get("type", "")
        if e.get("content") and (not summary or not summary_type):
            summary = summary or e.content[0].get("value", "")
            summary_type = e.content[0].get("type", "text/html")
        entries.append({
            "title": repair(e.get("title", "")),
            "title_type": e.get("title_detail", {}).get("type", "text/plain"),
            "summary_type": summary_type or "text/html",
            "link": e.get("feedburner_origlink") or e.get("link", ""),
            "date": time.strftime("%Y-%m-%dT%H:%M", t) if t else "",
            "summary": repair(summary),
        })
    out.append({"file": path, "bozo": bool(d.bozo), "entries": entries})
json.dump(out, sys.stdout)
