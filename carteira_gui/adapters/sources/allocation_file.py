"""Allocation files planners bring in (``import-allocations``): JSON, CSV or XLSX, read into ``ImportRow``s.

- JSON: ``{"pre_separacoes": [...], "separacoes": [...]}`` with the state file's allocation columns (a state
  file's ``carteira`` and ``alertas`` are ignored).
- CSV: UTF-8 with or without BOM; ``;``, ``,`` or tab between columns, found from the header; decimal commas
  are read by the import (``12,5``, as pt-BR Excel writes them).
- XLSX: the sheets named ``pre_separacoes`` and ``separacoes`` when the workbook has them, else its first sheet.

CSV and a single sheet are one table: a row whose ``lote`` is filled is a row of that lote (a separação),
any other a pré-separação. The header row names the columns (the state file's keys; case and surrounding
spaces ignored). Blank rows are skipped; blank cells are left out. Only reading happens here: the values are
validated, every bad row named, by ``services.imports``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from carteira_gui.adapters.sources.json_file import read_json_file
from carteira_gui.domain.errors import FetchError
from carteira_gui.services.imports import ImportRow, InvalidImport, RowKind

__all__ = ["read_allocation_file"]

_SECTIONS = {"pre_separacoes": RowKind.PRE, "separacoes": RowKind.SEP}
_WHAT = "de alocações"


def read_allocation_file(path: Path) -> list[ImportRow]:
    """The rows of an allocation file (``.json``, ``.csv`` or ``.xlsx``), in file order.

    Raises one clear sentence (``FetchError``) when the file cannot be read, and ``InvalidImport`` when its
    shape is wrong (not a table, a repeated column); the values themselves are checked by the import.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".xls":
        raise FetchError(
            f"{path.name} é uma planilha do Excel antigo (.xls). Nada foi gravado; "
            "salve-a como .xlsx ou CSV UTF-8 e importe de novo."
        )
    raise FetchError(
        f"{path.name} não é um arquivo de alocações conhecido. Nada foi gravado; use um arquivo .xlsx, .csv ou .json."
    )


# -- JSON -------------------------------------------------------------------------------------------------


def _json_rows(path: Path) -> list[ImportRow]:
    document = read_json_file(path, _WHAT)
    if not isinstance(document, Mapping):
        raise InvalidImport(path.name, ['o JSON deve ser um objeto com "pre_separacoes" e "separacoes"'])
    problems: list[str] = []
    rows: list[ImportRow] = []
    for name in document:
        if name not in (*_SECTIONS, "carteira", "alertas"):
            problems.append(f"seção desconhecida {name!r} (as seções são pre_separacoes e separacoes)")
    for section, kind in _SECTIONS.items():
        records = document.get(section, [])
        if not isinstance(records, list):
            problems.append(f"{section} deve ser uma lista")
            continue
        for index, record in enumerate(records):
            label = f"{section}[{index}]"
            if not isinstance(record, Mapping):
                problems.append(f"{label}: não é um objeto")
                continue
            rows.append(ImportRow(label, kind, {str(k).strip().lower(): v for k, v in record.items()}))
    if problems:
        raise InvalidImport(path.name, problems)
    return rows


# -- tables (CSV, XLSX) -------------------------------------------------------------------------------


def _header(cells: Sequence[object], where: str, origin: str) -> list[str]:
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = "" if cell is None else str(cell).strip().lstrip("\ufeff").strip().lower()
        names.append(name or f"coluna {index} sem cabeçalho")
    repeated = sorted({n for n in names if names.count(n) > 1 and not n.endswith("sem cabeçalho")})
    if repeated:
        raise InvalidImport(origin, [f"{where}: coluna(s) repetida(s) no cabeçalho: {', '.join(repeated)}"])
    return names


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(
    rows: Iterable[tuple[int, Sequence[object]]], where: str, origin: str, kind: RowKind | None
) -> list[ImportRow]:
    """The rows of one table (header first); ``kind`` None: a row with ``lote`` filled is a separação."""
    names: list[str] | None = None
    out: list[ImportRow] = []
    prefix = f"{where}, " if where else ""
    for number, cells in rows:
        if all(_blank(c) for c in cells):
            continue
        if names is None:
            names = _header(cells, where or "cabeçalho", origin)
            continue
        values: dict[str, object] = {}
        for index, cell in enumerate(cells):
            if _blank(cell):
                continue
            name = names[index] if index < len(names) else f"coluna {index + 1} sem cabeçalho"
            values[name] = cell.strip() if isinstance(cell, str) else cell
        row_kind = kind or (RowKind.SEP if "lote" in values else RowKind.PRE)
        out.append(ImportRow(f"{prefix}linha {number}", row_kind, values))
    return out


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"O arquivo {_WHAT} {path} não existe. Nada foi gravado; confira o caminho.") from None
    except IsADirectoryError:
        raise FetchError(f"{path} é uma pasta, não um arquivo {_WHAT}. Nada foi gravado; indique o arquivo.") from None
    except OSError as exc:
        raise FetchError(
            f"O arquivo {_WHAT} {path} não pôde ser lido ({exc.strerror}). Nada foi gravado; verifique as permissões."
        ) from None


def _decode(path: Path) -> str:
    try:
        return _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError(
            f"O arquivo {path.name} não está em UTF-8. Nada foi gravado; no Excel, salve-o como "
            "'CSV UTF-8 (delimitado por vírgulas)' e importe de novo."
        ) from None


def _delimiter(text: str) -> str:
    """The column separator: the one the header line uses most (``;`` when Excel writes pt-BR CSV)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _csv_rows(path: Path) -> list[ImportRow]:
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [(reader.line_num, list(cells)) for cells in reader]
    except csv.Error as exc:
        raise InvalidImport(path.name, [f"linha {reader.line_num}: CSV malformado ({exc})"]) from None
    return _table(rows, "", path.name, None)


def _xlsx_rows(path: Path) -> list[ImportRow]:
    # openpyxl ships no type information and the project does not install its stubs.
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped,unused-ignore]

    raw = _read_bytes(path)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FetchError(
            f"{path.name} não é uma planilha XLSX válida ({exc.__class__.__name__}). Nada foi gravado; "
            "salve-a de novo no Excel como .xlsx, ou como CSV UTF-8."
        ) from None
    try:
        sheets = {str(ws.title).strip().lower(): ws for ws in workbook.worksheets}
        named = [(name, kind) for name, kind in _SECTIONS.items() if name in sheets]
        out: list[ImportRow] = []
        if named:
            for name, kind in named:
                ws = sheets[name]
                out.extend(_table(_numbered(ws.iter_rows(values_only=True)), f"planilha {ws.title}", path.name, kind))
            return out
        if not workbook.worksheets:
            return []
        first = workbook.worksheets[0]
        return _table(_numbered(first.iter_rows(values_only=True)), "", path.name, None)
    finally:
        workbook.close()


def _numbered(rows: Iterable[Sequence[object]]) -> Iterable[tuple[int, Sequence[object]]]:
    return ((number, cells) for number, cells in enumerate(rows, start=1))
