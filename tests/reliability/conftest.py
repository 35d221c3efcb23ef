"""Fixtures of the reliability tests: processes that are always killed, seeded databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import Procs


@pytest.fixture
def procs() -> Iterator[Procs]:
    """Starts ``carteira-sync`` processes; every one still running is killed (its whole group) afterwards."""
    started = Procs()
    try:
        yield started
    finally:
        started.close()
