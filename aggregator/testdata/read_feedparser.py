#!/usr/bin/python3
"""Print, as JSON, what Python feedparser reads of each feed file named.

For each file: {"file", "bozo", "entries": [{"title", "title_type", "link",
"date", "summary", "summary_type"}]}; a type is feedparser's reading of the
text: "text/plain", "text/html"... date is the entry's published date, else its updated, else
its created date, in UTC to the minute ("2024-05-01T10:00"), or "". The
feed's URL, for relative links, is https://feeds.example.org/feed, as
veille's side of the comparison is told (agreement_test.go).
"""
import json
import sys
import time

import feedparser

out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        body = f.read()
    d = feedparser.parse(body, response_headers={"content-location": "https://feeds.example.org/feed"})
    entries = []
    for e in d.entries:
        t = e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed")
        summary = e.get("summary", "")
        summary_type = e.get("summary_detail", {}).get("type", "text/html")
        if not summary and e.get("content"):
            summary = e.content[0].get("value", "")
            summary_type = e.content[0].get("type", "text/html")
        entries.append({
            "title": e.get("title", ""),
            "title_type": e.get("title_detail", {}).get("type", "text/plain"),
            "summary_type": summary_type,
            "link": e.get("link", ""),
            "date": time.strftime("%Y-%m-%dT%H:%M", t) if t else "",
            "summary": summary,
        })
    out.append({"file": path, "bozo": bool(d.bozo), "entries": entries})
json.dump(out, sys.stdout)
