"""The service tests of ingest, cases and full links, run again with ``rt`` on PostgreSQL (see conftest.py).

The functions are the ones in tests/services, imported so that pytest collects them here, where this
directory's ``rt`` fixture (a fresh PostgreSQL schema) replaces the SQLite one. Chosen to cover what
the store does for the services: atomic batches and their rollback, re-ingest, uniqueness refused by
name, quarantine, every reader, the case transition table, append-only events, protection, denials
that roll back and are audited in their own transaction, and a full link (the store read in chunks,
memberships and the blocking index written in bulk, a failed run leaving the old index readable).
"""

from __future__ import annotations

import pytest

from tests.services.test_cases import (
    convicted,
    team,
    test_closing_on_citizenship_protects_the_person_for_good,
    test_full_path_to_referral_waits_for_the_contest_window,
    test_ground_must_be_supported_by_the_facts,
    test_opening_a_case_on_a_protected_person_is_refused_and_audited,
    test_protection_appearing_after_notice_blocks_referral,
    test_steps_outside_the_table_are_refused,
    test_undecided_contest_blocks_referral_and_resolution_unblocks,
    test_unverified_link_behind_the_ground_blocks_referral,
    test_who_may_read_a_case,
)
from tests.services.test_incremental_linking import (
    pop,
    test_a_full_run_that_fails_after_rebuilding_the_index_leaves_the_old_one,
    test_a_full_run_writes_the_blocking_index,
)
from tests.services.test_ingest import (
    source,
    test_bad_value_names_file_line_field_and_reason,
    test_column_mapping_is_applied,
    test_duplicate_record_id_in_file_and_against_store,
    test_every_bad_row_is_listed_up_to_fifty,
    test_ingest_stores_normalized_values_originals_and_provenance,
    test_jsonl_and_parquet_are_read,
    test_reingesting_the_same_file_is_a_noop,
    test_skip_invalid_stores_valid_rows_and_quarantines_the_rest,
    test_undeclared_column_is_refused_by_name,
    test_unknown_source_is_not_found,
)

pytestmark = pytest.mark.postgres

__all__ = [
    "convicted",
    "pop",
    "test_a_full_run_that_fails_after_rebuilding_the_index_leaves_the_old_one",
    "test_a_full_run_writes_the_blocking_index",
    "source",
    "team",
    "test_bad_value_names_file_line_field_and_reason",
    "test_closing_on_citizenship_protects_the_person_for_good",
    "test_column_mapping_is_applied",
    "test_duplicate_record_id_in_file_and_against_store",
    "test_every_bad_row_is_listed_up_to_fifty",
    "test_full_path_to_referral_waits_for_the_contest_window",
    "test_ground_must_be_supported_by_the_facts",
    "test_ingest_stores_normalized_values_originals_and_provenance",
    "test_jsonl_and_parquet_are_read",
    "test_opening_a_case_on_a_protected_person_is_refused_and_audited",
    "test_protection_appearing_after_notice_blocks_referral",
    "test_reingesting_the_same_file_is_a_noop",
    "test_skip_invalid_stores_valid_rows_and_quarantines_the_rest",
    "test_steps_outside_the_table_are_refused",
    "test_undecided_contest_blocks_referral_and_resolution_unblocks",
    "test_undeclared_column_is_refused_by_name",
    "test_unknown_source_is_not_found",
    "test_unverified_link_behind_the_ground_blocks_referral",
    "test_who_may_read_a_case",
]
