#!/usr/bin/env python3
"""Scores screening hits against the truth (entity_id).

usage: screen_eval.py WATCHLIST.csv QUERIES.csv HITS.csv
Prints key=value: right person first, right person first with probability >= 0.8,
right person in the top 5.
"""
import csv, sys

W = {r["id"]: r["entity_id"] for r in csv.DictReader(open(sys.argv[1], newline=""))}
Q = list(csv.DictReader(open(sys.argv[2], newline="")))
H = {}
for r in csv.DictReader(open(sys.argv[3], newline="")):
    H.setdefault(r["query_id"], []).append((int(r["rank"]), r["entry_id"], float(r["score"])))
first = sure = top5 = 0
for q in Q:
    hs = sorted(H.get(q["id"], []))
    ok = [W.get(e) == q["entity_id"] for _, e, _ in hs]
    if ok and ok[0]:
        first += 1
        sure += hs[0][2] >= 0.8
    top5 += any(ok[:5])
n = max(len(Q), 1)
print(f"queries={len(Q)}")
print(f"right_first={first / n:.4f}")
print(f"right_first_p08={sure / n:.4f}")
print(f"right_top5={top5 / n:.4f}")
