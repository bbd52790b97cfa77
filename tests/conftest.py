"""Shared fixtures: a fresh, initialised data dir per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docket.services.accounts import initialise
from docket.services.runtime import Runtime
from tests.factories import make_settings


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    runtime = Runtime(make_settings(tmp_path))
    initialise(runtime)
    yield runtime
    runtime.close()
