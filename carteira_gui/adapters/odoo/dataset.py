"""A deterministic Odoo data set for tests, benchmarks and the demo, its JSON file format, and its Odoo 19 view.

``generate(lines, seed)`` always builds the same records for the same arguments, on every machine, with the
untidy data a real Odoo 17 with sale_management and sale_stock has: orders of Brazilian companies (valid CNPJs,
some people with valid CPFs), some addressed to a contact person of the company; partners without CNPJ, city
or state; products of a food and cleaning distributor kept in Unidades or kg and sometimes sold in Dúzias or
grams (``uom.uom`` with Odoo's factors); discounts; quantities delivered apart from quantities invoiced (draft
invoices count in ``qty_invoiced``); section and note lines, down-payment lines, service products and products
without an internal reference. Records hold raw values the way Odoo stores them: many2one fields as an id or
``False``, datetimes as UTC text, empty fields as ``False``.

The records are kept in the shape of Odoo 17 (``product_uom``, ``uom.category``, a unit's ``factor`` = how many
of it make one reference unit). ``odoo19_view`` gives the same data as Odoo 19 stores it (``product_uom_id``,
no categories, ``factor`` = how many reference units it holds, one rounding for every unit, no ``product``
type); the local server serves that view when it plays Odoo 19.

File format (``save``/``load``)::

    {"format": "carteira-sync/odoo-dataset", "version": 1,
     "fields": {"sale.order.line": {"qty_saldo": {"type": "float", "string": "Saldo"}}, ...},
     "records": {"sale.order.line": [{"id": 1, "order_id": 1, ...}], ...}}

``fields`` may be left out or list only the fields added to the standard ones (``STANDARD_FIELDS``).

Over 500 lines: the generator of the stand-in's data keeps every untidy case a real Odoo has (units, contacts,
sections, services, discounts, draft invoices) in one deterministic place the tests, the demo and the bench share.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from carteira_gui.domain.errors import CarteiraError

FORMAT = "carteira-sync/odoo-dataset"
VERSION = 1
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
#: "Today" of the generated data: fixed so that the data never depends on the day it is generated.
ANCHOR = datetime(2026, 11, 2, 12, 0, 0)

Record = dict[str, Any]
Selection = tuple[tuple[str, str], ...]


class DatasetError(CarteiraError):
    """A data-set file cannot be read or is not a data set; nothing was changed."""

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(
            f"O arquivo de dados do Odoo {origin} não pode ser usado: {problem}. Nada foi alterado; "
            "gere o arquivo de novo ou corrija-o."
        )


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Type of an Odoo field as ``fields_get`` describes it (``selection``: the values of a selection field)."""

    type: str
    string: str
    relation: str | None = None
    selection: Selection | None = None

    def to_json(self) -> dict[str, object]:
        """The ``fields_get`` description."""
        out: dict[str, object] = {"type": self.type, "string": self.string}
        if self.relation:
            out["relation"] = self.relation
        if self.selection is not None:
            out["selection"] = [list(pair) for pair in self.selection]
        return out


FIELD_TYPES = frozenset(
    {"integer", "float", "monetary", "char", "text", "date", "datetime", "selection", "boolean", "many2one"}
)


def _specs(**items: tuple[str, str] | tuple[str, str, str] | FieldSpec) -> dict[str, FieldSpec]:
    return {name: spec if isinstance(spec, FieldSpec) else FieldSpec(*spec) for name, spec in items.items()}


#: ``sale.order.state`` from Odoo 17 on ("done" was Odoo 16's locked order; 17 made it a flag).
ORDER_STATES: Selection = (
    ("draft", "Cotação"),
    ("sent", "Cotação enviada"),
    ("sale", "Pedido de venda"),
    ("cancel", "Cancelado"),
)
DISPLAY_TYPES: Selection = (("line_section", "Seção"), ("line_note", "Nota"))
PRODUCT_TYPES_17: Selection = (("consu", "Consumível"), ("service", "Serviço"), ("product", "Armazenável"))
PRODUCT_TYPES_19: Selection = (("consu", "Mercadorias"), ("service", "Serviço"), ("combo", "Combo"))
UOM_TYPES: Selection = (
    ("bigger", "Maior que a unidade de referência"),
    ("reference", "Unidade de referência"),
    ("smaller", "Menor que a unidade de referência"),
)

