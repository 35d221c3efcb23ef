"""Run the ``carteira-sync`` command in-process (fast) and read its output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from carteira_gui.cli import run

from ..worked_example import worked_source, worked_state

WORKED_STATE: dict[str, Any] = worked_state("Cliente A")
WORKED_SOURCE: list[dict[str, Any]] = worked_source()


@dataclass
class Result:
    """Exit status and output of one command."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """Runs commands against one database, writing input files into a temp folder."""

    def __init__(self, db_url: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db_url = db_url
        self.folder = folder
        self.capsys = capsys
        self._n = 0

    def file(self, data: Any, name: str | None = None) -> Path:
        self._n += 1
        path = self.folder / (name or f"input{self._n}.json")
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def __call__(self, *args: str | Path) -> Result:
        self.capsys.readouterr()
        code = run(["--db", self.db_url, *map(str, args)])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def state(self) -> dict[str, Any]:
        result = self("state", "--json")
        assert result.code == 0, result.err
        return result.json()
