"""CallQueue: the fetch's requests sent by one background thread, in order, never after a failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import CancelledError
from typing import Any

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


def test_an_answer_is_handed_over_once_the_next_request_is_written(transport: FakeTransport) -> None:
    # The caller's thread, woken by an answer, would hold the interpreter lock while the sending thread needs it
    # to write the next request: the answer waits until that request is on its way.
    gate = transport.gates["slow"] = threading.Event()
    seen: list[list[tuple[str, str]]] = []
    with CallQueue(transport) as calls:
        first = calls.call("sale.order", "read")
        first.add_done_callback(lambda _: seen.append(list(transport.log)))
        second = calls.call("sale.order", "slow")
        assert first.result(WAIT)[1] == "read"
        assert seen == [[("sale.order", "read"), ("sale.order", "slow")]]  # handed over once "slow" was written
        assert not second.done()
        gate.set()
        assert second.result(WAIT)[1] == "slow"


def test_an_answer_is_handed_over_at_once_when_no_request_follows(transport: FakeTransport) -> None:
    with CallQueue(transport) as calls:
        assert calls.call("sale.order", "read").result(WAIT)[1] == "read"


def test_without_word_from_the_transport_an_answer_waits_for_the_call_after_it() -> None:
    with FakeTransport(notify=False) as transport, CallQueue(transport) as calls:
        seen: list[list[tuple[str, str]]] = []
        first = calls.call("sale.order", "read")
        first.add_done_callback(lambda _: seen.append(list(transport.log)))
        second = calls.call("res.partner", "read")
        assert second.result(WAIT)[0] == "res.partner"
        assert first.result(WAIT)[0] == "sale.order"
        assert seen == [[("sale.order", "read"), ("res.partner", "read")]]


def test_a_chain_asks_for_each_call_from_the_sending_thread_as_the_one_before_is_answered(
    transport: FakeTransport,
) -> None:
    asked: list[Mapping[str, object]] = []

    def follow(answer: object) -> Mapping[str, object] | None:
        assert threading.current_thread().name == "odoo-fetch"
        asked.append({"page": len(asked) + 1})
        return asked[-1] if len(asked) < 3 else None

    with CallQueue(transport) as calls:
        pages = calls.chain("sale.order.line", "search_read", {"page": 0}, follow)
        first = next(pages)
        between = calls.call("sale.order", "read")  # asked for meanwhile: sent in its turn
        answers = [first.result(WAIT), *(future.result(WAIT) for future in pages)]
        assert between.result(WAIT)[0] == "sale.order"
    assert [answer[1] for answer in answers] == ["search_read"] * 3
    assert transport.log.count(("sale.order.line", "search_read")) == 3
    assert ("sale.order", "read") in transport.log


def test_what_follow_raises_is_raised_where_the_next_answer_would_be(transport: FakeTransport) -> None:
    def follow(answer: object) -> Mapping[str, object] | None:
        raise RuntimeError("cancelada")

    with CallQueue(transport) as calls:
        pages = calls.chain("sale.order.line", "search_read", {}, follow)
        assert next(pages).result(WAIT)[1] == "search_read"
        with pytest.raises(RuntimeError, match="cancelada"):
            next(pages).result(WAIT)
    assert transport.log == [("sale.order.line", "search_read")]


def test_the_sending_thread_is_busy_while_an_answer_comes_in() -> None:
    arriving = threading.Event()
    release = threading.Event()

    class Receiving(FakeTransport):
        def call(self, model: str, method: str, ids: Any = None, params: Any = None) -> object:
            self._request_sent()  # written: Odoo works, the caller may compute
            self._request_sent(answering=True)  # the answer's headers are in: its body follows
            arriving.set()
            assert release.wait(WAIT)
            return (model, method)

    with Receiving() as transport, CallQueue(transport) as calls:
        answer = calls.call("sale.order.line", "search_read")
        assert arriving.wait(WAIT)
        assert calls.busy  # let_answers_in waits (a few milliseconds at most)
        release.set()
        assert answer.result(WAIT) == ("sale.order.line", "search_read")
        calls.let_answers_in()
        assert not calls.busy


def test_a_closed_queue_takes_no_call(transport: FakeTransport) -> None:
    calls = CallQueue(transport)
    calls.close()
    with pytest.raises(RuntimeError):
        calls.call("sale.order", "read")
    assert not fetch_threads()
