"""Planners bring existing decisions in from a spreadsheet: validated whole, previewed, then all or nothing.

The window and the command call the same two functions, on the rows ``bootstrap.read_allocation_file`` read:

- ``preview_import(uow, rows, origin) -> ImportPreview``: one consistent read of the lines the file names,
  nothing written. The preview says what would be created (``pres``, ``lotes``) and names every bad row
  (``problems``; empty when the file can be imported).
- ``import_allocations(uow, rows, origin, *, by, dry_run=False) -> ImportResult``: the same validation again,
  inside the write lock (another planner or a sync may have used the saldo livre since the preview), then
  every pré-separação and lote in ONE transaction, audited as ``IMPORTACAO``. Any problem raises
  ``InvalidImport`` naming every bad row, and nothing is written. ``dry_run`` validates and writes nothing.

A row is refused when: its line is not in the carteira; its qtd is not a number > 0, or is more than the
line's saldo livre counting the earlier rows of the same file on the same line (a FATURADO lote's rows do not
allocate and are not counted); a date, a status, a tipo_envio or the valor do frete is not valid; its lote
already exists, or the rows of a lote disagree on pedido, status or a lote field, or repeat a product; a
pré-separação or a lote has no data_expedicao; a FATURADO lote has no numero_nf. ``id`` and ``criado_em``
columns (a state file's output) are ignored: imported decisions are new, made at the import. A lote's own
fields (status — ABERTO when no row gives one —, data_expedicao, transportadora, …) may be filled on one of
its rows only; rows that give different values are named.

The module is ~650 lines because it holds the three parts the window and the command share and nothing else
uses: reading the values of a row (pt-BR numbers and dates), the rule (``check_import``, pure, unit-tested
apart) and the two use cases.

Over 500 lines: the three file shapes' rows, the whole-file validation (every bad row named) and the
all-or-nothing write are one use case; split, the same checks would be written twice.
"""

from __future__ import annotations

import contextlib
import enum
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from carteira_gui.domain.decisions import AuditEntry, NewPre, NewSepRow, StatusMove, default_tipo_envio, saldo_livre
from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.model import (
    CAMPOS,
    COUNTED_STATUSES,
    ZERO,
    Allocations,
    CarteiraLine,
    Key,
    Snapshot,
    Status,
    TipoEnvio,
)
from carteira_gui.domain.parsing import parse_field, parse_key, parse_quantity
from carteira_gui.domain.quantities import fmt_qtd
from carteira_gui.services.ports import ReadSession, UnitOfWork

__all__ = [
    "COLUMNS",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "InvalidImport",
    "PlannedLote",
    "PlannedPre",
    "RowKind",
    "check_import",
    "import_allocations",
    "preview_import",
]

#: The allocation columns of the state file, in the order a template shows them.
COLUMNS: tuple[str, ...] = (
    "num_pedido",
    "cod_produto",
    "qtd",
    "lote",
    "status",
    "tipo_envio",
    "data_expedicao",
    "observacao",
    "criado_por",
    "transportadora",
    "valor_frete",
    "data_embarque",
    "numero_nf",
)
#: Columns only a lote's row (a separação) may fill.
_LOTE_ONLY = ("lote", "status", "transportadora", "valor_frete", "data_embarque", "numero_nf")
#: Columns of a state file's output that an import ignores (ids are given by the database; the carteira's own).
_IGNORED = frozenset({"id", "criado_em", "qtd_saldo", *CAMPOS})
#: How many problems the one-sentence refusal names (``InvalidImport.problems`` holds them all).
_SHOWN = 200
_NOTHING = "Nada foi gravado"


