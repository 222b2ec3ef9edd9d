"""Which static findings concern which ``fit`` the dry run reached.

The harness reports the script line of each ``fit`` it probed. Here the facts layer says
which model that call trains and where the model, its layers and its ``compile`` are
written; a finding placed on any of those lines (or inside the ``fit`` call) concerns it.
All lines here are program lines; a notebook's findings are mapped from their cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zerolint.diagnostics import Diagnostic, Span
from zerolint.sources import Source


@dataclass(frozen=True)
class StaticFit:
    span: Span  # the fit call
    regions: tuple[tuple[int, int], ...]  # (first line, last line) of everything it trains


def static_fits(code: str) -> list[StaticFit]:
    """Every ``fit`` call of the module with the line ranges of its model and compile."""
    import libcst as cst

    from zerolint.facts.program import Program

    program = Program(cst.parse_module(code))
    fits = []
    for fit in program.facts.fits:
        if fit.method != "fit":
            continue
        nodes = [fit.node]
        compiles = [
            c for c in program.facts.compiles if fit.model is not None and c.model is fit.model
        ]
        if fit.compile is not None:
            compiles.append(fit.compile)
        nodes += [c.node for c in compiles]
        # The losses of the compile in effect at this fit (a later compile's loss is not run).
        nodes += _custom_losses(program, [fit.compile] if fit.compile else compiles)
        if fit.model is not None:
            nodes.append(fit.model.node)
            nodes += [layer.node for layer in fit.model.layers]
        for heads in [fit.heads] + [c.heads for c in compiles]:
            for head in heads or ():
                if head is not None:
                    nodes.append(head.unit_layer.node)
                    nodes += [layer.node for _, layer in head.activations]
        regions = []
        for node in nodes:
            try:
                span = program.span(node)
            except KeyError:  # a node from outside this module's tree
                continue
            regions.append((span.line, span.end_line))
        fits.append(StaticFit(program.span(fit.node), tuple(regions)))
    return fits


def _custom_losses(program, compiles) -> list:
    """The functions of the file a compile of this fit hands to Keras as a loss or metric
    (by name, or as an instance of a Loss/Metric subclass): a ZL5xx finding in their body
    concerns this fit."""
    spans = [program.span(c.node) for c in compiles]
    texts = [program.module.code_for_node(c.node) for c in compiles]

    def inside(node) -> bool:
        span = program.span(node)
        return any(s.line <= span.line and span.end_line <= s.end_line for s in spans)

    found = []
    for loss in program.facts.custom_losses:
        if loss.evidence == "compile" and inside(loss.node):
            found.append(loss.function)
        elif loss.evidence == "subclass":
            name = loss.node.name.value
            if any(re.search(rf"\b{re.escape(name)}\s*\(", text) for text in texts):
                found.append(loss.function)
    return found


_NAMED_FIT = re.compile(r"\(fit at line (\d+)\)")


def names_fit(fit: StaticFit, message: str) -> bool:
    """A finding about the data rather than the model (ZL402) names the fit it leaks into."""
    return any(int(line) == fit.span.line for line in _NAMED_FIT.findall(message))


def reached_fit(fits: list[StaticFit], line: int | None) -> StaticFit | None:
    """The static fit call containing the runtime line (the innermost, if nested)."""
    if line is None:
        return None
    containing = [f for f in fits if f.span.line <= line <= f.span.end_line]
    return min(containing, key=lambda f: f.span.end_line - f.span.line, default=None)


def concerns(fit: StaticFit, line: int, end_line: int) -> bool:
    return any(first <= line and end_line <= last for first, last in fit.regions)


def program_lines(diagnostic: Diagnostic, source: Source) -> tuple[int, int]:
    """The (first, last) program line of a finding; a notebook's are in cell coordinates."""
    if diagnostic.cell is None or source.notebook is None:
        return diagnostic.line, diagnostic.end_line
    lines = {place: number for number, place in enumerate(source.notebook.line_map, start=1)}
    first = lines.get((diagnostic.cell, diagnostic.line), 0)
    last = lines.get((diagnostic.cell, diagnostic.end_line), first)
    return first, last


def place(source: Source, line: int | None) -> str:
    """``line 12``, or in a notebook ``cell 3, line 2``."""
    if line is None:
        return "an unknown line"
    cell, in_cell = source.locate(line)
    return f"line {line}" if cell is None else f"cell {cell}, line {in_cell}"
