"""A deterministic Odoo data set for tests, benchmarks and the demo, and its JSON file format.

``generate(lines, seed)`` always builds the same records for the same arguments, on every machine: orders of
Brazilian companies (valid CNPJs, some people with valid CPFs), their cities and states, products of a food
and cleaning distributor, and order names like ``VCD2600123``. Records hold raw values the way Odoo stores them:
many2one fields as an id or ``False``, datetimes as UTC text, empty fields as ``False``.

File format (``save``/``load``)::

    {"format": "carteira-sync/odoo-dataset", "version": 1,
     "fields": {"sale.order.line": {"qty_saldo": {"type": "float", "string": "Saldo"}}, ...},
     "records": {"sale.order.line": [{"id": 1, "order_id": 1, ...}], ...}}

``fields`` may be left out or list only the fields added to the standard ones (``STANDARD_FIELDS``).
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
    """Type of an Odoo field as ``fields_get`` describes it."""

    type: str
    string: str
    relation: str | None = None

    def to_json(self) -> dict[str, str]:
        """The ``fields_get`` description."""
        out = {"type": self.type, "string": self.string}
        if self.relation:
            out["relation"] = self.relation
        return out


FIELD_TYPES = frozenset(
    {"integer", "float", "monetary", "char", "text", "date", "datetime", "selection", "boolean", "many2one"}
)


def _specs(**items: tuple[str, str] | tuple[str, str, str]) -> dict[str, FieldSpec]:
    return {name: FieldSpec(*spec) for name, spec in items.items()}


STANDARD_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "sale.order.line": _specs(
        id=("integer", "ID"),
        order_id=("many2one", "Pedido", "sale.order"),
        product_id=("many2one", "Produto", "product.product"),
        name=("text", "Descrição"),
        sequence=("integer", "Sequência"),
        product_uom_qty=("float", "Quantidade"),
        qty_delivered=("float", "Quantidade entregue"),
        qty_invoiced=("float", "Quantidade faturada"),
        # A custom field of the kind companies add (ordered − cancelled − invoiced), for the balance option.
        qty_saldo=("float", "Saldo"),
        price_unit=("float", "Preço unitário"),
    ),
    "sale.order": _specs(
        id=("integer", "ID"),
        name=("char", "Número do pedido"),
        state=("selection", "Status"),
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
    ),
    "product.product": _specs(
        id=("integer", "ID"),
        default_code=("char", "Referência interna"),
        name=("char", "Nome"),
    ),
    "res.country.state": _specs(
        id=("integer", "ID"),
        name=("char", "Nome"),
        code=("char", "Código"),
    ),
}


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
        extra: dict[str, dict[str, dict[str, str]]] = {}
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
                target[str(name)] = FieldSpec(str(spec["type"]), str(spec.get("string", name)), relation)
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


def generate(lines: int, seed: int) -> Dataset:
    """Build ``lines`` sale-order lines and their orders, customers, products and states from ``seed``.

    About 12 % of the orders are drafts or cancelled (outside the default filter), about 10 % of the lines
    are fully invoiced (balance 0), some are partly invoiced, about 1 % repeat a product on the same order,
    and 3 % have a ``qty_saldo`` below ``product_uom_qty - qty_invoiced`` (a cancelled part).
    """
    if lines < 0:
        raise ValueError("lines must be >= 0")
    rng = random.Random(seed)
    data = Dataset({model: {} for model in STANDARD_FIELDS})

    states = data.model("res.country.state")
    state_by_code: dict[str, int] = {}
    for index, (code, name) in enumerate(STATES, start=1):
        states[index] = {"id": index, "name": name, "code": code}
        state_by_code[code] = index

    partners = data.model("res.partner")
    used_names: set[str] = set()
    for ident in range(1, max(3, lines // 50) + 1):
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
        partners[ident] = {
            "id": ident,
            "name": name,
            "vat": _cpf(rng) if person else _cnpj(rng),
            "city": city,
            "state_id": state_by_code[uf],
            "is_company": not person,
        }

    products = data.model("product.product")
    fractional: set[int] = set()
    catalogue = [(name, code, size, frac) for name, code, sizes, frac in _PRODUCTS for size in sizes]
    for ident in range(1, max(5, min(1500, lines // 25)) + 1):
        name, code, size, frac = catalogue[(ident - 1) % len(catalogue)]
        variant = (ident - 1) // len(catalogue)
        label = f"{name} {size}" if not variant else f"{name} {size} - Linha {variant + 1}"
        products[ident] = {"id": ident, "default_code": f"{code}-{ident:04d}", "name": label}
        if frac:
            fractional.add(ident)

    orders = data.model("sale.order")
    order_lines = data.model("sale.order.line")
    partner_ids = sorted(partners)
    product_ids = sorted(products)
    line_id = 0
    order_id = 0
    while line_id < lines:
        order_id += 1
        prefix = "VCD" if rng.random() < 0.8 else "VSC"
        placed = ANCHOR - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
        if rng.random() < 0.05:
            # Late in the evening in São Paulo: the UTC date is already the next day.
            placed = placed.replace(hour=1, minute=30)
        committed = placed + timedelta(days=rng.randint(3, 45))
        state = rng.choices(("sale", "done", "draft", "cancel"), weights=(80, 8, 7, 5))[0]
        orders[order_id] = {
            "id": order_id,
            "name": f"{prefix}26{order_id:05d}",
            "state": state,
            "partner_id": rng.choice(partner_ids),
            "date_order": placed.strftime(DATETIME_FORMAT),
            "commitment_date": committed.replace(hour=13, minute=0).strftime(DATETIME_FORMAT)
            if rng.random() < 0.75
            else False,
            "client_order_ref": f"PC-{rng.randint(1000, 99999)}" if rng.random() < 0.5 else False,
        }
        count = min(rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(20, 20, 18, 15, 12, 9, 6))[0], lines - line_id)
        chosen = rng.sample(product_ids, min(count, len(product_ids)))
        if count >= 2 and rng.random() < 0.05:
            chosen[-1] = chosen[0]  # the same product twice on one order: the carteira sums them
        for position, product in enumerate(chosen):
            line_id += 1
            # Products sold by weight come in quarters of a kilogram; the others in whole packages.
            fraction = product in fractional
            quantity = Decimal(rng.randint(5, 400)) / 4 if fraction else Decimal(rng.choice(_QUANTITIES))
            roll = rng.random()
            if roll < 0.10:
                invoiced = quantity
            elif roll < 0.25:
                invoiced = (quantity * Decimal(rng.randint(1, 3)) / 4).quantize(Decimal("0.001"))
            else:
                invoiced = Decimal(0)
            balance = quantity - invoiced
            if balance > 1 and rng.random() < 0.03:
                balance -= Decimal(rng.randint(1, int(balance)))
            order_lines[line_id] = {
                "id": line_id,
                "order_id": order_id,
                "product_id": product,
                "name": products[product]["name"],
                "sequence": 10 * (position + 1),
                "product_uom_qty": _float(quantity),
                "qty_delivered": _float(invoiced),
                "qty_invoiced": _float(invoiced),
                "qty_saldo": _float(balance),
                "price_unit": float(round(Decimal(rng.randint(150, 45000)) / 100, 2)),
            }
    return data