class RowKind(enum.StrEnum):
    """What a row of the file makes."""

    PRE = "pre"  # a pré-separação
    SEP = "sep"  # a row of a lote (a separação)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One row of an allocation file, as read: raw values by column (blank cells left out).

    ``label`` names the row in messages (``linha 4``, ``separacoes[2]``). Values are what the file holds:
    texts from a CSV, numbers and dates from an XLSX or JSON; the import validates them.
    """

    label: str
    kind: RowKind
    values: Mapping[str, object]


class InvalidImport(CarteiraError):
    """An allocation file cannot be imported; nothing was written. ``problems`` names every bad row."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = list(problems)
        shown = "; ".join(self.problems[:_SHOWN])
        more = f" (e mais {len(self.problems) - _SHOWN})" if len(self.problems) > _SHOWN else ""
        super().__init__(
            f"A importação de {origin} foi recusada por {len(self.problems)} problema(s): {shown}{more}. "
            f"{_NOTHING}; corrija o arquivo e importe de novo."
        )


@dataclass(frozen=True, slots=True)
class PlannedPre:
    """A pré-separação the import would create (``criado_por`` None: the one who imports)."""

    label: str
    num_pedido: str
    cod_produto: str
    qtd: Decimal
    data_expedicao: date
    tipo_envio: TipoEnvio
    observacao: str | None
    criado_por: str | None


@dataclass(frozen=True, slots=True)
class PlannedLote:
    """A lote the import would create, with its rows (created ABERTO, then moved to ``status``)."""

    lote: str
    num_pedido: str
    status: Status
    rows: tuple[NewSepRow, ...]
    labels: tuple[str, ...]
    data_expedicao: date | None
    observacao: str | None = None
    criado_por: str | None = None
    transportadora: str | None = None
    valor_frete: Decimal | None = None
    data_embarque: date | None = None
    numero_nf: str | None = None

    @property
    def total(self) -> Decimal:
        """Σ qtd of its rows."""
        return sum((r.qtd for r in self.rows), ZERO)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import would create, and every bad row (``problems``; empty when it can be imported)."""

    origin: str
    pres: tuple[PlannedPre, ...] = ()
    lotes: tuple[PlannedLote, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file can be imported as it is."""
        return not self.problems

    @property
    def sep_rows(self) -> int:
        """How many separações (rows of lotes) it would create."""
        return sum(len(lote.rows) for lote in self.lotes)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the preview it checked, and the ids of what it created (none on a dry run)."""

    preview: ImportPreview
    dry_run: bool
    pre_ids: tuple[int, ...] = ()
    lotes: tuple[str, ...] = ()


# -- reading the values of a row -------------------------------------------------------------------------


_BR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_LOTE_FIELDS = (
    "data_expedicao",
    "observacao",
    "criado_por",
    "transportadora",
    "valor_frete",
    "data_embarque",
    "numero_nf",
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number_text(value: object) -> object:
    """A number as a person typed it: ``12,5`` (pt-BR), ``1.234,5``, ``1,234.5`` or ``12.5``; other values as given."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if "," not in text:
        return text
    if "." in text:
        # Both separators: the last one is the decimal point, the other groups thousands.
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    return text.replace(",", ".") if text.count(",") == 1 else value


def _whole(value: object) -> object:
    # A spreadsheet may hold a code or an NF number as the float 1001.0: it means the text "1001".
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(name: str, value: object) -> str | None:
    result = parse_field(name, _whole(value))
    return result if isinstance(result, str) else None


def _date(name: str, value: object) -> date | None:
    if isinstance(value, str):
        found = _BR_DATE.fullmatch(value.strip())
        if found:
            day, month, year = (int(g) for g in found.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"{name} não é uma data ({_show(value)}; use AAAA-MM-DD ou DD/MM/AAAA)") from None
    try:
        result = parse_field(name, value)
    except ValueError:
        raise ValueError(f"{name} não é uma data ({_show(value)}; use AAAA-MM-DD ou DD/MM/AAAA)") from None
    return result if isinstance(result, date) else None


def _money(name: str, value: object) -> Decimal | None:
    result = parse_field(name, _number_text(value))
    return result if isinstance(result, Decimal) else None


def _quantity(value: object) -> Decimal:
    quantity = parse_quantity(_number_text(value), "qtd")
    if quantity <= 0:
        raise ValueError(f"qtd deve ser maior que 0 ({_show(value)})")
    return quantity


