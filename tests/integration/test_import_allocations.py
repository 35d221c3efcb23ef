"""``import-allocations``: decisions from JSON, CSV and XLSX files, all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from carteira_gui.bootstrap import read_allocation_file
from carteira_gui.domain.errors import CarteiraError
from carteira_gui.services.imports import InvalidImport, RowKind

from .cli_helpers import Cli

STATE: dict[str, Any] = {
    "carteira": [
        {"num_pedido": "PED001", "cod_produto": "PROD001", "qtd_saldo": 100},
        {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd_saldo": 50},
        {"num_pedido": "PED002", "cod_produto": "PROD001", "qtd_saldo": 200},
    ],
    "pre_separacoes": [{"id": 7, "num_pedido": "PED001", "cod_produto": "PROD001", "qtd": 30}],
    "separacoes": [
        {"id": 3, "lote": "LOTE-1", "num_pedido": "PED002", "cod_produto": "PROD001", "qtd": 100, "status": "COTADO"}
    ],
}
HEADER = ["num_pedido", "cod_produto", "qtd", "lote", "status", "data_expedicao", "observacao", "transportadora"]


@pytest.fixture
def cli(db_url, tmp_path, capsys) -> Cli:
    seeded = Cli(db_url, tmp_path, capsys)
    assert seeded("seed", seeded.file(STATE, "state.json")).code == 0
    return seeded


def _allocations(cli: Cli) -> tuple[list[Any], list[Any]]:
    state = cli.state()
    return state["pre_separacoes"], state["separacoes"]


def _csv(folder: Path, text: str, name: str = "alocacoes.csv", *, bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def _xlsx(folder: Path, sheets: dict[str, list[list[Any]]], name: str = "alocacoes.xlsx") -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def _one_sentence(result) -> str:
    assert result.code == 1, result
    assert result.out == ""
    [line] = result.err.strip().splitlines()
    assert "Traceback" not in result.err
    return line


# -- happy paths ---------------------------------------------------------------------------------------


def test_a_json_file_adds_pre_separacoes_and_lotes_with_their_statuses(cli):
    document = {
        "pre_separacoes": [
            {"num_pedido": "PED001", "cod_produto": "PROD002", "qtd": 20, "data_expedicao": "2026-12-05"},
        ],
        "separacoes": [
            {
                "lote": "IMP-1",
                "num_pedido": "PED001",
                "cod_produto": "PROD001",
                "qtd": "70",
                "status": "COTADO",
                "data_expedicao": "2026-12-06",
                "transportadora": "Jadlog",
                "valor_frete": 150.5,
                "criado_por": "carla",
            },
            {
                "lote": "IMP-2",
                "num_pedido": "PED002",
                "cod_produto": "PROD001",
                "qtd": 500,
                "status": "FATURADO",
                "data_expedicao": "2026-10-01",
                "data_embarque": "2026-10-02",
                "numero_nf": "NF-9",
            },
        ],
    }
    result = cli("import-allocations", cli.file(document, "decisoes.json"), "--by", "ana")
    assert result.code == 0, result.err
    assert "1 pré-separação(ões) e 2 lote(s) com 2 linha(s)" in result.out
    pres, seps = _allocations(cli)
    [new_pre] = [p for p in pres if p["id"] != 7]
    assert (new_pre["cod_produto"], new_pre["qtd"], new_pre["criado_por"], new_pre["tipo_envio"]) == (
        "PROD002",
        20,
        "ana",
        "parcial",
    )
    lotes = {lote["lote"]: lote for lote in cli("lotes", "--json").json()}
    assert (lotes["IMP-1"]["status"], lotes["IMP-1"]["transportadora"], lotes["IMP-1"]["valor_frete"]) == (
        "COTADO",
        "Jadlog",
        150.5,
    )
    assert lotes["IMP-1"]["criado_por"] == "carla"
    assert (lotes["IMP-2"]["status"], lotes["IMP-2"]["numero_nf"], lotes["IMP-2"]["data_embarque"]) == (
        "FATURADO",
        "NF-9",
        "2026-10-02",
    )
    assert {s["lote"]: s["status"] for s in seps} == {"LOTE-1": "COTADO", "IMP-1": "COTADO", "IMP-2": "FATURADO"}


def test_a_pt_br_excel_csv_with_semicolons_decimal_commas_and_a_bom_is_imported(cli, tmp_path):
    text = (
        "num_pedido;cod_produto;qtd;lote;status;data_expedicao;observacao\r\n"
        "PED001;PROD001;12,5;;;30/11/2026;primeira\r\n"
        "PED001;PROD002;50;IMP-7;;01/12/2026;\r\n"
        ";;;;;;\r\n"
        "PED001;PROD001;7,5;IMP-7;ABERTO;;\r\n"
    )
    result = cli("import-allocations", _csv(tmp_path, text, bom=True))
    assert result.code == 0, result.err
    pres, seps = _allocations(cli)
    [new_pre] = [p for p in pres if p["id"] != 7]
    assert (new_pre["qtd"], new_pre["data_expedicao"], new_pre["observacao"]) == (12.5, "2026-11-30", "primeira")
    assert sorted((s["cod_produto"], s["qtd"], s["tipo_envio"]) for s in seps if s["lote"] == "IMP-7") == [
        ("PROD001", 7.5, "parcial"),
        ("PROD002", 50, "total"),
    ]


def test_a_comma_separated_csv_without_bom_is_imported(cli, tmp_path):
    text = 'num_pedido,cod_produto,qtd,data_expedicao\nPED001,PROD002,"2,5",2026-12-05\n'
    assert cli("import-allocations", _csv(tmp_path, text)).code == 0
    pres, _seps = _allocations(cli)
    assert [p["qtd"] for p in pres if p["id"] != 7] == [2.5]


def test_an_xlsx_first_sheet_is_one_table_of_pre_separacoes_and_lote_rows(cli, tmp_path):
    path = _xlsx(
        tmp_path,
        {
            "Planilha1": [
                HEADER,
                ["PED001", "PROD002", 10, None, None, datetime(2026, 12, 5), "xlsx", None],
                ["PED002", "PROD001", 60.25, "IMP-X", "COTADO", date(2026, 12, 6), None, "Braspress"],
            ],
            "Outra": [["ignored"]],
        },
    )
    result = cli("import-allocations", path, "--by", "ana")
    assert result.code == 0, result.err
    pres, seps = _allocations(cli)
    assert [(p["qtd"], p["data_expedicao"], p["observacao"]) for p in pres if p["id"] != 7] == [
        (10, "2026-12-05", "xlsx")
    ]
    [row] = [s for s in seps if s["lote"] == "IMP-X"]
    assert (row["qtd"], row["status"], row["transportadora"]) == (60.25, "COTADO", "Braspress")


def test_an_xlsx_with_sheets_named_pre_separacoes_and_separacoes_reads_both(cli, tmp_path):
    path = _xlsx(
        tmp_path,
        {
            "Leia-me": [["instruções"]],
            "pre_separacoes": [
                ["num_pedido", "cod_produto", "qtd", "data_expedicao"],
                ["PED001", "PROD002", 5, "2026-12-05"],
            ],
            "separacoes": [
                ["lote", "num_pedido", "cod_produto", "qtd", "data_expedicao"],
                ["IMP-S", "PED001", "PROD002", 45, "2026-12-05"],
            ],
        },
    )
    assert cli("import-allocations", path).code == 0
    pres, seps = _allocations(cli)
    assert [p["qtd"] for p in pres if p["id"] != 7] == [5]
    assert [(s["lote"], s["qtd"], s["status"]) for s in seps if s["lote"] == "IMP-S"] == [("IMP-S", 45, "ABERTO")]


def test_a_dry_run_prints_the_preview_and_writes_nothing(cli, tmp_path):
    before = cli.state()
    text = "num_pedido;cod_produto;qtd;lote;data_expedicao\nPED001;PROD001;70;IMP-D;2026-12-05\n"
    result = cli("import-allocations", _csv(tmp_path, text), "--dry-run")
    assert result.code == 0, result.err
    assert "nada foi gravado" in result.out
    assert "lote IMP-D PED001 ABERTO: PROD001 70" in result.out
    assert cli.state() == before
    assert [lote["lote"] for lote in cli("lotes", "--json").json()] == ["LOTE-1"]


# -- refusals ------------------------------------------------------------------------------------------


def test_a_bad_file_is_refused_naming_every_bad_row_and_nothing_is_written(cli, tmp_path):
    before = cli.state()
    text = (
        "num_pedido;cod_produto;qtd;lote;status;data_expedicao\n"
        "PED001;PROD001;50;;;2026-12-05\n"  # line 2: fine (70 livre → 20 left)
        "PED009;PROD001;1;;;2026-12-05\n"  # line 3: unknown line
        "PED001;PROD001;21;;;2026-12-05\n"  # line 4: over the saldo livre left by line 2
        "PED001;PROD002;1;L-A;;2026-12-05\n"  # line 5: fine
        "PED002;PROD001;1;L-A;;2026-12-05\n"  # line 6: another pedido in lote L-A
        "PED002;PROD001;1;L-B;COTADO;2026-12-05\n"  # line 7: fine
        "PED001;PROD002;1;L-B;ABERTO;2026-12-05\n"  # line 8: another pedido and status in L-B
        "PED002;PROD001;1;LOTE-1;;2026-12-05\n"  # line 9: the lote exists
        "PED002;PROD001;abc;;;2026-12-05\n"  # line 10: bad number
        "PED002;PROD001;1;;;2026-13-01\n"  # line 11: bad date
        "PED002;PROD001;1;L-C;PRONTO;2026-12-05\n"  # line 12: bad status
    )
    line = _one_sentence(cli("import-allocations", _csv(tmp_path, text)))
    for named in (
        "linha 3: a linha PED009/PROD001 não está na carteira",
        "linha 4: PED001/PROD001: 21 é mais que o saldo livre da linha (20, contando as linhas anteriores do arquivo)",
        "linha 6: o lote L-A tem linhas de pedidos diferentes",
        "linha 8: o lote L-B tem linhas de pedidos diferentes",
        "linha 8: o lote L-B tem linhas com status diferentes (COTADO, ABERTO)",
        "linha 9: o lote LOTE-1 já existe",
        "linha 10: qtd não numérico ('abc')",
        "linha 11: data_expedicao não é uma data ('2026-13-01'; use AAAA-MM-DD ou DD/MM/AAAA)",
        "linha 12: status deve ser ABERTO, COTADO, EMBARCADO ou FATURADO ('PRONTO')",
    ):
        assert named in line
    for fine in ("linha 2:", "linha 5:", "linha 7:"):
        assert fine not in line
    assert "Nada foi gravado" in line
    assert cli.state() == before


def test_a_dry_run_of_a_bad_file_is_refused_too(cli, tmp_path):
    text = "num_pedido;cod_produto;qtd;data_expedicao\nPED001;PROD001;71;2026-12-05\n"
    assert "linha 2:" in _one_sentence(cli("import-allocations", _csv(tmp_path, text), "--dry-run"))


def test_an_import_over_a_lote_code_made_by_an_earlier_import_is_refused(cli, tmp_path):
    text = "num_pedido;cod_produto;qtd;lote;data_expedicao\nPED001;PROD002;1;IMP-1;2026-12-05\n"
    assert cli("import-allocations", _csv(tmp_path, text)).code == 0
    assert "IMP-1 já existe" in _one_sentence(cli("import-allocations", _csv(tmp_path, text, "again.csv")))


@pytest.mark.parametrize(
    ("name", "content", "named"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("notes.pdf", b"%PDF", ".xlsx, .csv ou .json"),
        ("latin1.csv", "num_pedido;qtd\nPEDÇ;1\n".encode("latin-1"), "UTF-8"),
        ("broken.xlsx", b"not a zip", "não é uma planilha XLSX válida"),
        ("broken.json", b"{", "não é um JSON válido"),
        ("list.json", b"[]", "pre_separacoes"),
        ("missing.csv", None, "não existe"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_sentence(cli, tmp_path, name, content, named):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert named in _one_sentence(cli("import-allocations", path))


# -- the reader alone (no database) ------------------------------------------------------------------


def test_the_reader_names_rows_by_file_line_and_tells_pre_separacoes_from_lote_rows(tmp_path):
    path = _csv(tmp_path, " Num_Pedido ;COD_PRODUTO;qtd;lote\n\nA;X;1;\nA;Y;2;L\n")
    rows = read_allocation_file(path)
    assert [(r.label, r.kind, dict(r.values)) for r in rows] == [
        ("linha 3", RowKind.PRE, {"num_pedido": "A", "cod_produto": "X", "qtd": "1"}),
        ("linha 4", RowKind.SEP, {"num_pedido": "A", "cod_produto": "Y", "qtd": "2", "lote": "L"}),
    ]


def test_the_reader_refuses_a_repeated_column(tmp_path):
    with pytest.raises(InvalidImport, match="coluna\\(s\\) repetida\\(s\\) no cabeçalho: qtd"):
        read_allocation_file(_csv(tmp_path, "num_pedido;qtd;QTD\nA;1;2\n"))


def test_the_reader_names_the_sheet_of_a_row(tmp_path):
    path = _xlsx(tmp_path, {"separacoes": [["lote", "qtd"], ["L", 1]]})
    [row] = read_allocation_file(path)
    assert (row.label, row.kind) == ("planilha separacoes, linha 2", RowKind.SEP)


def test_the_reader_errors_are_carteira_errors(tmp_path):
    with pytest.raises(CarteiraError):
        read_allocation_file(tmp_path / "nothing.json")
