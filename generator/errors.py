"""The small exception hierarchy and the problem records every check reports."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

Level = Literal["error", "warning"]

# Control and invisible characters but the line break (messages are ours and may break lines).
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff"
                       r"\ufff9-\ufffb\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` with control and invisible characters written as <U+XXXX>: a message shows what is there, and a
    terminal is never sent an escape sequence from a file."""
    return _CONTROLS.sub(lambda m: f"<U+{ord(m[0]):04X}>", text)


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One finding in one file: where it is, which field, what is wrong and how to fix it. Problems sort by file,
    then line (one about the whole file, line None, first), field and message."""

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    level: Level = "error"

    def _key(self) -> tuple[str, bool, int, str, str, str, str]:
        return self.path, self.line is not None, self.line or 0, self.field, self.message, self.hint, self.level

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key() < other._key()

    def format(self) -> str:
        """Render the problem the way users read it; personal data in it is masked (see privacy.redact)."""
        from .privacy.detect import redact  # late: the privacy package's checks report Problems

        path = visible(redact(self.path))
        where = path if self.line is None else f"{path} 第 {self.line} 行"
        label = "错误" if self.level == "error" else "警告"
        subject = f"{where}，字段 {visible(redact(self.field))}" if self.field else where  # a key may be a number
        text = f"{label}：{subject}：{visible(redact(self.message))}"
        if self.hint:
            text += f"\n    提示：{visible(redact(self.hint))}"  # hints may echo the value
        return text


class PinganError(Exception):
    """Base class for every error the generator reports to users."""


class UsageError(PinganError):
    """The command line was wrong (exit code 2)."""


@dataclass
class ProblemList(PinganError):
    """A set of problems found together; raised once, after every check has run."""

    problems: list[Problem] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # files whose bodies could not be checked yet (see build.check)
    early: bool = False  # a build stopped while reading the content: no body was checked yet

    def __post_init__(self) -> None:
        super().__init__(self.format())

    def format(self) -> str:
        return "\n".join(p.format() for p in self.problems)


class ConfigError(ProblemList):
    """`site_config.yml` is invalid."""


class ContentError(ProblemList):
    """One or more content files are invalid."""


class Collector:
    """Collects problems from many files so they can be reported at once."""

    def __init__(self, draft: Callable[[str], bool] | None = None) -> None:
        self.problems: list[Problem] = []
        self.draft = draft  # whether the file a problem names is a draft (see `settle`)
        self.settled: dict[str, bool] = {}

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def settle(self) -> None:
        """A draft is not published, so its errors do not stop the build (a colleague's unfinished draft does not
        hold up urgent news): they stay in the report as warnings (errors with --strict), to mend before it is."""
        if self.draft is None:
            return
        for i, p in enumerate(self.problems):
            if p.level != "error":
                continue
            if p.path not in self.settled:
                self.settled[p.path] = self.draft(p.path)
            if self.settled[p.path]:
                hint = f"{p.hint}（草稿不发布；发布以前要改好）" if p.hint else "草稿不发布；发布以前要改好。"
                self.problems[i] = replace(p, level="warning", message=f"草稿：{p.message}", hint=hint)

    def stops(self, strict: bool = False, upto: int | None = None) -> bool:
        """Whether the problems found so far (the first `upto`) end a build: an error, or in strict mode any."""
        self.settle()
        problems = self.problems[:upto]
        return bool(problems) if strict else any(p.level == "error" for p in problems)

    def raise_if_errors(self, cls: type[ProblemList] = ContentError, strict: bool = False) -> None:
        """Raise `cls` with every problem found so far, warnings too (the summary counts them; a build that stops
        for an error does not hide what else it found), when an error (in strict mode, any problem) ends it."""
        if self.stops(strict):
            raise cls(sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.field)))
