"""The Odoo password and API key: in the system keyring when there is one, else only in memory.

Never in a file. Without a keyring backend (a server, CI) the secret lives for this session only, and the
settings dialog says so.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "carteira-sync"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    try:
        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and float(backend.priority) > 0
    except Exception:  # a broken backend is "no keyring", never a crash
        log.warning("keyring backend unusable", exc_info=True)
        return False


class SecretStore:
    """Secrets by account name, in the keyring when usable (``use_keyring``), else in memory."""

    def __init__(self, use_keyring: bool = True) -> None:
        self._memory: dict[str, str] = {}
        self._keyring = use_keyring and _keyring_usable()

    @property
    def persistent(self) -> bool:
        """Whether secrets survive the session (a keyring backend is in use)."""
        return self._keyring

    @staticmethod
    def account(url: str, database: str, user: str, kind: str) -> str:
        """The account name of a secret: one per connection and kind (``password``/``api_key``)."""
        return f"{kind}:{user}@{url}/{database}"

    def get(self, account: str) -> str | None:
        """The secret of ``account``, if known."""
        if account in self._memory:
            return self._memory[account]
        if not self._keyring:
            return None
        try:
            import keyring

            value = keyring.get_password(SERVICE, account)
        except Exception:  # fall back to memory rather than fail the window
            log.warning("keyring read failed; keeping secrets in memory", exc_info=True)
            self._keyring = False
            return None
        return value if isinstance(value, str) and value else None

    def set(self, account: str, value: str | None) -> None:
        """Keep (or, with an empty value, forget) the secret of ``account``."""
        if value:
            self._memory[account] = value
        else:
            self._memory.pop(account, None)
        if not self._keyring:
            return
        try:
            import keyring

            if value:
                keyring.set_password(SERVICE, account, value)
            else:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    keyring.delete_password(SERVICE, account)
        except Exception:  # the secret stays in memory for this session
            log.warning("keyring write failed; keeping secrets in memory", exc_info=True)
            self._keyring = False


def odoo_account(table: Mapping[str, Any], kind: str) -> str:
    """The keyring account of a secret (``"password"``, ``"api_key"``) of the connection ``table`` describes."""
    return SecretStore.account(
        str(table.get("url", "")), str(table.get("database", "")), str(table.get("user", "")), kind
    )