STANDARD_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "sale.order.line": _specs(
        id=("integer", "ID"),
        order_id=("many2one", "Pedido", "sale.order"),
        product_id=("many2one", "Produto", "product.product"),
        name=("text", "Descrição"),
        sequence=("integer", "Sequência"),
        display_type=FieldSpec("selection", "Tipo de exibição", selection=DISPLAY_TYPES),
        is_downpayment=("boolean", "É um adiantamento"),
        product_uom_qty=("float", "Quantidade"),
        product_uom=("many2one", "Unidade de medida", "uom.uom"),
        qty_delivered=("float", "Quantidade entregue"),
        qty_invoiced=("float", "Quantidade faturada"),
        price_unit=("float", "Preço unitário"),
        discount=("float", "Desconto (%)"),
    ),
    "sale.order": _specs(
        id=("integer", "ID"),
        name=("char", "Número do pedido"),
        state=FieldSpec("selection", "Status", selection=ORDER_STATES),
        partner_id=("many2one", "Cliente", "res.partner"),
        date_order=("datetime", "Data do pedido"),
        commitment_date=("datetime", "Data de entrega"),
        client_order_ref=("char", "Referência do cliente"),
    ),
    "res.partner": _specs(
        id=("integer", "ID"),
        name=("char", "Nome"),
        vat=("char", "CNPJ/CPF"),
        city=("char", "Cidade"),
        state_id=("many2one", "Estado", "res.country.state"),
        is_company=("boolean", "É uma empresa"),
        parent_id=("many2one", "Empresa relacionada", "res.partner"),
        commercial_partner_id=("many2one", "Entidade comercial", "res.partner"),
    ),
    "product.product": _specs(
        id=("integer", "ID"),
        default_code=("char", "Referência interna"),
        name=("char", "Nome"),
        type=FieldSpec("selection", "Tipo de produto", selection=PRODUCT_TYPES_17),
        uom_id=("many2one", "Unidade de medida", "uom.uom"),
    ),
    "res.country.state": _specs(
        id=("integer", "ID"),
        name=("char", "Nome"),
        code=("char", "Código"),
    ),
    "uom.category": _specs(
        id=("integer", "ID"),
        name=("char", "Categoria"),
    ),
    "uom.uom": _specs(
        id=("integer", "ID"),
        name=("char", "Unidade"),
        category_id=("many2one", "Categoria", "uom.category"),
        factor=("float", "Razão"),
        rounding=("float", "Precisão de arredondamento"),
        uom_type=FieldSpec("selection", "Tipo", selection=UOM_TYPES),
    ),
}

#: The custom balance field of the kind companies add (ordered − cancelled − invoiced): only in data sets
#: generated with ``custom_balance_field=True``, as only some Odoo databases have one.
CUSTOM_BALANCE_FIELD = "qty_saldo"
CUSTOM_BALANCE_SPEC = FieldSpec("float", "Saldo")


