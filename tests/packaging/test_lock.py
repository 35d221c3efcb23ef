"""The lock files (requirements/*.txt, made by packaging/lock.sh) agree with pyproject.toml's ranges."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {canonicalize_name(m.group(1)): m.group(2) for m in PIN.finditer(text)}


def requirements(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    listed = [*project["dependencies"], *(r for e in extras for r in project["optional-dependencies"][e])]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize(
    ("lock", "extras"), [("app.txt", ()), ("dev.txt", ("postgres", "test", "freeze"))], ids=["app", "dev"]
)
def test_every_dependency_is_pinned_within_its_range(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    outside = {
        str(req): pinned.get(canonicalize_name(req.name))
        for req in requirements(*extras)
        if pinned.get(canonicalize_name(req.name)) is None
        or not req.specifier.contains(pinned[canonicalize_name(req.name)], prereleases=True)
    }
    assert outside == {}, "run bash packaging/lock.sh"


def test_the_program_is_tested_with_the_versions_users_get() -> None:
    app, dev = pins("app.txt"), pins("dev.txt")
    assert {name: dev.get(name) for name in app} == app


def test_the_lock_files_carry_hashes_and_the_app_lock_has_no_test_tools() -> None:
    for name in ("app.txt", "dev.txt"):
        text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
        blocks = [block for block in re.split(r"\n(?=[A-Za-z])", text) if PIN.match(block)]
        assert blocks
        assert all("--hash=sha256:" in block for block in blocks)
    assert not {"pytest", "pyinstaller", "psycopg", "ruff"} & set(pins("app.txt"))


def test_the_postgres_driver_is_an_extra() -> None:
    assert not any(canonicalize_name(r.name) == "psycopg" for r in requirements())
    assert [r.name for r in requirements("postgres") if r.name.startswith("psycopg")] == ["psycopg"]
