"""One cache of stored models for explanations and incremental matching."""

from docket.linkage import default_model
from docket.services.runtime import Runtime
from docket.services.stored_models import stored_scoring
from docket.store import linkage_repo


def test_the_latest_stored_model_is_built_once_and_shared(rt: Runtime) -> None:
    with rt.engine.begin() as conn:
        assert stored_scoring(conn) is None  # before any link run
        model = default_model()
        linkage_repo.save_model(conn, model.version, model.to_json(), 0)
        first, again = stored_scoring(conn), stored_scoring(conn)
    assert first is not None and first is again
    assert first.version == model.version and first.rules_match
    assert first.weights is first.scorer.weights
