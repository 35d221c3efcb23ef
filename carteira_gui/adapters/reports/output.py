"""Writing a report file safely: pick the writer, write a temporary file beside the target, then rename.

The rename is atomic on the same file system, so a report is either the old file (or no file) or the whole
new one: a full disk, a crash or a bug halfway through never leaves a truncated spreadsheet that someone
might hand to a colleague.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from carteira_gui.adapters.reports.csv_report import write_csv
from carteira_gui.adapters.reports.model import ChangeReport, report_from_plan, report_from_run
from carteira_gui.adapters.reports.pdf_report import write_pdf
from carteira_gui.adapters.reports.xlsx_report import write_xlsx
from carteira_gui.domain.errors import CarteiraError
from carteira_gui.domain.plan import Plan
from carteira_gui.services.views import AlertView, ChangeView, RunView

Writer = Callable[[ChangeReport, BinaryIO], None]

WRITERS: Mapping[str, Writer] = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}
#: The formats ``write_report`` accepts, in menu order.
FORMATS: tuple[str, ...] = tuple(WRITERS)

_REASONS: Mapping[int, str] = {
    errno.ENOENT: "a pasta não existe",
    errno.EACCES: "sem permissão para gravar ali, ou o arquivo está aberto em outro programa",
    errno.EPERM: "sem permissão para gravar ali",
    errno.ENOSPC: "o disco está cheio",
    errno.EDQUOT: "a cota de disco acabou",
    errno.EROFS: "o disco é somente leitura",
    errno.ENOTDIR: "parte do caminho é um arquivo, não uma pasta",
    errno.EISDIR: "já existe uma pasta com esse nome",
    errno.ENAMETOOLONG: "o nome do arquivo é longo demais",
}


def _reason(exc: OSError) -> str:
    if exc.errno is not None and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or exc.__class__.__name__


def _discard(path: Path) -> None:
    # Best effort: the original error is what the person needs to hear about.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def write_report(report: ChangeReport, fmt: str, path: Path) -> Path:
    """Write ``report`` as ``fmt`` (``csv``, ``xlsx`` or ``pdf``) to ``path`` and return ``path``.

    The file appears complete or not at all; an existing file at ``path`` is replaced only once the new one is
    fully written. Raises ``CarteiraError`` with one pt-BR sentence when the format is unknown or the file
    cannot be written.
    """
    key = fmt.strip().lower().lstrip(".")
    writer = WRITERS.get(key)
    if writer is None:
        raise CarteiraError(f"O formato de relatório '{fmt}' não existe; nada foi gravado — use {', '.join(FORMATS)}.")
    target = Path(path)
    # Same folder as the target, so that the final rename never crosses file systems.
    temporary = target.with_name(f".{target.name[:150]}.{secrets.token_hex(6)}.tmp")
    try:
        # "x": never clobber; the file gets the usual permissions (umask), unlike tempfile's private 0600.
        with open(temporary, "xb") as stream:
            writer(report, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        _discard(temporary)
        raise CarteiraError(
            f"O relatório {key.upper()} não pôde ser gravado em {target} ({_reason(exc)}); nenhum arquivo foi "
            "criado nem alterado — escolha outra pasta ou outro nome (e feche o arquivo se ele estiver aberto "
            "em outro programa) e tente de novo."
        ) from exc
    except BaseException:
        _discard(temporary)
        raise
    return target


class FileReportWriter:
    """The services' ``ReportWriter``: builds the report of a run or a plan and writes it as CSV, XLSX or PDF."""

    def write_run(self, run: RunView, changes: list[ChangeView], alerts: list[AlertView], fmt: str, path: Path) -> Path:
        """Write the report of a stored run."""
        return write_report(report_from_run(run, changes, alerts), fmt, path)

    def write_plan(self, plan: Plan, usuario: str | None, fmt: str, path: Path) -> Path:
        """Write the report of a plan not applied yet."""
        return write_report(report_from_plan(plan, usuario=usuario), fmt, path)
