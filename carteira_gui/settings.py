"""Typed settings of Carteira Sync, read from one TOML file and the environment.

File: ``$CARTEIRA_SETTINGS`` or ``settings.toml`` in the user's config directory. Tables: ``[carteira]``
(``db_url``, ``idioma``), ``[sync]`` (``limite_remocao_pct``, ``limite_remocao_min``), ``[odoo]`` (the
connection, read by the Odoo adapter, whose ``owned_prefixes`` also restrict which carteira lines a sync
may touch). The environment wins over the file: ``CARTEIRA_DB_URL``, ``CARTEIRA_ODOO_*``.
Secrets are never kept here: the window stores them in the system keyring.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from carteira_gui.domain.errors import CarteiraError

APP_NAME = "carteira-sync"


class SettingsError(CarteiraError):
    """The settings file cannot be read or holds a bad value."""


def settings_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the settings file is."""
    explicit = environ.get("CARTEIRA_SETTINGS")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "settings.toml"


def default_db_url() -> str:
    """The embedded default: a SQLite file in the user's data directory (created when missing)."""
    folder = Path(platformdirs.user_data_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'carteira.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Every setting the program reads, with the defaults of docs/regras.md."""

    db_url: str | None = None
    mass_removal_pct: float = 20.0
    #: A mass removal also needs at least this many removed lines.
    mass_removal_min: int = 10
    #: The name an automatic (scheduled) sync records in the history.
    auto_user: str = "sincronização automática"
    #: Minutes between the window's automatic syncs; 0: off (the default).
    auto_interval_min: int = 0
    owned_prefixes: tuple[str, ...] = ()
    odoo: Mapping[str, Any] = field(default_factory=dict)
    language: str = "pt_BR"
    path: Path | None = None

    def resolved_db_url(self, cli_value: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
        """``--db`` first, then ``$CARTEIRA_DB_URL``, then the file, then the embedded default."""
        return cli_value or environ.get("CARTEIRA_DB_URL") or self.db_url or default_db_url()


def load_settings(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read the settings file (missing is fine: defaults) and check its values."""
    path = path or settings_path(environ)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(
                f"O arquivo de configuração {path} não pôde ser lido ({exc}). Nada foi alterado; corrija-o ou apague-o."
            ) from None
    carteira = _table(data, "carteira", path)
    sync = _table(data, "sync", path)
    odoo = _table(data, "odoo", path)
    pct = sync.get("limite_remocao_pct", 20.0)
    if isinstance(pct, bool) or not isinstance(pct, int | float) or not 0 <= pct <= 100:
        raise SettingsError(
            f"limite_remocao_pct em {path} deve ser um número de 0 a 100. Nada foi alterado; corrija a configuração."
        )
    minimum = sync.get("limite_remocao_min", 10)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
        raise SettingsError(
            f"limite_remocao_min em {path} deve ser um número inteiro a partir de 0. Nada foi alterado; "
            "corrija a configuração."
        )
    auto_user = sync.get("usuario_automatico", "sincronização automática")
    if not isinstance(auto_user, str) or not auto_user.strip() or len(auto_user) > 200:
        raise SettingsError(
            f"usuario_automatico em {path} deve ser um texto de até 200 caracteres. Nada foi alterado; "
            "corrija a configuração."
        )
    interval = sync.get("automatico_minutos", 0)
    if isinstance(interval, bool) or not isinstance(interval, int) or not 0 <= interval <= 1440:
        raise SettingsError(
            f"automatico_minutos em {path} deve ser um número inteiro de 0 (desligado) a 1440. Nada foi alterado; "
            "corrija a configuração."
        )
    # One truth for "which orders belong to Odoo": the Odoo adapter filters its fetch with the same list.
    prefixes = odoo.get("owned_prefixes", [])
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and p.strip() for p in prefixes):
        raise SettingsError(
            f"owned_prefixes em {path} deve ser uma lista de textos. Nada foi alterado; corrija a configuração."
        )
    db_url = carteira.get("db_url")
    if db_url is not None and not isinstance(db_url, str):
        raise SettingsError(f"db_url em {path} deve ser um texto. Nada foi alterado; corrija a configuração.")
    language = carteira.get("idioma", "pt_BR")
    return Settings(
        db_url=db_url,
        mass_removal_pct=float(pct),
        mass_removal_min=minimum,
        auto_user=auto_user.strip(),
        auto_interval_min=interval,
        owned_prefixes=tuple(p.strip() for p in prefixes),
        odoo=odoo,
        language=str(language),
        path=path,
    )


def _table(data: Mapping[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise SettingsError(f"[{name}] em {path} deve ser uma tabela TOML. Nada foi alterado; corrija a configuração.")
    return value


def save_settings(settings: Settings, path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Path:
    """Write ``settings`` to the TOML file (atomically). Secrets in ``[odoo]`` are dropped, never written."""
    import tomli_w

    path = path or settings.path or settings_path(environ)
    odoo = {k: v for k, v in settings.odoo.items() if k not in SECRET_KEYS and v is not None}
    if settings.owned_prefixes:
        odoo["owned_prefixes"] = list(settings.owned_prefixes)
    document: dict[str, Any] = {
        "carteira": {"idioma": settings.language, **({"db_url": settings.db_url} if settings.db_url else {})},
        "sync": {
            "limite_remocao_pct": settings.mass_removal_pct,
            "limite_remocao_min": settings.mass_removal_min,
            "usuario_automatico": settings.auto_user,
            "automatico_minutos": settings.auto_interval_min,
        },
        "odoo": odoo,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(tomli_w.dumps(document), encoding="utf-8")
    temporary.replace(path)
    return path


#: Keys of the ``[odoo]`` table that hold secrets: never written to the settings file.
SECRET_KEYS = frozenset({"password", "api_key", "senha"})