@dataclass(slots=True)
class Dataset:
    """Odoo records by model and id, with the description of their fields."""

    records: dict[str, dict[int, Record]]
    fields: dict[str, dict[str, FieldSpec]] = field(default_factory=lambda: copy.deepcopy(STANDARD_FIELDS))

    def copy(self) -> Dataset:
        """A deep copy, to change without touching this one."""
        return Dataset(copy.deepcopy(self.records), copy.deepcopy(self.fields))

    def model(self, name: str) -> dict[int, Record]:
        """The records of a model (empty when there are none)."""
        return self.records.setdefault(name, {})

    def next_id(self, model: str) -> int:
        """The id a new record of ``model`` gets."""
        return max(self.model(model), default=0) + 1

    @property
    def line_count(self) -> int:
        """Number of ``sale.order.line`` records."""
        return len(self.records.get("sale.order.line", {}))

    def to_json(self) -> dict[str, object]:
        """The JSON document of ``save``."""
        extra: dict[str, dict[str, dict[str, object]]] = {}
        for model, specs in self.fields.items():
            standard = STANDARD_FIELDS.get(model, {})
            added = {name: spec.to_json() for name, spec in specs.items() if standard.get(name) != spec}
            if added:
                extra[model] = added
        return {
            "format": FORMAT,
            "version": VERSION,
            "fields": extra,
            "records": {model: [recs[i] for i in sorted(recs)] for model, recs in self.records.items()},
        }

    @classmethod
    def from_json(cls, document: object, origin: str = "(memória)") -> Dataset:
        """Validate a JSON document and build the data set; ``DatasetError`` says what is wrong."""
        if not isinstance(document, Mapping) or document.get("format") != FORMAT:
            raise DatasetError(origin, f"não é um arquivo no formato {FORMAT}")
        if document.get("version") != VERSION:
            raise DatasetError(origin, f"versão {document.get('version')!r} não suportada (esperada {VERSION})")
        fields = copy.deepcopy(STANDARD_FIELDS)
        raw_fields = document.get("fields", {})
        if not isinstance(raw_fields, Mapping):
            raise DatasetError(origin, "fields deve ser um objeto")
        for model, specs in raw_fields.items():
            if not isinstance(specs, Mapping):
                raise DatasetError(origin, f"fields.{model} deve ser um objeto")
            target = fields.setdefault(str(model), {"id": FieldSpec("integer", "ID")})
            for name, spec in specs.items():
                if not isinstance(spec, Mapping) or spec.get("type") not in FIELD_TYPES:
                    raise DatasetError(origin, f"fields.{model}.{name}: tipo inválido")
                relation = spec.get("relation")
                if spec["type"] == "many2one" and not isinstance(relation, str):
                    raise DatasetError(origin, f"fields.{model}.{name}: many2one sem relation")
                target[str(name)] = FieldSpec(
                    str(spec["type"]),
                    str(spec.get("string", name)),
                    relation,
                    _selection(spec.get("selection"), origin, f"fields.{model}.{name}"),
                )
        raw_records = document.get("records")
        if not isinstance(raw_records, Mapping):
            raise DatasetError(origin, "records deve ser um objeto com uma lista por modelo")
        records: dict[str, dict[int, Record]] = {}
        for model, rows in raw_records.items():
            specs_of = fields.get(str(model))
            if specs_of is None:
                raise DatasetError(origin, f"modelo {model!r} sem descrição de campos")
            if not isinstance(rows, list):
                raise DatasetError(origin, f"records.{model} deve ser uma lista")
            by_id: dict[int, Record] = {}
            for index, row in enumerate(rows):
                if not isinstance(row, dict):
                    raise DatasetError(origin, f"records.{model}[{index}] não é um objeto")
                ident = row.get("id")
                if isinstance(ident, bool) or not isinstance(ident, int) or ident <= 0:
                    raise DatasetError(origin, f"records.{model}[{index}] sem id inteiro positivo")
                if ident in by_id:
                    raise DatasetError(origin, f"records.{model}: id {ident} repetido")
                unknown = [name for name in row if name not in specs_of]
                if unknown:
                    raise DatasetError(origin, f"records.{model}[{index}]: campo(s) sem descrição {unknown}")
                by_id[ident] = {name: row.get(name, False) for name in specs_of} | {"id": ident}
            records[str(model)] = by_id
        for model, specs_of in fields.items():
            for name, spec in specs_of.items():
                if spec.type != "many2one" or model not in records:
                    continue
                target_ids = records.get(spec.relation or "", {})
                for rec in records[model].values():
                    value = rec.get(name)
                    if value is not False and value is not None and value not in target_ids:
                        raise DatasetError(origin, f"{model} {rec['id']}: {name} aponta para {value!r} inexistente")
        return cls(records, fields)

    def save(self, path: str | Path) -> None:
        """Write the data set as JSON (UTF-8)."""
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Dataset:
        """Read a data set written by ``save`` (or by hand in the same format)."""
        origin = str(path)
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise DatasetError(origin, f"não foi possível ler o arquivo ({exc.strerror or exc})") from None
        except ValueError:
            raise DatasetError(origin, "não é JSON válido") from None
        return cls.from_json(document, origin)


def _selection(raw: object, origin: str, where: str) -> Selection | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in raw
    ):
        raise DatasetError(origin, f"{where}: selection deve ser uma lista de pares [valor, rótulo]")
    return tuple((pair[0], pair[1]) for pair in raw)


#: The rounding every unit has in Odoo 19 (the decimal precision "Product Unit", 2 digits by default).
ODOO19_UOM_ROUNDING = 0.01


def odoo19_view(dataset: Dataset) -> Dataset:
    """The same records as Odoo 19 stores them (a new data set; ``dataset`` is left as it is).

    ``sale.order.line.product_uom`` is ``product_uom_id``; ``uom.category`` is gone and a unit's ``factor``
    is how many reference units it holds (Odoo 17 stored the inverse); every unit rounds to the decimal
    precision "Product Unit"; products of type ``product`` (storable) are ``consu`` goods.
    """
    view = dataset.copy()
    lines = view.fields.get("sale.order.line", {})
    if "product_uom" in lines:
        lines["product_uom_id"] = lines.pop("product_uom")
        for line in view.records.get("sale.order.line", {}).values():
            line["product_uom_id"] = line.pop("product_uom", False)
    products = view.fields.get("product.product", {})
    if "type" in products:
        products["type"] = FieldSpec("selection", products["type"].string, selection=PRODUCT_TYPES_19)
        for product in view.records.get("product.product", {}).values():
            if product.get("type") == "product":
                product["type"] = "consu"
    uoms = view.fields.get("uom.uom")
    if uoms is not None:
        for name in ("category_id", "uom_type"):
            uoms.pop(name, None)
        uoms["relative_factor"] = FieldSpec("float", "Contém")
        uoms["factor"] = FieldSpec("float", "Quantidade absoluta")
        for uom in view.records.get("uom.uom", {}).values():
            old = uom.pop("factor", False)
            uom.pop("category_id", None)
            uom.pop("uom_type", None)
            factor = float(Decimal(1) / Decimal(repr(old))) if old else 1.0
            uom["factor"] = factor
            uom["relative_factor"] = factor
            uom["rounding"] = ODOO19_UOM_ROUNDING
    view.fields.pop("uom.category", None)
    view.records.pop("uom.category", None)
    return view


