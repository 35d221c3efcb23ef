"""Every expected failure of Carteira Sync, in one module.

Each error carries a message meant for a person: what failed, what was not changed and what to do.
Interfaces (command line, window) show ``str(error)``; anything that is not a ``CarteiraError`` is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence


class CarteiraError(Exception):
    """Base of the expected errors: ``str()`` is one clear sentence for the user."""


class InvalidSource(CarteiraError):
    """The lines received from Odoo or from a source file are not acceptable; nothing was changed."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = list(problems)
        shown = "; ".join(self.problems[:50])
        more = f" (e mais {len(self.problems) - 50})" if len(self.problems) > 50 else ""
        super().__init__(
            f"A fonte {origin} foi rejeitada por {len(self.problems)} problema(s): {shown}{more}. "
            "Nada foi alterado; corrija a fonte e tente de novo."
        )


class InvalidState(CarteiraError):
    """A local state document (seed file) is not acceptable; nothing was changed."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = list(problems)
        shown = "; ".join(self.problems[:50])
        more = f" (e mais {len(self.problems) - 50})" if len(self.problems) > 50 else ""
        super().__init__(
            f"O estado {origin} foi rejeitado por {len(self.problems)} problema(s): {shown}{more}. "
            "Nada foi alterado; corrija o arquivo e tente de novo."
        )


class InvalidPlan(CarteiraError):
    """A saved plan file cannot be read; nothing was changed."""


class StalePlan(CarteiraError):
    """The state the plan was computed from changed before it was applied; nothing was written."""

    def __init__(self, differences: Sequence[str]) -> None:
        self.differences = list(differences)
        shown = "; ".join(self.differences[:20])
        more = f" (e mais {len(self.differences) - 20})" if len(self.differences) > 20 else ""
        super().__init__(
            f"O plano está desatualizado: {shown}{more}. Nada foi gravado; "
            "busque os dados de novo e revise o novo plano."
        )


class MassRemovalRefused(CarteiraError):
    """A plan removes more lines than the configured share without an explicit confirmation."""

    def __init__(self, removed: int, total: int, threshold_pct: float, minimum: int = 0, empty: bool = False) -> None:
        self.removed = removed
        self.total = total
        self.threshold_pct = threshold_pct
        self.minimum = minimum
        self.empty = empty
        if empty:
            why = f"O Odoo não devolveu nenhuma das suas linhas, e o plano removeria todas as {total} da carteira"
        else:
            why = (
                f"O plano remove {removed} de {total} linhas do Odoo na carteira, acima do limite "
                f"(mais de {threshold_pct:g} % e ao menos {minimum} linhas)"
            )
        super().__init__(
            f"{why}. Nada foi gravado; confira o filtro e a resposta do Odoo (e as regras de acesso do usuário) e, "
            "se a remoção estiver certa, confirme-a explicitamente (--allow-mass-removal)."
        )


class FetchError(CarteiraError):
    """Fetching the lines from a source failed; a partial fetch is never used, nothing was changed."""


class FetchCancelled(FetchError):
    """The person cancelled the fetch; nothing was changed."""

    def __init__(self, message: str = "A busca foi cancelada. Nada foi alterado.") -> None:
        super().__init__(message)


class DatabaseError(CarteiraError):
    """The local database cannot be opened, read or written as needed."""


class NotFound(CarteiraError):
    """An alert, a sync run or another record that was asked for does not exist."""


class ConfirmationRequired(CarteiraError):
    """An action that needs a person's confirmation got none."""
