"""The one base of the errors a domain rule raises for a person to read."""


class DomainError(Exception):
    """An action a domain rule refuses. `message` is for the person (in French); `field`
    names the form field it is about, if any (None: the whole form or page)."""

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
