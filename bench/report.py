#!/usr/bin/env python3
"""Formats bench/out/results.tsv and the screening logs as a Markdown report."""
import csv, os, re, sys

out = sys.argv[1]


def kv(name):
    p = os.path.join(out, name)
    d = {}
    if os.path.exists(p):
        for line in open(p):
            if "=" in line and not line.startswith(" "):
                k, _, v = line.strip().partition("=")
                d[k] = v
    return d


FIELDS = ["task", "tool", "rows", "wall_s", "peak_mib", "precision", "recall", "f1", "note"]
rows = []
names = sorted(f for f in os.listdir(out) if f.startswith("results_") and f.endswith(".tsv"))
def order(f):
    parts = f[:-4].split("_")
    return (parts[1] != "dedupe", int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0, f)


names.sort(key=order)
for f in names:
    rows += list(csv.DictReader(open(os.path.join(out, f)), fieldnames=FIELDS, delimiter="\t"))
print("| task | tool | rows | wall time (s) | peak memory (MiB) | precision | recall | F1 | notes |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    print(f"| {r['task']} | {r['tool']} | {int(r['rows']):,} | {r['wall_s']} | {r['peak_mib']} | {r['precision']} | {r['recall']} | {r['f1']} | {r['note']} |")

speed = {}
for r in rows:
    if r["task"] == "dedupe":
        speed.setdefault(r["rows"], {})[r["tool"]] = r["wall_s"]
print()
for n, t in speed.items():
    a, b = t.get("sinergi link"), t.get("Splink 5 (DuckDB)")
    try:
        print(f"- {int(n):,} rows: sinergi link is {float(b) / float(a):.1f}x faster than Splink")
    except (TypeError, ValueError):
        pass

log = open(os.path.join(out, "screen.log")).read() if os.path.exists(os.path.join(out, "screen.log")) else ""
m = re.search(r"screen: (\d+) entries indexed in ([\d.]+)s; (\d+) queries, (\d+) queries/s, latency p50 ([\d.]+) ms, p99 ([\d.]+) ms", log)
base = kv("screen_baseline.log")
idx = kv("screen_index_recall.log")
print()
print("Screening (watchlist = the largest synthetic file minus the queries; each query is another row of a person on the list):")
print()
print("| measure | sinergi screen (index) | rapidfuzz brute force (token_sort_ratio on names, all cores) |")
print("|---|---:|---:|")
if m:
    print(f"| watchlist entries | {int(m.group(1)):,} (index built in {m.group(2)} s) | same |")
    print(f"| queries | {m.group(3)} | {base.get('queries', '?')} |")
    print(f"| throughput (queries/s, 2 cores) | {m.group(4)} | {base.get('rapidfuzz_qps', '?')} |")
    print(f"| latency p50 / p99 (ms, one query) | {m.group(5)} / {m.group(6)} | - |")
print(f"| true person in top 5 | {base.get('true_recall5_sinergi', '?')} | {base.get('true_recall5_rapidfuzz', '?')} |")
print(f"| brute-force top-5 found (strict ids) | {base.get('overlap_strict', '?')} | 1 |")
print(f"| brute-force top-5 found (tie-aware: as good a name score) | {base.get('overlap_tie_aware', '?')} | 1 |")
print(f"| index top-5 = exhaustive top-5 of the same scorer ({idx.get('queries', '?')} queries, all ranks) | {idx.get('index_recall5_vs_exhaustive', '?')} | - |")
print(f"| exhaustive hits with probability >= 0.5 that the index also returns ({idx.get('likely_hits', '?')} hits) | {idx.get('index_recall_likely_hits', '?')} | - |")