def _status(value: object) -> Status:
    try:
        return Status(str(value).strip().upper())
    except ValueError:
        raise ValueError(f"status deve ser ABERTO, COTADO, EMBARCADO ou FATURADO ({_show(value)})") from None


def _tipo(value: object) -> TipoEnvio:
    try:
        return TipoEnvio(str(value).strip().lower())
    except ValueError:
        raise ValueError(f"tipo_envio deve ser total ou parcial ({_show(value)})") from None


@dataclass(slots=True)
class _Row:
    """A row whose values are valid (whether it fits the carteira is checked after)."""

    index: int
    label: str
    kind: RowKind
    key: Key
    qtd: Decimal
    tipo_envio: TipoEnvio | None
    lote: str | None = None
    status: Status | None = None  # as the row gives it; a lote's status may be on one of its rows only
    fields: dict[str, object] = field(default_factory=dict)


class _Problems:
    """Problems by row, reported in file order (problems of the whole file first)."""

    def __init__(self) -> None:
        self._found: list[tuple[int, str]] = []

    def add(self, index: int, text: str) -> None:
        self._found.append((index, text))

    def __len__(self) -> int:
        return len(self._found)

    def ordered(self) -> tuple[str, ...]:
        return tuple(text for _index, text in sorted(self._found, key=lambda found: found[0]))


def _parse_row(index: int, row: ImportRow, problems: _Problems) -> _Row | None:
    """The row's values, or ``None`` with every bad value of the row in one problem."""
    values = {name: value for name, value in row.values.items() if not _blank(value)}
    bad: list[str] = []

    def take(name: str, parse: Callable[[object], object], required: bool = False) -> object:
        if name not in values:
            if required:
                bad.append(f"{name} ausente")
            return None
        try:
            return parse(values[name])
        except ValueError as exc:
            bad.append(str(exc))
            return None

    pedido = take("num_pedido", lambda v: parse_key(_whole(v), "num_pedido"), required=True)
    produto = take("cod_produto", lambda v: parse_key(_whole(v), "cod_produto"), required=True)
    quantity = take("qtd", _quantity, required=True)
    tipo = take("tipo_envio", _tipo)
    fields = {
        "data_expedicao": take("data_expedicao", lambda v: _date("data_expedicao", v)),
        "observacao": take("observacao", lambda v: _text("observacao", v)),
        "criado_por": take("criado_por", lambda v: _text("criado_por", v)),
    }
    lote: object = None
    status: object = None
    if row.kind is RowKind.SEP:
        lote = take("lote", lambda v: parse_key(_whole(v), "lote"), required=True)
        status = take("status", _status)
        fields["transportadora"] = take("transportadora", lambda v: _text("transportadora", v))
        fields["valor_frete"] = take("valor_frete", lambda v: _money("valor_frete", v))
        fields["data_embarque"] = take("data_embarque", lambda v: _date("data_embarque", v))
        fields["numero_nf"] = take("numero_nf", lambda v: _text("numero_nf", v))
    else:
        if "data_expedicao" not in values:
            bad.append("data_expedicao ausente (uma pré-separação precisa dela)")
        misplaced = [name for name in _LOTE_ONLY if name in values]
        if misplaced:
            bad.append(f"{', '.join(misplaced)} só vale(m) para linhas de lote (preencha lote ou deixe-as vazias)")
    if bad:
        problems.add(index, f"{row.label}: {'; '.join(bad)}")
        return None
    assert isinstance(pedido, str)
    assert isinstance(produto, str)
    assert isinstance(quantity, Decimal)
    return _Row(
        index,
        row.label,
        row.kind,
        (pedido, produto),
        quantity,
        tipo if isinstance(tipo, TipoEnvio) else None,
        lote if isinstance(lote, str) else None,
        status if isinstance(status, Status) else None,
        fields,
    )


