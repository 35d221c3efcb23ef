"""Column types that keep quantities exact on every database.

PostgreSQL stores ``Numeric(15,3)``; SQLite has no decimal type (it would go through floats), so there a
quantity is stored as an integer number of thousandths, which is exact and still sums and compares in SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

_Q3 = Decimal("0.001")
_Q4 = Decimal("0.0001")


class _ScaledDecimal(TypeDecorator[Decimal]):
    """A decimal with a fixed number of places: Numeric on servers, scaled integer on SQLite."""

    impl = Numeric
    cache_ok = True
    places = 3
    precision = 15

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.places, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return int(value.scaleb(self.places).to_integral_value())
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.places)
        return Decimal(value).quantize(_Q3 if self.places == 3 else _Q4)


class Qtd(_ScaledDecimal):
    """A quantity: 3 decimal places, up to 12 integer digits."""

    cache_ok = True
    places = 3
    precision = 15


class Preco(_ScaledDecimal):
    """A unit price: 4 decimal places."""

    cache_ok = True
    places = 4
    precision = 18


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC moment, stored as a naive UTC timestamp on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store as naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