# --- Generation -------------------------------------------------------------------------------------------

STATES: tuple[tuple[str, str], ...] = (
    ("AC", "Acre"),
    ("AL", "Alagoas"),
    ("AP", "Amapá"),
    ("AM", "Amazonas"),
    ("BA", "Bahia"),
    ("CE", "Ceará"),
    ("DF", "Distrito Federal"),
    ("ES", "Espírito Santo"),
    ("GO", "Goiás"),
    ("MA", "Maranhão"),
    ("MT", "Mato Grosso"),
    ("MS", "Mato Grosso do Sul"),
    ("MG", "Minas Gerais"),
    ("PA", "Pará"),
    ("PB", "Paraíba"),
    ("PR", "Paraná"),
    ("PE", "Pernambuco"),
    ("PI", "Piauí"),
    ("RJ", "Rio de Janeiro"),
    ("RN", "Rio Grande do Norte"),
    ("RS", "Rio Grande do Sul"),
    ("RO", "Rondônia"),
    ("RR", "Roraima"),
    ("SC", "Santa Catarina"),
    ("SP", "São Paulo"),
    ("SE", "Sergipe"),
    ("TO", "Tocantins"),
)

# Cities weighted towards the South-East, as a distributor's customers usually are.
CITIES: tuple[tuple[str, str], ...] = (
    ("São Paulo", "SP"),
    ("São Paulo", "SP"),
    ("Campinas", "SP"),
    ("Ribeirão Preto", "SP"),
    ("Santos", "SP"),
    ("Sorocaba", "SP"),
    ("São José dos Campos", "SP"),
    ("Bauru", "SP"),
    ("Guarulhos", "SP"),
    ("Rio de Janeiro", "RJ"),
    ("Niterói", "RJ"),
    ("Duque de Caxias", "RJ"),
    ("Belo Horizonte", "MG"),
    ("Uberlândia", "MG"),
    ("Juiz de Fora", "MG"),
    ("Contagem", "MG"),
    ("Curitiba", "PR"),
    ("Londrina", "PR"),
    ("Maringá", "PR"),
    ("Florianópolis", "SC"),
    ("Joinville", "SC"),
    ("Blumenau", "SC"),
    ("Porto Alegre", "RS"),
    ("Caxias do Sul", "RS"),
    ("Pelotas", "RS"),
    ("Salvador", "BA"),
    ("Feira de Santana", "BA"),
    ("Recife", "PE"),
    ("Caruaru", "PE"),
    ("Fortaleza", "CE"),
    ("Goiânia", "GO"),
    ("Anápolis", "GO"),
    ("Brasília", "DF"),
    ("Vitória", "ES"),
    ("Vila Velha", "ES"),
    ("Manaus", "AM"),
    ("Belém", "PA"),
    ("Cuiabá", "MT"),
    ("Campo Grande", "MS"),
    ("São Luís", "MA"),
    ("João Pessoa", "PB"),
    ("Natal", "RN"),
    ("Maceió", "AL"),
    ("Aracaju", "SE"),
    ("Teresina", "PI"),
    ("Palmas", "TO"),
    ("Porto Velho", "RO"),
    ("Rio Branco", "AC"),
    ("Macapá", "AP"),
    ("Boa Vista", "RR"),
)