def _unknown_columns(rows: Sequence[ImportRow]) -> str | None:
    known = {*COLUMNS, *_IGNORED}
    unknown: dict[str, None] = {}
    for row in rows:
        for name, value in row.values.items():
            if name not in known and not _blank(value):
                unknown.setdefault(name)
    if not unknown:
        return None
    return (
        f"coluna(s) desconhecida(s): {', '.join(unknown)} (as colunas são as do arquivo de estado: "
        f"{', '.join(COLUMNS)})"
    )


# -- the rule: what a file would create, every bad row named ------------------------------------------


def check_import(
    rows: Sequence[ImportRow],
    origin: str,
    lines: Mapping[Key, CarteiraLine],
    allocations: Mapping[Key, Allocations],
    existing_lotes: Collection[str],
) -> ImportPreview:
    """Validate a whole file against the carteira (pure): what it would create and every bad row.

    ``lines`` and ``allocations`` hold at least the lines the file names; ``existing_lotes`` the codes of
    the file's lotes that the database already has. Rows are taken in file order: each one uses saldo
    livre that the later rows of the same line no longer have. Problems are listed in file order.
    """
    problems = _Problems()
    unknown = _unknown_columns(rows)
    if unknown:
        problems.add(-1, unknown)
    if not rows:
        problems.add(-1, "o arquivo não tem nenhuma linha de alocação")
    parsed = [row for index, raw in enumerate(rows) if (row := _parse_row(index, raw, problems)) is not None]
    lote_rows: dict[str, list[_Row]] = {}
    for row in parsed:
        if row.lote is not None:
            lote_rows.setdefault(row.lote, []).append(row)
    # A lote's status is the first one its rows give (ABERTO when none does); rows that disagree are named below.
    status_of = {
        code: next((r.status for r in members if r.status is not None), Status.ABERTO)
        for code, members in lote_rows.items()
    }
    used: dict[Key, Decimal] = {}
    pres: list[PlannedPre] = []
    refused: set[int] = set()  # rows that do not fit the carteira
    for row in parsed:
        line = lines.get(row.key)
        if line is None:
            problems.add(row.index, f"{row.label}: a linha {row.key[0]}/{row.key[1]} não está na carteira")
            refused.add(row.index)
            continue
        tipo = row.tipo_envio = default_tipo_envio(line, row.qtd, row.tipo_envio)
        if row.lote is not None and status_of[row.lote] not in COUNTED_STATUSES:
            continue  # a FATURADO lote is history: it does not take saldo livre
        livre = saldo_livre(line, allocations.get(row.key, Allocations())) - used.get(row.key, ZERO)
        if row.qtd > livre:
            earlier = "" if row.key not in used else ", contando as linhas anteriores do arquivo"
            problems.add(
                row.index,
                f"{row.label}: {row.key[0]}/{row.key[1]}: {fmt_qtd(row.qtd)} é mais que o saldo livre da linha "
                f"({fmt_qtd(max(livre, ZERO))}{earlier})",
            )
            refused.add(row.index)
            continue
        used[row.key] = used.get(row.key, ZERO) + row.qtd
        if row.kind is RowKind.PRE:
            day = row.fields["data_expedicao"]
            assert isinstance(day, date)  # required by _parse_row
            pres.append(
                PlannedPre(
                    row.label,
                    row.key[0],
                    row.key[1],
                    row.qtd,
                    day,
                    tipo,
                    _str(row.fields["observacao"]),
                    _str(row.fields["criado_por"]),
                )
            )
    lotes = [
        lote
        for code, members in lote_rows.items()
        if (lote := _check_lote(code, members, status_of[code], code in existing_lotes, problems)) is not None
        and not any(r.index in refused for r in members)
    ]
    return ImportPreview(origin, tuple(pres), tuple(lotes), problems.ordered())


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _check_lote(
    code: str, members: list[_Row], status: Status, exists: bool, problems: _Problems
) -> PlannedLote | None:
    """A lote of the file: its rows agree on pedido, status and the lote's fields; no product twice."""
    first = members[0]
    before = len(problems)
    if exists:
        problems.add(first.index, f"{first.label}: o lote {code} já existe no banco (escolha outro código)")
    fields: dict[str, object] = {}
    given_by: dict[str, str] = {}
    products: dict[Key, str] = {}
    for row in members:
        if row.key[0] != first.key[0]:
            problems.add(
                row.index,
                f"{row.label}: o lote {code} tem linhas de pedidos diferentes ({first.key[0]}, {row.key[0]}); "
                "um lote é de um só pedido",
            )
        if row.status is not None and row.status is not status:
            problems.add(
                row.index, f"{row.label}: o lote {code} tem linhas com status diferentes ({status}, {row.status})"
            )
        if row.key in products:
            problems.add(row.index, f"{row.label}: o produto {row.key[1]} já está no lote {code} ({products[row.key]})")
        products.setdefault(row.key, row.label)
        for name in _LOTE_FIELDS:
            value = row.fields.get(name)
            if value is None:
                continue
            if name in fields and fields[name] != value:
                problems.add(
                    row.index,
                    f"{row.label}: {name} do lote {code} difere da linha anterior ({given_by[name]}: "
                    f"{_show_value(fields[name])}, aqui: {_show_value(value)})",
                )
                continue
            fields.setdefault(name, value)
            given_by.setdefault(name, row.label)
    if not isinstance(fields.get("data_expedicao"), date):
        problems.add(
            first.index, f"{first.label}: o lote {code} não tem data_expedicao (preencha-a em ao menos uma linha)"
        )
    if status is Status.FATURADO and not fields.get("numero_nf"):
        problems.add(first.index, f"{first.label}: o lote {code} está FATURADO e não tem numero_nf")
    if len(problems) > before:
        return None
    day = fields.get("data_expedicao")
    frete = fields.get("valor_frete")
    embarque = fields.get("data_embarque")
    return PlannedLote(
        code,
        first.key[0],
        status,
        tuple(NewSepRow(r.key[1], r.qtd, r.tipo_envio or TipoEnvio.PARCIAL) for r in members),
        tuple(r.label for r in members),
        day if isinstance(day, date) else None,
        observacao=_str(fields.get("observacao")),
        criado_por=_str(fields.get("criado_por")),
        transportadora=_str(fields.get("transportadora")),
        valor_frete=frete if isinstance(frete, Decimal) else None,
        data_embarque=embarque if isinstance(embarque, date) else None,
        numero_nf=_str(fields.get("numero_nf")),
    )


