"""The one base of the errors a domain rule raises for a person to read."""


class DomainError(Exception):
    """An action a domain rule refuses. `message` is for the person (in French); `field`
    names the form field it is about, if any (None: the whole form or page)."""

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ImportRefused(DomainError):
    """A file refused as a whole, nothing of it stored: `errors` lists its problems, line by
    line (the first ones, and how many more)."""

    SHOWN = 20

    def __init__(self, errors: list[str]):
        shown = errors[: self.SHOWN]
        if len(errors) > self.SHOWN:
            shown.append(f"… et {len(errors) - self.SHOWN} autres lignes invalides.")
        super().__init__(" ".join(shown), field="file")
        self.errors = shown
