#!/usr/bin/env python3
"""Splink 5 (DuckDB backend) on the same synthetic file, configured the way
Splink's own tutorial advises: light cleaning (lowercase, punctuation, dates to
ISO, digits-only identifiers), first name / surname split, NameComparison and
DateOfBirthComparison, exact matches with term-frequency adjustment, blocking
rules on name+dob combinations plus the identifiers, probability two random
records match from deterministic rules (recall 0.7), u by random sampling, m by
EM on two blocking rules, predict, connected components at the threshold.

usage: splink_link.py IN.csv OUT_clusters.csv [THRESHOLD]
"""
import sys, time, logging
import duckdb
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI  # noqa: F401  (import path check)

inp, out = sys.argv[1], sys.argv[2]
threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9
t0 = time.time()
con = duckdb.connect()
con.execute("SET preserve_insertion_order=false")
# Cleaning a Splink user would do (Splink leaves standardisation to the user).
con.execute(f"""
CREATE TABLE people AS
WITH raw AS (SELECT * FROM read_csv('{inp}', all_varchar=true, header=true, ignore_errors=true)),
cleaned AS (
  SELECT id AS unique_id,
    list_filter(string_split(trim(regexp_replace(lower(full_name), '[^a-z ]', ' ', 'g')), ' '), lambda x: x <> '') AS toks,
    coalesce(
      try_strptime(birth_date, '%d/%m/%Y'), try_strptime(birth_date, '%Y-%m-%d'),
      try_strptime(birth_date, '%d-%m-%y'), try_strptime(birth_date, '%m/%d/%Y')) AS dob_ts,
    birth_date AS dob_raw,
    nullif(lower(trim(sex)), '') AS sex,
    nullif(lower(trim(birth_place)), '') AS birth_place,
    nullif(regexp_replace(nik, '[^0-9]', '', 'g'), '') AS nik,
    nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 10), '') AS phone,
    nullif(lower(trim(address)), '') AS address,
    nullif(region_code, '') AS region_code
  FROM raw)
SELECT unique_id,
  CASE WHEN len(toks) > 0 THEN toks[1] END AS first_name,
  CASE WHEN len(toks) > 1 THEN toks[len(toks)] END AS surname,
  strftime(dob_ts, '%Y-%m-%d') AS dob,
  sex, birth_place, nik, phone, address, region_code
FROM cleaned
""")
print(f"  [{time.time() - t0:.1f}s] db_api = DuckDBAPI", file=sys.stderr)
db_api = DuckDBAPI(connection=con)
df = db_api.register("people")

settings = SettingsCreator(
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=[
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
        block_on("nik"),
        block_on("phone"),
    ],
    comparisons=[
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("nik"),
        cl.ExactMatch("phone"),
        cl.LevenshteinAtThresholds("address", [5, 15]),
        cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
        cl.ExactMatch("sex"),
        cl.ExactMatch("region_code").configure(term_frequency_adjustments=True),
    ],
    retain_intermediate_calculation_columns=False,
)
linker = Linker(df, settings, log_level=logging.WARNING)
linker.training.estimate_probability_two_random_records_match(
    [block_on("first_name", "surname", "dob"), block_on("nik")], recall=0.7)
print(f"  [{time.time() - t0:.1f}s] linker.training.estimate_u_using", file=sys.stderr)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
print(f"  [{time.time() - t0:.1f}s] linker.training.estimate_parameters_usin", file=sys.stderr)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
print(f"  [{time.time() - t0:.1f}s] pred = linker", file=sys.stderr)
pred = linker.inference.predict(threshold_match_probability=threshold)
print(f"  [{time.time() - t0:.1f}s] clusters = linker", file=sys.stderr)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold)
print(f"  [{time.time() - t0:.1f}s] name = clusters", file=sys.stderr)
name = clusters.physical_name
con.execute(f"COPY (SELECT unique_id AS id, cluster_id FROM {name}) TO '{out}' (HEADER, DELIMITER ',')")
print(f"splink: {time.time() - t0:.1f}s", file=sys.stderr)
