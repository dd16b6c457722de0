"""What can go wrong in a build, said so that a curator can act on it.

Four exception classes, caught in one place (build.py's main):
- RecordProblems: raised after loading and validation, carrying every problem of every record;
- PublishError: raised by the publish step when MkDocs refuses the generated pages;
- AnotherBuild: raised by the build lock when a build of the same project is running;
- UsageError: raised by the command line for a wrong command or argument.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class RecordProblems(Exception):
    """Raised once loading and validation are over, with every problem found."""

    def __init__(self, problems: list[Problem], partly_checked: bool = False):
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = sorted(set(problems))
        # Some file could not be checked whole: the checks that need its refused parts wait.
        self.partly_checked = partly_checked


class PublishError(Exception):
    """Raised when the generated pages cannot be published (MkDocs refused them)."""


class AnotherBuild(Exception):
    """Raised when another build of the same project holds its lock (publish.exclusive)."""


class UsageError(Exception):
    """Raised for a command line the build does not understand."""