_TRADES = (
    "Distribuidora",
    "Comercial",
    "Atacadista",
    "Supermercado",
    "Mercearia",
    "Empório",
    "Armazém",
    "Mercado",
    "Rede",
    "Casa",
)
_BRANDS = (
    "Oliveira",
    "Santos",
    "Souza",
    "Pereira",
    "Almeida",
    "Ferreira",
    "Rodrigues",
    "Lima",
    "Carvalho",
    "Gomes",
    "Ribeiro",
    "Martins",
    "Araújo",
    "Barbosa",
    "Cardoso",
    "Teixeira",
    "Moreira",
    "Nogueira",
    "Rocha",
    "Boa Vista",
    "Bom Preço",
    "Estrela",
    "Primavera",
    "Central",
    "do Vale",
    "Serra Azul",
    "Três Irmãos",
    "São Jorge",
    "Nova Era",
    "Bela Vista",
    "Santa Clara",
    "Pioneira",
)
_SUFFIXES = ("Ltda", "Ltda", "Ltda", "S.A.", "EIRELI", "ME", "& Filhos Ltda", "Comércio de Alimentos Ltda")
_FIRST_NAMES = ("Maria", "José", "Ana", "João", "Francisca", "Antônio", "Adriana", "Carlos", "Juliana", "Paulo")
_LAST_NAMES = ("da Silva", "dos Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida")

# (name, code prefix, package sizes, sold in fractions)
_PRODUCTS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("Arroz Branco Tipo 1", "ARZ", ("1kg", "5kg", "Fardo 6x5kg"), False),
    ("Feijão Carioca", "FJC", ("1kg", "Fardo 10x1kg"), False),
    ("Feijão Preto", "FJP", ("1kg", "Fardo 10x1kg"), False),
    ("Açúcar Cristal", "ACR", ("1kg", "5kg", "Fardo 10x1kg"), False),
    ("Café Torrado e Moído", "CAF", ("250g", "500g", "Caixa 20x500g"), False),
    ("Óleo de Soja", "OLS", ("900ml", "Caixa 20x900ml"), False),
    ("Farinha de Trigo", "FTR", ("1kg", "5kg", "Saco 25kg"), False),
    ("Macarrão Espaguete", "MAC", ("500g", "Fardo 20x500g"), False),
    ("Leite UHT Integral", "LEI", ("1L", "Caixa 12x1L"), False),
    ("Sal Refinado", "SAL", ("1kg", "Fardo 30x1kg"), False),
    ("Biscoito Cream Cracker", "BIS", ("400g", "Caixa 20x400g"), False),
    ("Molho de Tomate", "MOL", ("340g", "Caixa 24x340g"), False),
    ("Detergente Líquido", "DET", ("500ml", "Caixa 24x500ml"), False),
    ("Sabão em Pó", "SAB", ("1kg", "Caixa 20x1kg"), False),
    ("Papel Higiênico Folha Dupla", "PAP", ("Pacote 12 rolos", "Fardo 64 rolos"), False),
    ("Água Sanitária", "AGS", ("1L", "Caixa 12x1L"), False),
    ("Creme Dental", "CRD", ("90g", "Caixa 12x90g"), False),
    ("Milho Verde em Conserva", "MIL", ("200g", "Caixa 24x200g"), False),
    ("Achocolatado em Pó", "ACH", ("400g", "Caixa 24x400g"), False),
    ("Margarina com Sal", "MAR", ("500g", "Caixa 12x500g"), False),
    ("Vinagre de Álcool", "VIN", ("750ml", "Caixa 12x750ml"), False),
    ("Farinha de Mandioca", "FMD", ("1kg", "Fardo 10x1kg"), False),
    ("Sardinha em Óleo", "SRD", ("125g", "Caixa 50x125g"), False),
    ("Azeite de Oliva Extra Virgem", "AZT", ("500ml", "Caixa 12x500ml"), False),
    ("Queijo Muçarela", "QMU", ("kg",), True),
    ("Presunto Cozido", "PRE", ("kg",), True),
    ("Carne Bovina Acém", "CBA", ("kg",), True),
    ("Frango Congelado", "FRG", ("kg",), True),
)
_QUANTITIES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 25, 30, 40, 48, 50, 60, 80, 100, 120, 150, 200)


def cnpj_check_digits(base12: str) -> str:
    """The two check digits of a CNPJ whose first 12 digits are ``base12``."""
    digits = [int(c) for c in base12]
    result = ""
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        digit = 0 if remainder < 2 else 11 - remainder
        digits.append(digit)
        result += str(digit)
    return result


def cpf_check_digits(base9: str) -> str:
    """The two check digits of a CPF whose first 9 digits are ``base9``."""
    digits = [int(c) for c in base9]
    result = ""
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(size + 1, 1, -1), strict=True))
        digit = (total * 10) % 11 % 10
        digits.append(digit)
        result += str(digit)
    return result


def is_valid_cnpj(text: str) -> bool:
    """Whether ``text`` (formatted or not) is a CNPJ with correct check digits."""
    digits = "".join(c for c in text if c.isdigit())
    return len(digits) == 14 and len(set(digits)) > 1 and cnpj_check_digits(digits[:12]) == digits[12:]


