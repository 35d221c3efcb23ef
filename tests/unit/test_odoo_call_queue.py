"""CallQueue: the fetch's requests sent by one background thread, in order, never after a failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import CancelledError

import pytest

from carteira_gui.adapters.odoo.config import OdooSettings
from carteira_gui.adapters.odoo.errors import OdooServerError
from carteira_gui.adapters.odoo.transport import CallQueue, Transport

WAIT = 10  # seconds: only a broken test ever waits that long


class FakeTransport(Transport):
    """Records each call with the thread that made it; ``gates`` hold a method after its request is "written"."""

    def __init__(self, notify: bool = True) -> None:
        super().__init__(OdooSettings())
        self.log: list[tuple[str, str]] = []
        self.threads: set[str] = set()
        self.gates: dict[str, threading.Event] = {}
        self.notify = notify

    def connect(self) -> None:
        pass

    def server_version(self) -> str:
        return "17.0"

    def call(
        self,
        model: str,
        method: str,
        ids: Sequence[int] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> object:
        self.log.append((model, method))
        self.threads.add(threading.current_thread().name)
        if self.notify:
            self._request_sent()
        gate = self.gates.get(method)
        if gate is not None:
            assert gate.wait(WAIT)
        if method == "fail":
            raise OdooServerError("http://odoo", "odoo.exceptions.UserError", "recusado")
        return (model, method, list(ids or ()))


@pytest.fixture
def transport() -> Iterator[FakeTransport]:
    with FakeTransport() as fake:
        yield fake


def fetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "odoo-fetch" and t.is_alive()]


def test_calls_are_answered_in_order_by_one_thread_that_is_not_the_callers(transport: FakeTransport) -> None:
    with CallQueue(transport) as calls:
        futures = [calls.call("sale.order", "read", ids=[i]) for i in range(5)]
        assert [f.result(WAIT) for f in futures] == [("sale.order", "read", [i]) for i in range(5)]
    assert transport.threads == {"odoo-fetch"}
    assert not fetch_threads()


def test_an_error_is_raised_as_it_was_and_nothing_is_sent_after_it(transport: FakeTransport) -> None:
    with CallQueue(transport) as calls:
        first = calls.call("sale.order", "read")
        failed = calls.call("sale.order", "fail")
        after = [calls.call("res.partner", "read"), calls.call("product.product", "read")]
        assert first.result(WAIT) == ("sale.order", "read", [])
        error = failed.exception(WAIT)
        assert isinstance(error, OdooServerError)
        assert all(f.exception(WAIT) is error for f in after)  # the same error, whichever is waited for
    assert transport.log == [("sale.order", "read"), ("sale.order", "fail")]


def test_close_drops_what_was_not_sent_and_waits_for_the_call_being_sent(transport: FakeTransport) -> None:
    gate = transport.gates["slow"] = threading.Event()
    calls = CallQueue(transport)
    running = calls.call("sale.order.line", "slow")
    queued = calls.call("sale.order", "read")
    deadline = time.monotonic() + WAIT
    while not running.running() and time.monotonic() < deadline:  # the thread has taken it: it is being sent
        time.sleep(0.001)
    threading.Timer(0.05, gate.set).start()
    calls.close()
    assert running.result(0) == ("sale.order.line", "slow", [])  # answered before close returned
    with pytest.raises(CancelledError):
        queued.result(0)
    assert transport.log == [("sale.order.line", "slow")]
    assert not fetch_threads()


def test_close_without_waiting_leaves_a_hanging_call_to_a_daemon_thread(transport: FakeTransport) -> None:
    gate = transport.gates["slow"] = threading.Event()
    calls = CallQueue(transport)
    calls.call("sale.order.line", "slow")
    calls.close(wait=False)  # Ctrl+C: the program may exit at once
    assert all(t.daemon for t in fetch_threads())
    gate.set()


def test_handoff_returns_once_the_request_is_written_not_once_it_is_answered(transport: FakeTransport) -> None:
    gate = transport.gates["search_read"] = threading.Event()
    with CallQueue(transport) as calls:
        page = calls.call("sale.order.line", "search_read", handoff=True)
        assert transport.log == [("sale.order.line", "search_read")]  # on its way...
        assert not page.done()  # ...and not answered yet: the caller computes meanwhile
        gate.set()
        assert page.result(WAIT)[1] == "search_read"


def test_handoff_waits_for_the_answer_when_the_transport_does_not_say_when_it_wrote() -> None:
    with FakeTransport(notify=False) as transport, CallQueue(transport) as calls:
        assert calls.call("sale.order.line", "search_read", handoff=True).done()


def test_a_closed_queue_takes_no_call(transport: FakeTransport) -> None:
    calls = CallQueue(transport)
    calls.close()
    with pytest.raises(RuntimeError):
        calls.call("sale.order", "read")
    assert not fetch_threads()