def _show_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return fmt_qtd(value)
    return str(value)


# -- the use cases ------------------------------------------------------------------------------------


def _wanted(rows: Sequence[ImportRow]) -> tuple[set[Key], set[str]]:
    """The lines and lote codes a file names (values that are not valid keys are left to the check)."""
    keys: set[Key] = set()
    codes: set[str] = set()
    for row in rows:
        with contextlib.suppress(ValueError):
            pedido = parse_key(_whole(row.values.get("num_pedido")), "num_pedido")
            keys.add((pedido, parse_key(_whole(row.values.get("cod_produto")), "cod_produto")))
        if row.kind is RowKind.SEP:
            with contextlib.suppress(ValueError):
                codes.add(parse_key(_whole(row.values.get("lote")), "lote"))
    return keys, codes


def _check(session: ReadSession, rows: Sequence[ImportRow], origin: str) -> ImportPreview:
    keys, codes = _wanted(rows)
    snap = session.load_snapshot(sorted(keys)) if keys else Snapshot()
    existing = {lote.lote for lote in session.lotes(codes=sorted(codes))} if codes else set()
    return check_import(rows, origin, snap.lines, snap.allocations, existing)


def preview_import(uow: UnitOfWork, rows: Sequence[ImportRow], origin: str) -> ImportPreview:
    """What importing ``rows`` would create and every bad row, from one consistent read; writes nothing.

    ``origin`` names the file in messages (its name). The preview's ``problems`` is empty when the file
    can be imported; ``pres`` and ``lotes`` list what would be created (the valid part, when there are
    problems).
    """
    with uow.reading() as session:
        return _check(session, rows, origin)