def is_valid_cpf(text: str) -> bool:
    """Whether ``text`` (formatted or not) is a CPF with correct check digits."""
    digits = "".join(c for c in text if c.isdigit())
    return len(digits) == 11 and len(set(digits)) > 1 and cpf_check_digits(digits[:9]) == digits[9:]


def _cnpj(rng: random.Random) -> str:
    base = f"{rng.randrange(10_000_000, 99_999_999):08d}0001"
    d = base + cnpj_check_digits(base)
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"


def _cpf(rng: random.Random) -> str:
    base = f"{rng.randrange(100_000_000, 999_999_999):09d}"
    d = base + cpf_check_digits(base)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


def _float(value: Decimal) -> float:
    # Odoo floats travel as JSON numbers; rounding to 3 places keeps them free of binary noise.
    return float(round(value, 3))


#: Units of measure as Odoo 17 stores them: (id, name, category, factor, rounding, type). ``factor`` is how many
#: of the unit make one reference unit of its category (a Dúzia: 1/12), as ``uom.uom.factor`` in Odoo 17.
UOM_CATEGORIES: tuple[tuple[int, str], ...] = ((1, "Unidade"), (2, "Peso"), (3, "Tempo de trabalho"))
UNIT, DOZEN, KG, GRAM, HOUR = 1, 2, 3, 4, 5
UOMS: tuple[tuple[int, str, int, float, float, str], ...] = (
    (UNIT, "Unidades", 1, 1.0, 0.01, "reference"),
    (DOZEN, "Dúzias", 1, 1 / 12, 0.01, "bigger"),
    (KG, "kg", 2, 1.0, 0.001, "reference"),
    (GRAM, "g", 2, 1000.0, 0.01, "smaller"),
    (HOUR, "Horas", 3, 1.0, 0.01, "reference"),
)
#: Products every generated data set has besides the catalogue: (name, code, type, unit). The service products
#: and the down payment are not carteira lines; the gift has no internal reference and is only on quotations
#: and cancelled orders, so that the default settings fetch the generated data without refusing it.
FREIGHT, ASSEMBLY, DOWN_PAYMENT, GIFT = "frete", "montagem", "adiantamento", "brinde"
_SPECIAL_PRODUCTS: tuple[tuple[str, str, str | bool, str, int], ...] = (
    (FREIGHT, "Frete CIF", "FRETE", "service", UNIT),
    (ASSEMBLY, "Montagem de expositor", False, "service", HOUR),
    (DOWN_PAYMENT, "Adiantamento", False, "service", UNIT),
    (GIFT, "Brinde promocional", False, "consu", UNIT),
)
_SECTIONS = ("Mercearia", "Limpeza", "Frios e congelados", "Reposição quinzenal")
_NOTES = ("Entregar pela doca 2", "Cliente recebe só pela manhã", "Conferir validade na entrega")
_CONTACT_FIRST = ("Carlos", "Fernanda", "Roberto", "Patrícia", "Marcelo", "Luciana", "Ricardo", "Camila")
_CONTACT_LAST = ("Mendes", "Azevedo", "Tavares", "Monteiro", "Fonseca", "Pacheco", "Brandão", "Vieira")


