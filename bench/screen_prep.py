#!/usr/bin/env python3
"""Splits a synthetic file into a watchlist and queries for the screening benchmark.

Queries are one row each of N entities that have at least two rows; that row is
removed from the watchlist, so the watchlist still holds the entity's other rows
(the true match, written differently).

usage: screen_prep.py IN.csv WATCHLIST.csv QUERIES.csv N SEED
"""
import csv, random, sys
from collections import defaultdict

src, wl, qf, n, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
with open(src, newline="") as fh:
    rd = csv.reader(fh)
    header = next(rd)
    rows = list(rd)
ent = header.index("entity_id")
by = defaultdict(list)
for i, r in enumerate(rows):
    by[r[ent]].append(i)
multi = [e for e, ids in by.items() if len(ids) >= 2]
r = random.Random(seed)
r.shuffle(multi)
chosen = set(r.choice(by[e]) for e in multi[:n])
with open(wl, "w", newline="") as w1, open(qf, "w", newline="") as w2:
    a, b = csv.writer(w1), csv.writer(w2)
    a.writerow(header)
    b.writerow(header)
    for i, row in enumerate(rows):
        (b if i in chosen else a).writerow(row)
