#!/usr/bin/env python3
"""Splink 5 (DuckDB) linking FEBRL4's two files, set up as Splink's own FEBRL4
example does (link_only; name, date, SSN, address and place comparisons; blocking
on given name + surname, surname + dob, given name + dob, postcode + dob; u by
random sampling, m by EM on two blocking rules).

usage: splink_febrl.py A.csv B.csv OUT_pairs.csv [THRESHOLD]   (writes left_id,right_id)
"""
import sys, logging
import duckdb
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

a, b, out = sys.argv[1], sys.argv[2], sys.argv[3]
threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.9
con = duckdb.connect()
for name, path in (("a", a), ("b", b)):
    con.execute(f"""
CREATE TABLE {name} AS SELECT rec_id AS unique_id,
  nullif(trim(given_name), '') AS given_name, nullif(trim(surname), '') AS surname,
  nullif(trim(date_of_birth), '') AS dob, nullif(trim(soc_sec_id), '') AS soc_sec_id,
  nullif(trim(street_number), '') AS street_number, nullif(trim(address_1), '') AS address_1,
  nullif(trim(suburb), '') AS suburb, nullif(trim(postcode), '') AS postcode,
  nullif(trim(state), '') AS state
FROM read_csv('{path}', all_varchar=true, header=true)""")
db_api = DuckDBAPI(connection=con)
dfs = [db_api.register("a"), db_api.register("b")]
settings = SettingsCreator(
    link_type="link_only",
    blocking_rules_to_generate_predictions=[
        block_on("given_name", "surname"),
        block_on("surname", "dob"),
        block_on("given_name", "dob"),
        block_on("postcode", "dob"),
        block_on("soc_sec_id"),
    ],
    comparisons=[
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
        cl.ExactMatch("street_number"),
        cl.JaroWinklerAtThresholds("address_1", [0.9]),
        cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
        cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        cl.ExactMatch("state"),
    ],
    retain_intermediate_calculation_columns=False,
)
linker = Linker(dfs, settings, log_level=logging.WARNING)
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "surname", "dob"), block_on("soc_sec_id")], recall=0.7)
linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
pred = linker.inference.predict(threshold_match_probability=threshold)
name = pred.physical_name
con.execute(f"COPY (SELECT unique_id_l AS left_id, unique_id_r AS right_id FROM {name}) "
            f"TO '{out}' (HEADER, DELIMITER ',')")
