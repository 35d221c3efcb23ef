"""How the window writes quantities, dates, kinds of change and impacts, in the chosen language.

Quantities stay ``Decimal`` all the way to the screen: they are formatted here, never through a float.
pt-BR writes ``1.234,5`` (decimal comma); English ``1,234.5``. Negative numbers use the true minus sign.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from carteira_gui.domain.impact import ChangeLike, ImpactWords, render_impact
from carteira_gui.domain.model import TipoMudanca
from carteira_gui.domain.quantities import fmt_qtd as domain_fmt_qtd

MINUS = "\u2212"
_SWAP_SEPARATORS = str.maketrans(",.", ".,")


class _Language:
    """The language the numbers and dates follow (set once at start by ``i18n.install_translations``)."""

    code = "pt_BR"


def set_language(code: str) -> None:
    """Follow ``code`` (``pt_BR`` or ``en``) for numbers and dates."""
    _Language.code = "en" if code.lower().startswith("en") else "pt_BR"


def language() -> str:
    """The language in use: ``pt_BR`` or ``en``."""
    return _Language.code


def fmt_qtd(value: Decimal | None) -> str:
    """A quantity: ``1.234,5`` in pt-BR (no trailing zeros, thousands grouped, true minus sign)."""
    if value is None:
        return ""
    if _Language.code == "pt_BR":
        return domain_fmt_qtd(value, minus=MINUS)
    return domain_fmt_qtd(value, decimal=".", thousands=",", minus=MINUS)


def fmt_delta(value: Decimal | None) -> str:
    """A signed quantity change: ``+20``, ``−20`` or ``0``."""
    if value is None:
        return ""
    text = fmt_qtd(value)
    return "+" + text if value > 0 else text


def fmt_money(value: Decimal | None) -> str:
    """A price with at least two decimal places: ``1.234,50``."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = min(4, max(2, -exponent)) if isinstance(exponent, int) else 2
    text = f"{value:,.{places}f}"
    if text.startswith("-"):
        text = MINUS + text[1:]
    if _Language.code == "pt_BR":
        text = text.translate(_SWAP_SEPARATORS)
    return text


def fmt_date(value: date | None) -> str:
    """A date: ``29/11/2026`` in pt-BR, ``2026-11-29`` in English."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if _Language.code == "pt_BR" else value.isoformat()


def fmt_datetime(value: datetime | None) -> str:
    """A moment in local time: ``29/11/2026 14:05``."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo is not None else value
    return local.strftime("%d/%m/%Y %H:%M") if _Language.code == "pt_BR" else local.strftime("%Y-%m-%d %H:%M")


def fmt_duration(seconds: float) -> str:
    """How long something took: ``5 ms``, ``1,2 s``, ``2 min 05 s``.

    The rule of the reports' ``duration_br`` (a test holds them together), so that one sync's duration reads
    the same in History, XLSX and PDF: milliseconds below one second, seconds with one decimal below a
    minute, then minutes and whole seconds.
    """
    if seconds < 0.001:
        return "< 1 ms"
    if seconds < 1:
        return f"{min(999, round(seconds * 1000))} ms"
    if seconds < 59.95:
        text = f"{seconds:.1f} s"
        return text.replace(".", ",") if _Language.code == "pt_BR" else text
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def fmt_pct(value: float) -> str:
    """A percentage without needless zeros: ``20``, ``12,5`` (the caller adds `` %``)."""
    text = f"{value:g}"
    return text.replace(".", ",") if _Language.code == "pt_BR" else text


def fmt_count(value: int) -> str:
    """A whole number with thousands grouped: ``100.000``."""
    text = f"{value:,}"
    return text.translate(_SWAP_SEPARATORS) if _Language.code == "pt_BR" else text


