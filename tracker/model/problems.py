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
            return self.annotation(self.text)
        return f"{self.file}:{self.line}:{self.column}: error: {self.text}"

    def annotation(self, text: str) -> str:
        """A workflow command putting `text` on this problem's line.

        The runner reads `%`, CR and LF as escapes in the message, and also `:` and `,` in a property such
        as `file=`: a file name holding any of them would otherwise cut the command short.
        """
        body = _escape(text)
        name = _escape(self.file).replace(":", "%3A").replace(",", "%2C")
        return f"::error file={name},line={self.line},col={self.column}::{body}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


# A forge shows at most this many annotations of one kind per step; the rest would vanish silently.
MAX_ANNOTATIONS = 10


def github_lines(problems: list[Problem]) -> list[str]:
    """What `--format github` prints: every problem when they fit, else 9 annotations, a 10th saying how
    many more there are, and those others as plain lines so that the job log has every one."""
    if len(problems) <= MAX_ANNOTATIONS:
        return [p.format("github") for p in problems]
    shown = MAX_ANNOTATIONS - 1
    rest = problems[shown:]
    more = rest[0].annotation(
        f"{len(rest)} more problems are not shown as annotations (a pull request shows at most"
        f" {MAX_ANNOTATIONS}): the job log of this check lists every problem"
    )
    return [*(p.format("github") for p in problems[:shown]), more, *(p.format() for p in rest)]


class DataError(Exception):
    """Raised with every problem found, so callers can print them all and exit non-zero."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems
