"""Problems as values: every stage reports what is wrong as data with a location.

A :class:`Problem` names the file, the line (and column where known), a stable code and a
message written for the person who has to fix the input. The CLI prints them as
``file:line:col: severity: [code] message`` (``file: severity: ...`` when the
problem has no line, such as a missing file); ``--format json`` gives the same fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    code: str = ""
    severity: str = ERROR
    col: int = 0

    def __str__(self) -> str:
        # line 0: the problem is about the file as a whole (missing, unreadable): no position
        where = self.file + (f":{self.line}" + (f":{self.col}" if self.col else "") if self.line else "")
        code = f"[{self.code}] " if self.code else ""
        return f"{where}: {self.severity}: {code}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class InputError(Exception):
    """Raised when an input cannot be processed at all; carries its problems."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def not_utf8(byte: int) -> str:
    """What is said of a file (a raw record, a TEI file) whose *byte* is not UTF-8."""
    return f"byte 0x{byte:02x} is not UTF-8 (is the file in Latin-1 or Windows-1252?); save it as UTF-8"


def counted(n: int, noun: str) -> str:
    """``1 record``, ``2 records``: *noun* is the singular; its plural adds an s."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
