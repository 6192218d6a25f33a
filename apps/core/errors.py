class DomainError(Exception):
    """A rule of the domain refused an action. The message is shown to the user."""

    def __init__(self, message, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


class RowError:
    """One bad row of an import file: its row number (as the spreadsheet shows it) and why."""

    __slots__ = ("row", "message")

    def __init__(self, row: int, message: str):
        self.row = row
        self.message = message

    def __str__(self) -> str:
        return f"baris {self.row}: {self.message}"

    def __repr__(self) -> str:
        return f"RowError({self.row}, {self.message!r})"


class ImportRejected(DomainError):
    """An import with bad rows: nothing was written. ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]):
        rows = len({error.row for error in errors})
        super().__init__(f"{rows} baris bermasalah; tidak ada data yang disimpan.")
        self.errors = errors
