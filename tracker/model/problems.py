"""One located problem in a data file, and the two ways of printing it.

Campaigners read the text form in a terminal or CI log; the GitHub form becomes an annotation on the
changed line of their pull request.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str = ""

    @property
    def text(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def format(self, style: str = "text") -> str:
        if style == "github":
            # Workflow commands need %, CR and LF escaped in the message part.
            body = self.text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return f"::error file={self.file},line={self.line},col={self.column}::{body}"
        return f"{self.file}:{self.line}:{self.column}: error: {self.text}"


class DataError(Exception):
    """Raised with every problem found, so callers can print them all and exit non-zero."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
