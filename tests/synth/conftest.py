from __future__ import annotations

import pytest

from docket.synth import Population, generate

AS_OF = "2025-01-01"


@pytest.fixture(scope="session")
def population() -> Population:
    return generate(4000, seed=11, as_of=AS_OF)
