"""Carteira Sync: keeps the local carteira in step with Odoo without losing planners' decisions."""

from importlib.metadata import PackageNotFoundError, version

try:
    # The version lives in pyproject.toml only; the installed distribution knows it.
    __version__ = version("carteira-sync")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+desconhecida"
