"""The garbage collector is paused around bulk work and always resumed, whoever overlaps whom."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator

import pytest

from carteira_gui.services.memory import collector_paused, quick_thread_switches


@pytest.fixture(autouse=True)
def _collector_running() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_running_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_is_resumed_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_blocks_resume_only_when_the_outer_one_ends() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_already_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_do_not_resume_it_early() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(5)
    with collector_paused():
        pass
    # This thread's block ended while the worker's is still open: the collector must stay paused.
    assert not gc.isenabled()
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_quick_thread_switches_nest_and_restore_the_interval() -> None:
    before = sys.getswitchinterval()
    with quick_thread_switches():
        assert sys.getswitchinterval() == pytest.approx(0.0005)
        with quick_thread_switches():
            assert sys.getswitchinterval() == pytest.approx(0.0005)
        assert sys.getswitchinterval() == pytest.approx(0.0005)  # the outer block still runs
    assert sys.getswitchinterval() == before
