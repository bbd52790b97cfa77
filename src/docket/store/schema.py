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
