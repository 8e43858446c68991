#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of a clustering against the ground truth.

usage: score.py TRUTH.csv CLUSTERS.csv [ID_COL]   (truth has id + entity_id; clusters has id,cluster_id)
Prints: precision recall f1 predicted_pairs true_pairs largest_cluster
"""
import csv, sys
from collections import Counter


def score(truth_path, clusters_path, id_col="id"):
    truth = {}
    with open(truth_path, newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            truth[row[id_col]] = row["entity_id"]
    pred = {}
    with open(clusters_path, newline="") as fh:
        for row in csv.DictReader(fh):
            pred[row["id"]] = row["cluster_id"]
    ids = [i for i in pred if i in truth]
    c2 = lambda n: n * (n - 1) // 2
    cells = Counter((pred[i], truth[i]) for i in ids)
    clusters = Counter(pred[i] for i in ids)
    entities = Counter(truth[i] for i in ids)
    tp = sum(c2(n) for n in cells.values())
    pp = sum(c2(n) for n in clusters.values())
    tt = sum(c2(n) for n in entities.values())
    p = tp / pp if pp else 1.0
    r = tp / tt if tt else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, pp, tt, max(clusters.values()) if clusters else 0


if __name__ == "__main__":
    p, r, f, pp, tt, big = score(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "id")
    print(f"{p:.4f} {r:.4f} {f:.4f} {pp} {tt} {big}")
