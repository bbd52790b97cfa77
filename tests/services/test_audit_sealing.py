"""A checkpoint never seals tampering the signer can see."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from docket.errors import AuditIntegrityError
from docket.services import auditing
from docket.services.runtime import Runtime
from docket.store.schema import audit_leaves
from tests.factories import operator


def test_a_changed_leaf_is_not_sealed_by_the_next_checkpoint(rt: Runtime) -> None:
    auditing.checkpoint_now(rt, operator())
    with rt.engine.begin() as conn:
        conn.execute(update(audit_leaves).where(audit_leaves.c.idx == 0).values(leaf=b'{"forged": true}'))
    with pytest.raises(AuditIntegrityError, match="audit leaf 0 does not verify"):
        auditing.checkpoint_now(rt, operator())


def test_a_rewritten_signed_prefix_is_not_resealed(rt: Runtime) -> None:
    from docket.auditlog.merkle import leaf_hash

    auditing.checkpoint_now(rt, operator())
    forged = b'{"forged": true}'
    with rt.engine.begin() as conn:
        conn.execute(
            update(audit_leaves).where(audit_leaves.c.idx == 0).values(leaf=forged, leaf_hash=leaf_hash(forged))
        )
    with pytest.raises(AuditIntegrityError, match="no longer extends checkpoint"):
        auditing.checkpoint_now(rt, operator())
