"""Domain errors. Their message is shown to the person as it is, in pt-BR."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the operation. ``field`` names the form field at fault, if any."""

    default_message = "Não foi possível concluir a operação."

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.fields: dict[str, str] = dict(fields or {})
        if field:
            self.fields.setdefault(field, self.message)
        super().__init__(self.message)


class NotFound(DomainError):
    default_message = "Registro não encontrado."


class Forbidden(DomainError):
    default_message = "Você não tem permissão para esta ação."


class Conflict(DomainError):
    default_message = "A operação conflita com o estado atual. Atualize e tente novamente."


class Invalid(DomainError):
    default_message = "Dados inválidos."


class Unauthenticated(DomainError):
    default_message = "Sua sessão terminou. Entre novamente."


class TooManyAttempts(DomainError):
    default_message = "Muitas tentativas. Aguarde alguns minutos e tente de novo."
