#!/usr/bin/env bash
# Sinergi matching benchmark, one run on the same files:
#   1. `sinergi synth` writes synthetic people with ground truth (entity_id) at each size;
#   2. `sinergi link` and Splink 5 (DuckDB backend, set up as Splink's docs advise,
#      see splink_link.py) deduplicate each file; pairwise precision/recall/F1
#      against entity_id, wall time and peak memory (max RSS) are recorded;
#   3. generality: a US-style file (given/family name, month-first dates, SSN,
#      address over street/city/zip) linked through bench/us.toml;
#   4. robustness: the 100k file with 10% of rows broken;
#   5. screening: `sinergi screen` against a ~1M-entry watchlist vs a rapidfuzz
#      brute-force top-5, plus the index's recall against Sinergi's own exhaustive scan.
# Writes bench/out/results.tsv and bench/out/results.md.
#
# usage: bench/run.sh                      (sizes 10000 100000 1000000)
#        SIZES="10000 100000" bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=bench/out
mkdir -p "$OUT"
SIZES=${SIZES:-"10000 100000 1000000"}
SEED=${SEED:-7}
QUERIES=${QUERIES:-2000}
EXHAUSTIVE_QUERIES=${EXHAUSTIVE_QUERIES:-200}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

cargo build --release -p sinergi
BIN=$CARGO_TARGET_DIR/release/sinergi

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q splink==5.0.0 duckdb==2.0.1 rapidfuzz==3.14.6 numpy==2.4.6
PY=$ROOT/bench/.venv/bin/python

PARTS=${PARTS:-"dedupe generality robustness screen"}
has() { [[ " $PARTS " == *" $1 "* ]]; }

# run NAME CMD...: runs CMD, keeps its output in $OUT/NAME.log, wall time and max RSS in $OUT/NAME.time
run() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$OUT/$name.time" "$@" > "$OUT/$name.log" 2>&1
}
timing() { tail -n 1 "$OUT/$1.time" | awk '{printf "%s\t%.0f", $1, $2 / 1024}'; }
scores() { python3 bench/score.py "$@" | awk '{printf "%s\t%s\t%s\tpairs predicted %s, true %s, largest cluster %s", $1, $2, $3, $4, $5, $6}'; }

for N in $SIZES; do
    has dedupe || continue
    DATA=$OUT/synth_$N.csv
    # With SPLINK=0 the file Splink was measured on is kept (the generator may have changed since).
    if [ "${SPLINK:-1}" != 0 ] || [ ! -s "$DATA" ]; then
        "$BIN" synth --n "$N" --seed "$SEED" --output "$DATA" 2> "$OUT/synth_$N.log"
    fi
    run "sinergi_$N" "$BIN" link --input "$DATA" --output "$OUT/sinergi_clusters_$N.csv"
    printf 'dedupe\tsinergi link\t%s\t%s\t%s\n' "$N" "$(timing "sinergi_$N")" "$(scores "$DATA" "$OUT/sinergi_clusters_$N.csv")" > "$OUT/results_dedupe_${N}_a.tsv"
    # SPLINK=0 keeps the Splink result of an earlier run on the same (seeded, identical) file.
    [ "${SPLINK:-1}" = 0 ] && [ -s "$OUT/results_dedupe_${N}_b.tsv" ] && continue
    # Splink at 1M did not finish in 30 min on 2 cores: give up after SPLINK_TIMEOUT seconds.
    if run "splink_$N" timeout "${SPLINK_TIMEOUT:-2700}" "$PY" bench/splink_link.py "$DATA" "$OUT/splink_clusters_$N.csv" 0.9; then
        printf 'dedupe\tSplink 5 (DuckDB)\t%s\t%s\t%s\n' "$N" "$(timing "splink_$N")" "$(scores "$DATA" "$OUT/splink_clusters_$N.csv")" > "$OUT/results_dedupe_${N}_b.tsv"
    else
        printf 'dedupe\tSplink 5 (DuckDB)\t%s\t%s\t-\t-\t-\tfailed or timed out (SPLINK_TIMEOUT), see splink_%s.log\n' "$N" "$(timing "splink_$N")" "$N" > "$OUT/results_dedupe_${N}_b.tsv"
    fi
done

# Generality: nothing Indonesian, mapped by a settings file.
TSV=$OUT/results_generality.tsv
if has generality; then
: > "$TSV"
python3 bench/gen.py us 100000 "$SEED" "$OUT/us_100000.csv"
run us_100000 "$BIN" link --input "$OUT/us_100000.csv" --settings bench/us.toml --output "$OUT/us_clusters.csv"
printf 'generality (US-style, settings file)\tsinergi link\t100000\t%s\t%s\n' "$(timing us_100000)" "$(scores "$OUT/us_100000.csv" "$OUT/us_clusters.csv" person_id)" >> "$TSV"
fi

# Robustness: 10% of rows broken (extra fields, impossible dates, empty ids, invalid UTF-8).
TSV=$OUT/results_robustness.tsv
if has robustness; then
: > "$TSV"
"$BIN" synth --n 100000 --seed "$SEED" --output "$OUT/clean_100000.csv" 2> /dev/null
python3 bench/gen.py malformed "$OUT/clean_100000.csv" "$OUT/malformed_100000.csv" "$SEED"
run malformed_100000 "$BIN" link --input "$OUT/malformed_100000.csv" --output "$OUT/malformed_clusters.csv" --issues "$OUT/malformed_issues.csv"
REPORT=$(grep 'rows read' "$OUT/malformed_100000.log" | sed 's/.*: //')
printf 'robustness (10%% malformed rows)\tsinergi link\t100000\t%s\t%s; %s\n' "$(timing malformed_100000)" "$(scores "$OUT/clean_100000.csv" "$OUT/malformed_clusters.csv")" "$REPORT" >> "$TSV"
fi

# Screening against the largest file.
if has screen; then
BIG=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
python3 bench/screen_prep.py "$OUT/synth_$BIG.csv" "$OUT/watchlist.csv" "$OUT/queries.csv" "$QUERIES" "$SEED"
head -n $((EXHAUSTIVE_QUERIES + 1)) "$OUT/queries.csv" > "$OUT/queries_exhaustive.csv"
run screen "$BIN" screen --index "$OUT/watchlist.csv" --queries "$OUT/queries.csv" --top 5 --output "$OUT/hits.csv"
run screen_exhaustive "$BIN" screen --index "$OUT/watchlist.csv" --queries "$OUT/queries_exhaustive.csv" --top 5 --output "$OUT/hits_exhaustive.csv" --exhaustive
python3 - "$OUT/hits.csv" "$OUT/hits_exhaustive.csv" "$OUT/hits_first.csv" "$EXHAUSTIVE_QUERIES" <<'PYEOF'
import csv, sys
ids = {r["query_id"] for r in csv.DictReader(open(sys.argv[2]))}
with open(sys.argv[3], "w", newline="") as fh:
    w = None
    for r in csv.DictReader(open(sys.argv[1])):
        if w is None:
            w = csv.DictWriter(fh, r.keys()); w.writeheader()
        if r["query_id"] in ids:
            w.writerow(r)
PYEOF
run screen_baseline "$PY" bench/screen_baseline.py "$OUT/watchlist.csv" "$OUT/queries.csv" "$OUT/hits.csv"
run screen_index_recall "$PY" bench/screen_baseline.py "$OUT/watchlist.csv" "$OUT/queries_exhaustive.csv" "$OUT/hits_first.csv" "$OUT/hits_exhaustive.csv"

fi

python3 bench/report.py "$OUT" > "$OUT/results.md"
cat "$OUT/results.md"
