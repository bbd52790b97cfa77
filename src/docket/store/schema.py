"""Tables (SQLAlchemy Core). Portable across SQLite and PostgreSQL: no dialect-specific types.

Decisions are appended, never updated in place: link decisions, protection clearances and case
transitions each have a ``superseded_by``/event table rather than mutable state.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from docket.domain.vocabulary import CANONICAL_FIELDS

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(30), nullable=False),
    Column("legal_authority", Text, nullable=False),
    Column("purposes", Text, nullable=False),  # JSON list
    Column("authoritative_for_status", Boolean, nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("columns", Text, nullable=False),  # JSON object file column -> canonical field
    Column("declaration_sha256", String(64), nullable=False),
    Column("declared_at", String(40), nullable=False),
    Column("declared_by", String(100), nullable=False),
)

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("file_format", String(10), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("skipped_count", Integer, nullable=False, default=0),
    Column("ingested_at", String(40), nullable=False),
    Column("ingested_by", String(100), nullable=False),
    UniqueConstraint("source_id", "file_sha256", name="uq_batches_source_file"),
)

# One row per record: the normalized canonical fields as columns (fast to scan for linkage), the
# original values as JSON beside them, and provenance (batch, line).
records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    *[Column(name, Text, nullable=(name != "record_id")) for name in CANONICAL_FIELDS],
    Column("original", Text, nullable=False),  # JSON: canonical field -> value as it was in the file
    UniqueConstraint("source_id", "record_id", name="uq_records_source_record"),
)

# Current person of each record. History lives in person_events.
memberships = Table(
    "memberships",
    metadata,
    Column("record_key", Integer, ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", String(40), nullable=False, index=True),
    Column("match_probability", Text, nullable=True),  # decimal text, None for singletons
    Column("verified", Boolean, nullable=False, default=False),
    Column("model_version", String(64), nullable=True),
    Column("assigned_at", String(40), nullable=False),
)

person_events = Table(
    "person_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # created, merge, split
    Column("before", Text, nullable=False),  # JSON list of person ids
    Column("after", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("model_version", String(64), nullable=True),
    Column("at", String(40), nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

audit_leaves = Table(
    "audit_leaves",
    metadata,
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("leaf", LargeBinary, nullable=False),
    Column("leaf_hash", LargeBinary, nullable=False),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tree_size", BigInteger, nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    # The compact range at tree_size (one 32-byte subtree hash per set bit, left to right), so the next
    # checkpoint hashes only the leaves after this one. NULL on checkpoints made before migration 0006.
    Column("frontier", LargeBinary, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("role", String(30), nullable=False),
    Column("unit", String(60), nullable=False, default=""),
    Column("password_hash", Text, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(40), nullable=False),
)

Index("ix_records_batch", records.c.batch_id)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(40), primary_key=True),  # public token id (prefix of the token)
    Column("user_id", String(60), ForeignKey("users.id"), nullable=False),
    Column("secret_hash", String(64), nullable=False),  # SHA-256 of the random secret
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
)

# The accounting of disclosures outside the agency. Kept beyond the purge of the records it
# describes: it holds person ids and record references, never the records themselves.
disclosures = Table(
    "disclosures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("nature", String(60), nullable=False),  # export, subject_access, ...
    Column("purpose", String(40), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("person_ids", Text, nullable=False),  # JSON list
    Column("detail", Text, nullable=False),  # JSON
    Column("actor", String(60), nullable=False),
    Column("keep_until", String(40), nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", String(60), nullable=False, index=True),
    Column("at", String(40), nullable=False),
)

# ---- linkage ------------------------------------------------------------------------------------

linkage_models = Table(
    "linkage_models",
    metadata,
    Column("version", String(64), primary_key=True),
    Column("created_at", String(40), nullable=False),
    Column("model_json", Text, nullable=False),
    Column("trained_on", Integer, nullable=False),
)

# Reviewer decisions between two records. Appended, never updated: a new decision on the same pair
# supersedes the old one (``superseded_by``). Indexed on both sides: matching one record reads the
# decisions on its own pairs and its candidate persons' records, not every decision.
link_decisions = Table(
    "link_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_a", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("record_b", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("decision", String(20), nullable=False),  # must_link | cannot_link
    Column("reason", Text, nullable=False),
    Column("reviewer", String(60), nullable=False),
    Column("at", String(40), nullable=False),
    Column("superseded_by", Integer, nullable=True),
)

review_tasks = Table(
    "review_tasks",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("kind", String(30), nullable=False),  # link, departure, correction, contest, protection
    Column("status", String(20), nullable=False),  # open, decided
    Column("impact", Integer, nullable=False),  # higher first
    Column("person_id", String(40), nullable=True),
    # Indexed: every person-file load looks for open link tasks on either side of the person's records.
    Column("record_a", Integer, nullable=True, index=True),
    Column("record_b", Integer, nullable=True, index=True),
    Column("probability", Text, nullable=True),
    Column("reason", Text, nullable=False),
    Column("role_needed", String(30), nullable=False),
    Column("assigned_to", String(60), nullable=False, default=""),
    Column("created_at", String(40), nullable=False),
    Column("due_at", String(40), nullable=True),
    Column("decided_by", String(60), nullable=True),
    Column("decided_at", String(40), nullable=True),
    Column("decision", String(30), nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("ref", String(40), nullable=True),  # case, request or other object the task belongs to
)

# ---- cases --------------------------------------------------------------------------------------

cases = Table(
    "cases",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("person_id", String(40), nullable=False, index=True),
    Column("ground", String(40), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # projection of the latest case_event
    Column("unit", String(60), nullable=False, default=""),
    Column("assigned_to", String(60), nullable=False, default=""),
    Column("opened_by", String(60), nullable=False),
    Column("opened_at", String(40), nullable=False),
    Column("pack_name", String(60), nullable=False),
    Column("pack_sha256", String(64), nullable=False),
    Column("tier", String(30), nullable=False),
    Column("evaluation", Text, nullable=False),  # JSON explanation at the last evaluation
    Column("close_reason", String(30), nullable=True),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(20), ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("from_status", String(20), nullable=True),
    Column("to_status", String(20), nullable=False),
    Column("actor", String(60), nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),  # JSON
    Column("at", String(40), nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("case_id", String(20), ForeignKey("cases.id"), nullable=False),
    Column("issued_at", String(40), nullable=False),
    Column("contest_until", String(40), nullable=False),
    Column("html_path", Text, nullable=False),
    Column("pdf_path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
)

# Protection on a person beyond what records derive: a legal reviewer's clearance (appended, may be
# superseded) or a citizenship finding recorded when a case closed on evidence of citizenship.
protection_decisions = Table(
    "protection_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", String(40), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # cleared | citizenship_found | reinstated
    Column("reason", Text, nullable=False),
    Column("refs", Text, nullable=False, default="[]"),  # JSON: the records the decision was about
    Column("actor", String(60), nullable=False),
    Column("at", String(40), nullable=False),
    Column("superseded_by", Integer, nullable=True),
)

subject_requests = Table(
    "subject_requests",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("kind", String(20), nullable=False),  # access, correction, contest
    Column("person_id", String(40), nullable=False, index=True),
    Column("status", String(20), nullable=False),  # received, acknowledged, decided
    Column("detail", Text, nullable=False),  # JSON: what is asked (no more than needed)
    Column("received_at", String(40), nullable=False),
    Column("acknowledge_by", String(40), nullable=False),
    Column("decide_by", String(40), nullable=False),
    Column("acknowledged_at", String(40), nullable=True),
    Column("decided_at", String(40), nullable=True),
    Column("decided_by", String(60), nullable=True),
    Column("decision", String(20), nullable=True),
    Column("reason", Text, nullable=True),
    Column("assigned_to", String(60), nullable=False, default=""),
)

# Accepted corrections overlay the stored record (the source file's value stays as ingested).
record_corrections = Table(
    "record_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_key", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("field", String(40), nullable=False),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("request_id", String(20), nullable=False),
    Column("decided_by", String(60), nullable=False),
    Column("at", String(40), nullable=False),
)

# ---- incremental linkage -------------------------------------------------------------------------

# Persisted blocking indexes: each record's key under each blocking rule (rule = its position in
# ``docket.linkage.blocking.BLOCKING_RULES``), as a signed 64-bit hash of the rule and the key.
# Written for every record by a full link run and for each incrementally matched record; looked up
# by hash to find a new record's candidates. Rows go with their record, deleted by the one path that
# deletes records (``retention_repo.purge_records``): no foreign key, whose check of every row was
# half the time of writing a million records' index on PostgreSQL (migration 0009).
blocking_keys = Table(
    "blocking_keys",
    metadata,
    Column("record_key", Integer, primary_key=True, autoincrement=False),
    Column("rule", SmallInteger, primary_key=True, autoincrement=False),
    Column("key_hash", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

Index("ix_blocking_keys_key_hash", blocking_keys.c.key_hash)
