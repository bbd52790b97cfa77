"""One small trained model shared by the linkage tests (training takes seconds, not minutes)."""

from __future__ import annotations

import pytest

from docket.linkage import TrainedModel, train
from tests.linkage.factories import population


@pytest.fixture(scope="session")
def training_population():
    return population(1500, seed=7)


@pytest.fixture(scope="session")
def model(training_population) -> TrainedModel:
    records, _ = training_population
    return train(records, seed=0, max_u_pairs=3e5)
