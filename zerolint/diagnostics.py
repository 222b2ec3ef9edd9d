"""The two things a run produces: findings in code, and files that could not be checked."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A source range, 1-based lines and 1-based character columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text of ``span`` (in the linted program's coordinates: for a notebook, the
    joined cells) by ``text``. An empty span inserts."""

    span: Span
    text: str


SAFE, UNSAFE = "safe", "unsafe"


@dataclass(frozen=True)
class Fix:
    """A rule's repair of one finding, as ruff has them: ``safe`` keeps what the code computes
    except the bug; ``unsafe`` changes what the model computes and needs --unsafe-fixes."""

    applicability: str  # SAFE | UNSAFE
    message: str  # imperative, shown after "zerolint (ZL105): ": "add from_logits=True"
    edits: tuple[Edit, ...]

    def as_json(self) -> dict:
        return {"applicability": self.applicability, "message": self.message}


# A headline fits one line of a terminal beside its location and code, as ruff's do.
HEADLINE_LIMIT = 100


def clip(text: str, width: int = 30) -> str:
    """A piece of evidence a headline quotes (a name, an expression), cut to ``width``
    characters: user code can make it any length, the headline cannot grow with it."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def headline(*candidates: str) -> str:
    """The first of a rule's phrasings, most detailed first, that fits HEADLINE_LIMIT (a
    notebook's "cell 12, line 140" can push the detailed one over); else the last."""
    return next((text for text in candidates if len(text) <= HEADLINE_LIMIT), candidates[-1])


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    """Whether a run with (or without) --unsafe-fixes applies this fix."""
    return fix is not None and (fix.applicability == SAFE or unsafe)


@dataclass(frozen=True)
class Finding:
    """What a rule reports: where, and why. ``headline`` is the one-line summary (the
    mistake and its key evidence, at most HEADLINE_LIMIT characters) that concise output and
    editors show; ``message`` the full explanation (evidence and fix in one sentence)."""

    code: str
    span: Span
    message: str
    help: str = ""
    fix: Fix | None = field(default=None, compare=False, hash=False)
    headline: str = field(kw_only=True)


@dataclass(frozen=True)
class Verdict:
    """What ``--verify`` concluded about a finding, with the numbers behind it."""

    status: str  # "confirmed" | "not-confirmed" | "inconclusive"
    evidence: str
    metrics: dict = field(default_factory=dict, compare=False, hash=False)
    # Why the dry run could not judge, in a few words that summaries count ("the model is
    # never trained"); set for the dry run's own reasons, empty for a rule's.
    reason: str = ""

    def as_json(self) -> dict:
        found = {"status": self.status, "evidence": self.evidence, "metrics": _finite(self.metrics)}
        if self.reason:
            found["reason"] = self.reason
        return found


def _finite(value):
    """JSON has no NaN or Infinity: non-finite numbers become the strings "nan", "inf"."""
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


@dataclass(frozen=True)
class Diagnostic:
    """A finding placed in a file, with the rule's metadata, ready for a reporter."""

    path: str
    code: str
    name: str
    category: str
    severity: str
    message: str  # the full explanation
    help: str
    url: str
    line: int
    column: int
    end_line: int
    end_column: int
    cell: int | None = None
    source_line: str = ""
    # Set only by --verify.
    verification: Verdict | None = None
    # The rule's repair, when it has one (edits in program coordinates, see Edit).
    fix: Fix | None = field(default=None, compare=False, hash=False)
    # The one-line summary of ``message`` (see Finding).
    headline: str = field(kw_only=True)

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.code)


@dataclass(frozen=True)
class FileError:
    """A file zerolint could not check: unreadable, undecodable, unparsable."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    cell: int | None = None

    def location(self) -> str:
        parts = [self.path]
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass
class Report:
    """Everything one run found, in a stable order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0

    def sort(self) -> None:
        self.diagnostics.sort(key=Diagnostic.sort_key)
        self.errors.sort(key=lambda e: (e.path, e.cell or 0, e.line or 0))
