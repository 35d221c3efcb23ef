"""Use case: test the connection to Odoo with the settings being edited, without fetching anything."""

from __future__ import annotations

from carteira_gui.services.ports import CancelToken, ConnectionTester


def test_connection(source: ConnectionTester, cancel: CancelToken | None = None) -> str:  # noqa: PT028
    """Log in and return the server's version (raises the source's one-sentence error on failure)."""
    return source.test_connection(cancel)


test_connection.__test__ = False  # type: ignore[attr-defined]  # a use case, not a pytest test
