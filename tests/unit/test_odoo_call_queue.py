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


class Paging(FakeTransport):
    """Pages ``{"page": n}``: the answer's body is ``page n`` until it is decoded.

    Page ``hold`` is not decoded until the call after it has been written: asked for ahead, it must be.
    """

    def __init__(self, hold: Sequence[int] = ()) -> None:
        super().__init__()
        self.hold = set(hold)
        self.written: dict[int, threading.Event] = {}
        self.pages: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        #: Called while a held page is "decoded" (its next page asked for ahead already).
        self.while_decoding: Any = lambda: None
        #: Pages whose answer waits (after the request is written) until the event is set.
        self.page_gates: dict[int, threading.Event] = {}

    def _written(self, page: int) -> threading.Event:
        with self._lock:
            return self.written.setdefault(page, threading.Event())

    def call(self, model: str, method: str, ids: Any = None, params: Any = None) -> object:
        if method != "search_read":
            return super().call(model, method, ids, params)
        page = int(params["page"])
        with self._lock:
            self.pages.append((page, threading.current_thread().name))
        self._request_sent()
        self._written(page).set()
        if page in self.page_gates:
            assert self.page_gates[page].wait(WAIT)  # Odoo still working on it
        self._request_sent(answering=True)  # the headers are in: the body follows
        self._request_sent(body=f"page {page}".encode())  # the whole body is in, not decoded yet
        if page in self.hold:
            assert self._written(page + 1).wait(WAIT), f"page {page + 1} was not asked for ahead"
            self.while_decoding()
        if params.get("fail"):
            raise OdooServerError("http://odoo", "odoo.exceptions.UserError", f"página {page} recusada")
        return {"page": page}


def guess_next(last: int, **extra: object) -> Any:
    def guess(raw: bytes, index: int) -> Mapping[str, object] | None:
        page = int(raw.split()[1])
        assert page == index  # the chain says which call the answer is of
        return {"page": page + 1, **extra} if page < last else None

    return guess


def follow_to(last: int, **extra: object) -> Any:
    def follow(answer: Any) -> Mapping[str, object] | None:
        return {"page": answer["page"] + 1, **extra} if answer["page"] < last else None

    return follow


def test_a_chain_asks_for_the_next_call_before_the_answer_is_decoded_from_the_other_thread() -> None:
    with Paging(hold=[0, 1, 2, 3]) as transport:
        with CallQueue(transport) as calls:
            pages = calls.chain("sale.order.line", "search_read", {"page": 0}, follow_to(4), guess_next(4))
            answers = [future.result(WAIT) for future in pages]
        assert answers == [{"page": n} for n in range(5)]
        # Each page once, from the two sending threads in turn: none is wasted, the caller's thread sends none.
        assert transport.pages == [(n, "odoo-fetch" if n % 2 == 0 else "odoo-fetch-ahead") for n in range(5)]
    assert not [t for t in threading.enumerate() if t.name.startswith("odoo-fetch") and t.is_alive()]


def test_a_call_asked_for_ahead_that_follow_does_not_ask_for_is_dropped() -> None:
    def wrong(raw: bytes, index: int) -> Mapping[str, object] | None:
        return {"page": 90 + index} if index < 4 else None

    with Paging() as transport, CallQueue(transport) as calls:
        answers = [
            f.result(WAIT) for f in calls.chain("sale.order.line", "search_read", {"page": 0}, follow_to(3), wrong)
        ]
    assert answers == [{"page": n} for n in range(4)]  # the pages follow asked for, and only those
    sent = sorted(page for page, _ in transport.pages)
    assert sent == [0, 1, 2, 3, 90, 91, 92, 93]  # each guess was sent, then the right page


def test_a_call_asked_for_ahead_after_the_last_is_dropped() -> None:
    with Paging() as transport, CallQueue(transport) as calls:
        pages = calls.chain("sale.order.line", "search_read", {"page": 0}, follow_to(2), guess_next(9))
        answers = [future.result(WAIT) for future in pages]
    assert answers == [{"page": 0}, {"page": 1}, {"page": 2}]
    assert 3 in {page for page, _ in transport.pages}  # asked for ahead, then not wanted


def test_the_error_of_a_call_asked_for_ahead_is_no_ones_unless_it_is_wanted() -> None:
    with Paging() as transport, CallQueue(transport) as calls:
        # Each guess fails; follow asks for pages that do not: the chain goes on from both threads.
        pages = calls.chain("sale.order.line", "search_read", {"page": 0}, follow_to(3), guess_next(3, fail=True))
        assert [future.result(WAIT) for future in pages] == [{"page": n} for n in range(4)]
        assert calls.call("sale.order", "read").result(WAIT)[0] == "sale.order"  # the queue still sends
    with Paging() as transport, CallQueue(transport) as calls:
        # Asked for ahead and wanted: its error is raised where its answer would be, in the chain's order.
        pages = calls.chain(
            "sale.order.line", "search_read", {"page": 0}, follow_to(3, fail=True), guess_next(3, fail=True)
        )
        assert next(pages).result(WAIT) == {"page": 0}
        with pytest.raises(OdooServerError, match="página 1 recusada"):
            next(pages).result(WAIT)


def test_once_the_next_page_is_out_the_caller_need_not_wait_for_the_decoding() -> None:
    seen: list[bool] = []
    with Paging(hold=[0]) as transport, CallQueue(transport) as calls:
        transport.page_gates[1] = threading.Event()

        def decoding() -> None:  # page 0 is being decoded; page 1 is asked for, Odoo works on it
            seen.append(calls.busy)
            transport.page_gates[1].set()

        transport.while_decoding = decoding
        pages = calls.chain("sale.order.line", "search_read", {"page": 0}, follow_to(2), guess_next(2))
        assert [future.result(WAIT) for future in pages] == [{"page": n} for n in range(3)]
    # Decoding is off the critical path: let_answers_in does not hold the caller's thread for it.
    assert seen == [False]