def generate(lines: int, seed: int, *, custom_balance_field: bool = False) -> Dataset:
    """Build ``lines`` sale-order lines and their orders, customers, products and units from ``seed``.

    About 15 % of the orders are quotations or cancelled (outside the default filter); about 10 % of the goods
    lines are fully invoiced, some are partly delivered and invoiced (sometimes invoiced ahead of delivery: a
    draft invoice), about 1 % repeat a product on the same order (sometimes in another unit), about 8 % of the
    lines kept in Unidades are sold in Dúzias and 10 % of those kept in kg in grams, and a fifth have a discount.
    About a third of the companies have a contact person some orders are addressed to. Some orders have a
    section or a note line, a freight (service) line or a down-payment line. With ``custom_balance_field`` the
    lines also have ``qty_saldo`` (3 % of them below ``product_uom_qty - qty_invoiced``: a cancelled part).
    """
    if lines < 0:
        raise ValueError("lines must be >= 0")
    rng = random.Random(seed)
    data = Dataset({model: {} for model in STANDARD_FIELDS})
    if custom_balance_field:
        data.fields["sale.order.line"][CUSTOM_BALANCE_FIELD] = CUSTOM_BALANCE_SPEC

    for ident, name in UOM_CATEGORIES:
        data.model("uom.category")[ident] = {"id": ident, "name": name}
    for ident, name, category, factor, rounding, kind in UOMS:
        data.model("uom.uom")[ident] = {
            "id": ident,
            "name": name,
            "category_id": category,
            "factor": factor,
            "rounding": rounding,
            "uom_type": kind,
        }

    states = data.model("res.country.state")
    state_by_code: dict[str, int] = {}
    for index, (code, name) in enumerate(STATES, start=1):
        states[index] = {"id": index, "name": name, "code": code}
        state_by_code[code] = index

    partners = data.model("res.partner")
    used_names: set[str] = set()
    customers = max(3, lines // 50)
    for ident in range(1, customers + 1):
        city, uf = rng.choice(CITIES)
        person = rng.random() < 0.08
        if person:
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        else:
            name = f"{rng.choice(_TRADES)} {rng.choice(_BRANDS)} {rng.choice(_SUFFIXES)}"
        if name in used_names:
            name = f"{name} ({city})"
        if name in used_names:
            name = f"{name} {ident}"
        used_names.add(name)
        untidy = rng.random()
        partners[ident] = {
            "id": ident,
            "name": name,
            # Real address books have holes: no CNPJ yet, no city, a city without its state.
            "vat": False if untidy < 0.04 else (_cpf(rng) if person else _cnpj(rng)),
            "city": False if 0.04 <= untidy < 0.07 else city,
            "state_id": False if 0.04 <= untidy < 0.10 else state_by_code[uf],
            "is_company": not person,
            "parent_id": False,
            "commercial_partner_id": ident,
        }
    contacts_of: dict[int, list[int]] = {}
    for company in range(1, customers + 1):
        # About a third of the companies have a contact person; the first always has, so small sets show one.
        chance = rng.random()
        if not partners[company]["is_company"] or (chance >= 0.35 and contacts_of):
            continue
        ident = len(partners) + 1
        parent = partners[company]
        # Odoo keeps a contact's CNPJ and (for a contact, not a delivery address) its address with the company's.
        partners[ident] = {
            "id": ident,
            "name": f"{rng.choice(_CONTACT_FIRST)} {rng.choice(_CONTACT_LAST)}",
            "vat": parent["vat"],
            "city": parent["city"],
            "state_id": parent["state_id"],
            "is_company": False,
            "parent_id": company,
            "commercial_partner_id": company,
        }
        contacts_of[company] = [ident]

    products = data.model("product.product")
    fractional: set[int] = set()
    catalogue = [(name, code, size, frac) for name, code, sizes, frac in _PRODUCTS for size in sizes]
    for ident in range(1, max(5, min(1500, lines // 25)) + 1):
        name, code, size, frac = catalogue[(ident - 1) % len(catalogue)]
        variant = (ident - 1) // len(catalogue)
        label = f"{name} {size}" if not variant else f"{name} {size} - Linha {variant + 1}"
        products[ident] = {
            "id": ident,
            "default_code": f"{code}-{ident:04d}",
            "name": label,
            "type": "product",
            "uom_id": KG if frac else UNIT,
        }
        if frac:
            fractional.add(ident)
    special: dict[str, int] = {}
    for role, label, reference, kind, unit in _SPECIAL_PRODUCTS:
        ident = len(products) + 1
        products[ident] = {"id": ident, "default_code": reference, "name": label, "type": kind, "uom_id": unit}
        special[role] = ident

    orders = data.model("sale.order")
    order_lines = data.model("sale.order.line")
    partner_ids = list(range(1, customers + 1))
    product_ids = sorted(set(products) - set(special.values()))
    line_id = 0
    order_id = 0

    def add(row: Record) -> bool:
        nonlocal line_id
        if line_id >= lines:
            return False
        line_id += 1
        base: Record = {
            "id": line_id,
            "order_id": order_id,
            "product_id": False,
            "name": "",
            "sequence": 10,
            "display_type": False,
            "is_downpayment": False,
            "product_uom_qty": 0.0,
            "product_uom": False,
            "qty_delivered": 0.0,
            "qty_invoiced": 0.0,
            "price_unit": 0.0,
            "discount": 0.0,
        }
        if custom_balance_field:
            base[CUSTOM_BALANCE_FIELD] = 0.0
        order_lines[line_id] = base | row
        return True

    def service_line(role: str, quantity: float, price: float, sequence: int, **extra: object) -> None:
        product = products[special[role]]
        add(
            {
                "product_id": product["id"],
                "name": product["name"],
                "sequence": sequence,
                "product_uom_qty": quantity,
                "product_uom": product["uom_id"],
                "price_unit": price,
                **extra,
            }
        )

    while line_id < lines:
        order_id += 1
        prefix = "VCD" if rng.random() < 0.8 else "VSC"
        placed = ANCHOR - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
        if rng.random() < 0.05:
            # Late in the evening in São Paulo: the UTC date is already the next day.
            placed = placed.replace(hour=1, minute=30)
        committed = placed + timedelta(days=rng.randint(3, 45))
        state = rng.choices(("sale", "sent", "draft", "cancel"), weights=(85, 3, 7, 5))[0]
        customer = rng.choice(partner_ids)
        if customer in contacts_of and rng.random() < 0.4:
            customer = contacts_of[customer][0]  # addressed to the person who placed it
        orders[order_id] = {
            "id": order_id,
            "name": f"{prefix}26{order_id:05d}",
            "state": state,
            "partner_id": customer,
            "date_order": placed.strftime(DATETIME_FORMAT),
            "commitment_date": committed.replace(hour=13, minute=0).strftime(DATETIME_FORMAT)
            if rng.random() < 0.75
            else False,
            "client_order_ref": f"PC-{rng.randint(1000, 99999)}" if rng.random() < 0.5 else False,
        }
        if rng.random() < 0.08:
            add({"display_type": "line_section", "name": rng.choice(_SECTIONS), "sequence": 5})
        count = min(rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(20, 20, 18, 15, 12, 9, 6))[0], lines - line_id)
        chosen = rng.sample(product_ids, min(count, len(product_ids)))
        if count >= 2 and rng.random() < 0.05:
            chosen[-1] = chosen[0]  # the same product twice on one order: the carteira sums them
        for position, product in enumerate(chosen):
            # Products sold by weight come in quarters of a kilogram; the others in whole packages.
            fraction = product in fractional
            quantity = Decimal(rng.randint(5, 400)) / 4 if fraction else Decimal(rng.choice(_QUANTITIES))
            unit = KG if fraction else UNIT
            price = Decimal(rng.randint(150, 45000)) / 100
            other_unit = rng.random()
            repeated = position > 0 and product == chosen[0]
            if not fraction and (other_unit < 0.08 or (repeated and other_unit < 0.5)):
                unit, quantity, price = DOZEN, Decimal(rng.choice((1, 2, 3, 4, 5, 6, 10))), price * 12
            elif fraction and other_unit < 0.10:
                unit, quantity = GRAM, Decimal(rng.choice((250, 500, 750, 1500, 2500)))
                price = (price / 1000).quantize(Decimal("0.0001"))
            roll = rng.random()
            share = Decimal(rng.randint(1, 3)) / 4
            if roll < 0.10:
                delivered = invoiced = quantity
            elif roll < 0.25:
                delivered = (quantity * share).quantize(Decimal("0.001"))
                way = rng.random()
                if way < 0.5:
                    invoiced = delivered
                elif way < 0.75:
                    invoiced = (delivered / 2).quantize(Decimal("0.001"))  # delivered, not yet invoiced
                else:
                    invoiced = quantity  # invoiced ahead of the delivery (a draft invoice counts too)
            elif roll < 0.28:
                delivered, invoiced = Decimal(0), (quantity * share).quantize(Decimal("0.001"))
            else:
                delivered = invoiced = Decimal(0)
            balance = quantity - invoiced
            if balance > 1 and rng.random() < 0.03:
                balance -= Decimal(rng.randint(1, int(balance)))
            discount = rng.choice((5.0, 10.0, 12.5, 15.0)) if rng.random() < 0.2 else 0.0
            row: Record = {
                "product_id": product,
                "name": products[product]["name"],
                "sequence": 10 * (position + 1),
                "product_uom_qty": _float(quantity),
                "product_uom": unit,
                "qty_delivered": _float(delivered),
                "qty_invoiced": _float(invoiced),
                "price_unit": float(round(price, 4)),
                "discount": discount,
            }
            if custom_balance_field:
                row[CUSTOM_BALANCE_FIELD] = _float(balance)
            add(row)
        if rng.random() < 0.04:
            add({"display_type": "line_note", "name": rng.choice(_NOTES), "sequence": 900})
        if state == "sale" and rng.random() < 0.04:
            service_line(FREIGHT, 1.0, float(rng.randint(80, 900)), 910)
        if state == "sale" and rng.random() < 0.01:
            service_line(ASSEMBLY, float(rng.randint(1, 6)), 120.0, 920)
        if state == "sale" and rng.random() < 0.03:
            # Odoo 17 keeps the down payment on the order as a line of quantity 0, invoiced once.
            service_line(DOWN_PAYMENT, 0.0, float(rng.randint(500, 5000)), 930, is_downpayment=True, qty_invoiced=1.0)
        if state in ("draft", "cancel") and rng.random() < 0.2:
            service_line(GIFT, float(rng.randint(1, 12)), 0.0, 940)
    return data
