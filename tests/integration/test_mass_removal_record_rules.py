"""Finding 10 against the local Odoo: a user whose record rules hide most orders trips the mass-removal guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carteira_gui.adapters.odoo.server import OdooTestServer
from carteira_gui.bootstrap import build_demo
from carteira_gui.cli import run


@pytest.mark.parametrize(
    ("rules", "refused"), [(None, False), ({"sale.order.line": [("order_id.name", "=like", "VSC%")]}, True)]
)
def test_a_user_who_sees_few_orders_needs_the_confirmation(
    rules, refused: bool, sqlite_url: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    state, data = build_demo(300, 7)
    state_file = tmp_path / "ontem.json"
    state_file.write_text(json.dumps(state), encoding="utf-8")
    assert run(["--db", sqlite_url, "seed", str(state_file)]) == 0
    with OdooTestServer(data, password="s3nha", record_rules=rules) as srv:
        for key, value in {
            "CARTEIRA_ODOO_URL": srv.url,
            "CARTEIRA_ODOO_DB": "demo",
            "CARTEIRA_ODOO_USER": "admin",
            "CARTEIRA_ODOO_PASSWORD": "s3nha",
        }.items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = run(["--db", sqlite_url, "apply", "--odoo", "--yes"])
    err = capsys.readouterr().err
    if refused:
        assert code == 4, err
        assert "linhas do Odoo na carteira" in err
        assert "--allow-mass-removal" in err
    else:
        assert code == 0, err