def import_allocations(
    uow: UnitOfWork, rows: Sequence[ImportRow], origin: str, *, by: str, dry_run: bool = False
) -> ImportResult:
    """Import the pré-separações and lotes of ``rows`` all or nothing, in one transaction, audited.

    The file is validated again inside the write lock; any problem raises ``InvalidImport`` naming every
    bad row, and nothing is written. Lotes are created ABERTO and moved to the file's status (with its
    transportadora, valor_frete, data_embarque and numero_nf). ``criado_por`` is the file's, else ``by``;
    the audit records ``by``. With ``dry_run`` the file is validated (from a read) and nothing is written.
    """
    who = by.strip()
    if not who:
        raise InvalidImport(origin, ["informe quem importa (o nome do planejador)"])
    if dry_run:
        preview = preview_import(uow, rows, origin)
        if not preview.ok:
            raise InvalidImport(origin, preview.problems)
        return ImportResult(preview, dry_run=True)
    now = datetime.now(UTC)
    with uow.writing() as tx:
        preview = _check(tx, rows, origin)
        if not preview.ok:
            raise InvalidImport(origin, preview.problems)
        audit: list[AuditEntry] = []
        pre_ids: list[int] = []
        for p in preview.pres:
            new = NewPre(
                p.num_pedido,
                p.cod_produto,
                p.qtd,
                p.data_expedicao,
                p.tipo_envio,
                p.observacao,
                p.criado_por or who,
                now,
            )
            pre_id = tx.insert_pre(new)
            pre_ids.append(pre_id)
            audit.append(
                AuditEntry(
                    "IMPORTACAO",
                    who,
                    now,
                    p.num_pedido,
                    p.cod_produto,
                    f"pre:{pre_id}",
                    None,
                    _pre_facts(p),
                    f"pré-separação #{pre_id} de {fmt_qtd(p.qtd)} para {p.data_expedicao:%d/%m/%Y} "
                    f"importada de {origin} ({p.label})",
                )
            )
        for lote in preview.lotes:
            tx.insert_lote(
                lote.lote,
                lote.num_pedido,
                lote.rows,
                data_expedicao=lote.data_expedicao,
                observacao=lote.observacao,
                by=lote.criado_por or who,
                now=now,
            )
            move = StatusMove(lote.status, lote.transportadora, lote.valor_frete, lote.data_embarque, lote.numero_nf)
            if move != StatusMove(Status.ABERTO):
                tx.move_lote(lote.lote, move, now)
            facts = _lote_facts(lote)
            audit.extend(
                AuditEntry(
                    "IMPORTACAO",
                    who,
                    now,
                    lote.num_pedido,
                    r.cod_produto,
                    lote.lote,
                    None,
                    facts,
                    f"{lote.lote} ({lote.status}): {r.cod_produto} {fmt_qtd(r.qtd)} importado de {origin} ({label})",
                )
                for r, label in zip(lote.rows, lote.labels, strict=True)
            )
        tx.add_audit(audit)
    return ImportResult(
        preview, dry_run=False, pre_ids=tuple(pre_ids), lotes=tuple(lote.lote for lote in preview.lotes)
    )


def _pre_facts(pre: PlannedPre) -> dict[str, object]:
    return {
        "qtd": str(pre.qtd),
        "data_expedicao": pre.data_expedicao.isoformat(),
        "tipo_envio": pre.tipo_envio.value,
        "observacao": pre.observacao,
    }


def _lote_facts(lote: PlannedLote) -> dict[str, object]:
    return {
        "status": lote.status.value,
        "data_expedicao": lote.data_expedicao.isoformat() if lote.data_expedicao else None,
        "itens": {r.cod_produto: str(r.qtd) for r in lote.rows},
        "transportadora": lote.transportadora,
        "valor_frete": None if lote.valor_frete is None else str(lote.valor_frete),
        "data_embarque": lote.data_embarque.isoformat() if lote.data_embarque else None,
        "numero_nf": lote.numero_nf,
    }