# Labels are marked here and translated where shown, so lupdate sees every one of them. A kind of change has
# one word, the same in the tables, the group titles, the counts and the reports (pt-BR: Removida, Redução,
# Aumento, Nova, Alterada).
TIPO_LABELS: dict[str, str] = {
    TipoMudanca.REDUCAO: str(QT_TRANSLATE_NOOP("Labels", "Reduction")),
    TipoMudanca.AUMENTO: str(QT_TRANSLATE_NOOP("Labels", "Increase")),
    TipoMudanca.NOVO: str(QT_TRANSLATE_NOOP("Labels", "New")),
    TipoMudanca.REMOVIDO: str(QT_TRANSLATE_NOOP("Labels", "Removed")),
    TipoMudanca.ALTERADO: str(QT_TRANSLATE_NOOP("Labels", "Changed")),
    TipoMudanca.INALTERADO: str(QT_TRANSLATE_NOOP("Labels", "Unchanged")),
}
LEVEL_LABELS: dict[str, str] = {
    "CRITICO": str(QT_TRANSLATE_NOOP("Labels", "CRITICAL")),
    "ATENCAO": str(QT_TRANSLATE_NOOP("Labels", "WARNING")),
    "INFO": str(QT_TRANSLATE_NOOP("Labels", "INFO")),
}
#: What raised an alert, in the words of the kinds of change (a removal alert is the "Removed" kind).
ALERT_TIPO_LABELS: dict[str, str] = {
    "REDUCAO": TIPO_LABELS[TipoMudanca.REDUCAO],
    "REMOCAO": TIPO_LABELS[TipoMudanca.REMOVIDO],
    "AUMENTO": TIPO_LABELS[TipoMudanca.AUMENTO],
    "NAO_COBERTO": str(QT_TRANSLATE_NOOP("Labels", "Not covered")),
}
FIELD_LABELS: dict[str, str] = {
    "nome_produto": str(QT_TRANSLATE_NOOP("Labels", "Product name")),
    "cliente": str(QT_TRANSLATE_NOOP("Labels", "Client")),
    "cnpj_cpf": str(QT_TRANSLATE_NOOP("Labels", "CNPJ/CPF")),
    "municipio": str(QT_TRANSLATE_NOOP("Labels", "City")),
    "uf": str(QT_TRANSLATE_NOOP("Labels", "State")),
    "data_pedido": str(QT_TRANSLATE_NOOP("Labels", "Order date")),
    "data_entrega": str(QT_TRANSLATE_NOOP("Labels", "Delivery date")),
    "preco": str(QT_TRANSLATE_NOOP("Labels", "Price")),
}


def _label(table: dict[str, str], key: str) -> str:
    source = table.get(key)
    return QCoreApplication.translate("Labels", source) if source is not None else key


def tipo_label(tipo: str) -> str:
    """The kind of change for people, its one word everywhere: ``Redução``."""
    return _label(TIPO_LABELS, tipo)


def level_label(nivel: str | None) -> str:
    """An alert level for people: ``CRÍTICO``; empty when there is no alert."""
    return "" if nivel is None else _label(LEVEL_LABELS, nivel)


def alert_tipo_label(tipo: str) -> str:
    """What raised an alert: ``Redução``, ``Removida``, ``Não coberto``."""
    return _label(ALERT_TIPO_LABELS, tipo)


def field_label(name: str) -> str:
    """An Odoo-owned field for people: ``Data de entrega``."""
    return _label(FIELD_LABELS, name)


def fmt_field(name: str, value: Any) -> str:
    """A field value (from the domain or from stored JSON) for people; ``—`` when empty."""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return fmt_date(value)
    if name in ("data_pedido", "data_entrega") and isinstance(value, str):
        try:
            return fmt_date(date.fromisoformat(value))
        except ValueError:
            return value
    if name == "preco" and isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return fmt_money(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    return str(value)


def _impact_words() -> ImpactWords:
    # Literal calls, so that lupdate files each word under the "Formatting" context.
    return ImpactWords(
        livre=QCoreApplication.translate("Formatting", "{0} free"),
        pre=QCoreApplication.translate("Formatting", "{0} pre-sep #{1}"),
        pre_excluida=QCoreApplication.translate("Formatting", "{0} pre-sep #{1} (deleted)"),
        nao_coberto=QCoreApplication.translate("Formatting", "{0} not covered"),
        campos=QCoreApplication.translate("Formatting", "fields: {0}"),
        nenhum=QCoreApplication.translate("Formatting", "no impact"),
    )


def impact_line(change: ChangeLike) -> str:
    """A one-line impact in the window's language: ``−20 livre; −10 pré-sep #12; −5 LOTE-7 COTADO``."""
    return render_impact(change, fmt=fmt_qtd, words=_impact_words(), field_name=field_label)
