#!/usr/bin/env python3
"""Names the tests a `swift test` log shows started but never finished: after a hang, the suspects."""
import re
import sys

started, finished = [], set()
for line in open(sys.argv[1], errors="replace"):
    if m := re.search(r"Test (.+?) started\.$", line):
        started.append(m.group(1))
    elif m := re.search(r"Test (.+?) (?:with \d+ test cases? )?(?:passed|failed|skipped)", line):
        finished.add(m.group(1))
for name in started:
    if name != "run" and not name.startswith("case ") and name not in finished:
        print("  still running:", name)
