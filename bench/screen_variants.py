#!/usr/bin/env python3
"""Query sets for the round-2 screening rows, from a screen_prep.py split.

usage: screen_variants.py WATCHLIST.csv QUERIES.csv OUTDIR N SEED
Writes OUTDIR/names_watchlist.csv + names_queries.csv (names only: id, full_name,
entity_id) and OUTDIR/niktypo_queries.csv: N queries whose NIK is the NIK their
person has on the list, written with one wrong digit or two neighbouring digits
swapped (whole records otherwise as the query row).
"""
import csv, random, sys

wl, qf, out, n, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
W = list(csv.DictReader(open(wl, newline="")))
Q = list(csv.DictReader(open(qf, newline="")))
fields = list(Q[0].keys())

with open(f"{out}/names_watchlist.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "full_name", "entity_id"])
    for r in W:
        w.writerow([r["id"], r["full_name"], r["entity_id"]])
with open(f"{out}/names_queries.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "full_name", "entity_id"])
    for r in Q[:n]:
        w.writerow([r["id"], r["full_name"], r["entity_id"]])

digits = lambda s: "".join(c for c in s if c.isdigit())
nik_of = {}
for r in W:
    d = digits(r.get("nik", ""))
    if len(d) == 16:
        nik_of.setdefault(r["entity_id"], d)


def typo(d):
    i = rng.randrange(16)
    if rng.random() < 0.5 and i < 15 and d[i] != d[i + 1]:
        return d[:i] + d[i + 1] + d[i] + d[i + 2:]
    c = rng.choice([x for x in "0123456789" if x != d[i]])
    return d[:i] + c + d[i + 1:]


rows = []
for r in Q:
    d = nik_of.get(r["entity_id"])
    if d:
        r = dict(r)
        r["nik"] = typo(d)
        rows.append(r)
    if len(rows) == n:
        break
with open(f"{out}/niktypo_queries.csv", "w", newline="") as fh:
    w = csv.DictWriter(fh, fields)
    w.writeheader()
    w.writerows(rows)
print(f"names_queries={min(n, len(Q))} niktypo_queries={len(rows)}")
