"""collector.paused: the cycle collector off for a block, then as it was, also after an error."""

from __future__ import annotations

import gc

import pytest

from docket import collector


def test_the_collector_is_off_inside_and_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector.paused():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
