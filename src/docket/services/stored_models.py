"""The stored linkage model, ready to score, cached by version (one cache for every service).

Reading a model's weights goes through Splink's settings objects (tens of milliseconds) from tens
of kilobytes of JSON: doing it on every case-file read or every incrementally matched record cost
more than the rest of the work. A version is a hash of the model's content, so a cached entry is
never stale. Entries are read-only once built, so threads share them; one thread builds while the
others wait, rather than every concurrent first use building its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from docket.errors import IncompatibleModel
from docket.linkage import TrainedModel
from docket.linkage.blocking import BLOCKING_RULES
from docket.linkage.scoring import PairScorer
from docket.linkage.weights import ModelWeights
from docket.store import linkage_repo

RETRAIN = "run `docket link --retrain` to train a model for this version and re-link with it"


def read_model(text: str) -> TrainedModel:
    """A stored model; refused, saying what to do, when another version of Docket stored it for
    other comparison levels (the vetoes read levels by number: it would be misread, not just
    weaker). A full run retrains only when asked: a new model changes who is linked to whom."""
    try:
        return TrainedModel.from_json(text)
    except IncompatibleModel as exc:
        raise IncompatibleModel(f"the stored linkage model was trained for another version of Docket: "
                                f"{RETRAIN}", [exc.message]) from exc


def rules_match(model: TrainedModel) -> bool:
    """Whether the model blocks with the rules the index is keyed by (else only a full run is exact)."""
    stored = [r.get("blocking_rule") for r in model.splink.get("blocking_rules_to_generate_predictions", [])]
    return stored == [r.sql() for r in BLOCKING_RULES]


@dataclass(frozen=True)
class Scoring:
    """A stored model ready to score pairs and explain them."""

    version: str
    scorer: PairScorer
    rules_match: bool

    @property
    def weights(self) -> ModelWeights:
        return self.scorer.weights


class _Cache:
    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._lock = threading.Lock()  # guards the dict
        self._building = threading.Lock()  # one build at a time
        self._entries: OrderedDict[str, Scoring] = OrderedDict()

    def of_version(self, conn: Connection, version: str) -> Scoring | None:
        def load() -> TrainedModel | None:
            text = linkage_repo.model_json(conn, version)
            return None if text is None else read_model(text)

        return self._cached(version) or self._build(version, load)

    def _build(self, version: str, load: Callable[[], TrainedModel | None]) -> Scoring | None:
        with self._building:
            found = self._cached(version)
            if found is not None:
                return found
            model = load()
            if model is None:
                return None
            scoring = Scoring(version, PairScorer(ModelWeights(model)), rules_match(model))
            with self._lock:
                self._entries[version] = scoring
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            return scoring

    def _cached(self, version: str) -> Scoring | None:
        with self._lock:
            found = self._entries.get(version)
            if found is not None:
                self._entries.move_to_end(version)
            return found


_CACHE = _Cache()


def stored_scoring(conn: Connection) -> Scoring | None:
    """The latest stored model, ready to score; None before any link run."""
    return scoring_of(conn, linkage_repo.latest_model_version(conn))


def scoring_of(conn: Connection, version: str | None) -> Scoring | None:
    """The stored model ``version`` (None: no model), ready to score; for a caller that already read
    the version in a statement of its own."""
    return None if version is None else _CACHE.of_version(conn, version)
