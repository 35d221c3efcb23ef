"""The JSON source file of docs/comando.md: a list of lines as Odoo says they are now."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from carteira_gui.domain.errors import FetchError, InvalidSource
from carteira_gui.domain.model import SourceData
from carteira_gui.domain.parsing import parse_source_records
from carteira_gui.services.ports import CancelToken, FetchProgress, ProgressCallback


def read_json_file(path: Path, what: str) -> object:
    """Read a JSON document with exact decimals; one clear ``FetchError`` sentence when it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"O arquivo {what} {path} não existe. Nada foi alterado; confira o caminho.") from None
    except IsADirectoryError:
        raise FetchError(f"{path} é uma pasta, não um arquivo {what}. Nada foi alterado; indique o arquivo.") from None
    except OSError as exc:
        raise FetchError(
            f"O arquivo {what} {path} não pôde ser lido ({exc.strerror}). Nada foi alterado; verifique as permissões."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
        # parse_float=Decimal: quantities never pass through a float. NaN/Infinity are rejected later.
        return json.loads(text, parse_float=Decimal)
    except UnicodeDecodeError:
        raise FetchError(f"O arquivo {what} {path} não está em UTF-8. Nada foi alterado; salve-o em UTF-8.") from None
    except RecursionError:
        raise FetchError(
            f"O arquivo {what} {path} tem estruturas aninhadas demais para ser lido. Nada foi alterado; "
            "confira se é o arquivo certo."
        ) from None
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"O arquivo {what} {path} não é um JSON válido (linha {exc.lineno}, coluna {exc.colno}: {exc.msg}). "
            "Nada foi alterado; corrija o arquivo."
        ) from None


class JsonFileSource:
    """Reads the source lines from a JSON file (same validation as an Odoo fetch)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def description(self) -> str:
        """The file name, for history and messages."""
        return f"arquivo {self.path.name}"

    def fetch(self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> SourceData:
        """Read and validate the whole file."""
        document = read_json_file(self.path, "de origem")
        if not isinstance(document, list):
            raise InvalidSource(self.description, ["o arquivo deve conter uma lista JSON de linhas"])
        if cancel is not None:
            cancel.raise_if_cancelled()
        data = parse_source_records(document, self.description)
        if progress is not None:
            progress(FetchProgress(1, 1, len(document), len(document)))
        return data
