"""SQLAlchemy 2.0 typed models of the local database.

Allocations reference a line by (num_pedido, cod_produto), not by a foreign key: a separação emptied by a
removal stays (the paper list exists) after its line has left the carteira.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from carteira_gui.adapters.db.types import Preco, Qtd, UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""


class CarteiraRow(Base):
    """One open sale-order line."""

    __tablename__ = "carteira"
    __table_args__ = (UniqueConstraint("num_pedido", "cod_produto", name="uq_carteira_chave"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str] = mapped_column(String(100))
    qtd_saldo: Mapped[Decimal] = mapped_column(Qtd())
    nome_produto: Mapped[str | None] = mapped_column(Text)
    cliente: Mapped[str | None] = mapped_column(Text)
    cnpj_cpf: Mapped[str | None] = mapped_column(Text)
    municipio: Mapped[str | None] = mapped_column(Text)
    uf: Mapped[str | None] = mapped_column(Text)
    data_pedido: Mapped[date | None] = mapped_column(Date)
    data_entrega: Mapped[date | None] = mapped_column(Date)
    preco: Mapped[Decimal | None] = mapped_column(Preco())


class PreSeparacaoRow(Base):
    """A planned allocation of part of a line."""

    __tablename__ = "pre_separacao"
    __table_args__ = (Index("ix_pre_separacao_chave", "num_pedido", "cod_produto"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str] = mapped_column(String(100))
    qtd: Mapped[Decimal] = mapped_column(Qtd())
    criado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    tipo_envio: Mapped[str] = mapped_column(String(10), default="parcial")
    # The planner's decision fields (migration 0004); the sync's loads never read them.
    data_expedicao: Mapped[date | None] = mapped_column(Date)
    observacao: Mapped[str | None] = mapped_column(Text)
    criado_por: Mapped[str | None] = mapped_column(String(200))


class SeparacaoRow(Base):
    """A picking allocation in a lote."""

    __tablename__ = "separacao"
    __table_args__ = (
        Index("ix_separacao_chave", "num_pedido", "cod_produto"),
        Index("ix_separacao_lote", "lote"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lote: Mapped[str] = mapped_column(String(100))
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str] = mapped_column(String(100))
    qtd: Mapped[Decimal] = mapped_column(Qtd())
    status: Mapped[str] = mapped_column(String(10))
    criado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    tipo_envio: Mapped[str] = mapped_column(String(10), default="parcial")


class LoteRow(Base):
    """A lote de separação: one pedido, one status shared by its rows (``separacao.lote``), its quote and NF.

    ``codigo`` is the primary key: two planners making a lote at once cannot both take one code.
    """

    __tablename__ = "lote"
    __table_args__ = (
        Index("ix_lote_status", "status"),
        Index("ix_lote_pedido", "num_pedido"),
    )

    codigo: Mapped[str] = mapped_column(String(100), primary_key=True)
    num_pedido: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    data_expedicao: Mapped[date | None] = mapped_column(Date)
    observacao: Mapped[str | None] = mapped_column(Text)
    criado_por: Mapped[str | None] = mapped_column(String(200))
    criado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    atualizado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    transportadora: Mapped[str | None] = mapped_column(Text)
    valor_frete: Mapped[Decimal | None] = mapped_column(Preco())
    data_embarque: Mapped[date | None] = mapped_column(Date)
    numero_nf: Mapped[str | None] = mapped_column(String(100))


class AuditoriaRow(Base):
    """One planner's decision as recorded: who, when, what, on which line (or lote), before → after.

    ``cod_produto`` is NULL for an action on a whole lote (``alvo`` is then its code).
    """

    __tablename__ = "auditoria"
    __table_args__ = (Index("ix_auditoria_chave", "num_pedido", "cod_produto", "em"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    em: Mapped[datetime] = mapped_column(UTCDateTime())
    por: Mapped[str] = mapped_column(String(200))
    acao: Mapped[str] = mapped_column(String(30))
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str | None] = mapped_column(String(100))
    alvo: Mapped[str] = mapped_column(String(100))
    antes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    depois: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    resumo: Mapped[str] = mapped_column(Text)


class SyncRunRow(Base):
    """One applied sync: who, when, from where, counts and duration."""

    __tablename__ = "sync_run"
    __table_args__ = (Index("ix_sync_run_iniciado", "iniciado_em"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    iniciado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    concluido_em: Mapped[datetime] = mapped_column(UTCDateTime())
    usuario: Mapped[str] = mapped_column(String(200))
    origem: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(200))
    n_reducao: Mapped[int] = mapped_column(Integer, default=0)
    n_aumento: Mapped[int] = mapped_column(Integer, default=0)
    n_novo: Mapped[int] = mapped_column(Integer, default=0)
    n_removido: Mapped[int] = mapped_column(Integer, default=0)
    n_alterado: Mapped[int] = mapped_column(Integer, default=0)
    n_inalterado: Mapped[int] = mapped_column(Integer, default=0)
    n_critico: Mapped[int] = mapped_column(Integer, default=0)
    n_atencao: Mapped[int] = mapped_column(Integer, default=0)
    n_info: Mapped[int] = mapped_column(Integer, default=0)
    linhas_antes: Mapped[int] = mapped_column(Integer, default=0)
    linhas_depois: Mapped[int] = mapped_column(Integer, default=0)
    delta_total: Mapped[Decimal] = mapped_column(Qtd())
    # Seconds of wall time are a measurement, not a quantity of goods: a float is the right type.
    duracao_s: Mapped[float] = mapped_column(Float)
    #: Run unattended (scheduled): only the safe part of its plan was applied.
    automatico: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Changes the automatic run held for a planner (stored as ``sync_change`` rows with ``retida``).
    retidas: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SyncChangeRow(Base):
    """One change of a sync run, as it was applied."""

    __tablename__ = "sync_change"
    __table_args__ = (
        Index("ix_sync_change_run", "sync_id"),
        Index("ix_sync_change_chave", "num_pedido", "cod_produto"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sync_id: Mapped[int] = mapped_column(ForeignKey("sync_run.id", ondelete="CASCADE"))
    tipo: Mapped[str] = mapped_column(String(12))
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str] = mapped_column(String(100))
    cliente: Mapped[str | None] = mapped_column(Text)
    qtd_antes: Mapped[Decimal] = mapped_column(Qtd())
    qtd_depois: Mapped[Decimal] = mapped_column(Qtd())
    nao_coberto: Mapped[Decimal] = mapped_column(Qtd())
    linhas_somadas: Mapped[int] = mapped_column(Integer, default=1)
    campos: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Held by an automatic run (not applied), and why.
    retida: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    motivo: Mapped[str | None] = mapped_column(Text)


class SyncImpactoRow(Base):
    """One impact of a change on the saldo livre or an allocation."""

    __tablename__ = "sync_impacto"
    __table_args__ = (Index("ix_sync_impacto_change", "change_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("sync_change.id", ondelete="CASCADE"))
    alvo: Mapped[str] = mapped_column(String(20))
    alvo_id: Mapped[int | None] = mapped_column(Integer)
    lote: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str | None] = mapped_column(String(10))
    qtd_antes: Mapped[Decimal] = mapped_column(Qtd())
    qtd_depois: Mapped[Decimal] = mapped_column(Qtd())


class AlertaRow(Base):
    """A persisted warning that a sync changed something planners had acted on."""

    __tablename__ = "alerta"
    __table_args__ = (
        Index("ix_alerta_aberto", "num_pedido", "cod_produto", "reconhecido_em"),
        Index("ix_alerta_sync", "sync_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nivel: Mapped[str] = mapped_column(String(10))
    tipo: Mapped[str] = mapped_column(String(12))
    num_pedido: Mapped[str] = mapped_column(String(100))
    cod_produto: Mapped[str] = mapped_column(String(100))
    separacao_id: Mapped[int | None] = mapped_column(Integer)
    pre_separacao_id: Mapped[int | None] = mapped_column(Integer)
    lote: Mapped[str | None] = mapped_column(String(100))
    qtd_anterior: Mapped[Decimal] = mapped_column(Qtd())
    qtd_nova: Mapped[Decimal] = mapped_column(Qtd())
    mensagem: Mapped[str] = mapped_column(Text)
    sync_id: Mapped[int | None] = mapped_column(ForeignKey("sync_run.id", ondelete="SET NULL"))
    criado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    atualizado_em: Mapped[datetime] = mapped_column(UTCDateTime())
    reconhecido_por: Mapped[str | None] = mapped_column(String(200))
    reconhecido_em: Mapped[datetime | None] = mapped_column(UTCDateTime())
    nota: Mapped[str | None] = mapped_column(Text)


class TravaRow(Base):
    """A single row locked (SELECT … FOR UPDATE) by every apply, so that two syncs never interleave."""

    __tablename__ = "trava"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nome: Mapped[str] = mapped_column(String(50))
    #: Bumped by a trigger on every write to ``carteira`` (migration 0003).
    versao: Mapped[int] = mapped_column(BigInteger, server_default="0")
