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
from zerolint.inputs.sources import Source

Region = tuple[int, int]  # (first line, last line)


@dataclass(frozen=True)
class StaticFit:
    span: Span  # the fit call
    regions: tuple[Region, ...]  # everything it trains: model, layers, compile, optimizer
    layers: tuple[Region, ...] = ()  # the layers of its model, each built on these lines
    # The downloadable data sets its x and y come from ("mnist", "fetch_covtype"); None
    # when where either comes from is not known.
    sources: frozenset[str] | None = None


@dataclass(frozen=True)
class StaticModel:
    """A model of the file with the lines that build and compile it; ``fitted`` when a
    ``fit`` call of the file trains it."""

    line: int
    regions: tuple[Region, ...]
    fitted: bool


@dataclass(frozen=True)
class StaticCompile:
    """A compile call with where its optimizer and loss are written; ``fitted`` unless
    every fit of its model is known to use another compile."""

    line: int
    regions: tuple[Region, ...]
    fitted: bool


@dataclass(frozen=True)
class Plan:
    """What the file trains, from the facts layer: each ``fit`` call with the lines it
    concerns, each model and compile, and the functions the file never refers to."""

    fits: tuple[StaticFit, ...] = ()
    models: tuple[StaticModel, ...] = ()
    compiles: tuple[StaticCompile, ...] = ()
    uncalled: tuple[tuple[str, Region], ...] = ()  # (name, lines) of a function or class
    # (line, regions) of each optimizer built but given to no compile
    unused_optimizers: tuple[tuple[int, tuple[Region, ...]], ...] = ()
    every_fit_known: bool = True  # every fit call's model is known


def plan(code: str) -> Plan:
    """Every ``fit`` call and model of the module with the line ranges that concern it."""
    import libcst as cst

    from zerolint.facts.program import Program

    program = Program(cst.parse_module(code))
    facts = program.facts

    def regions(nodes) -> tuple[Region, ...]:
        found = []
        for node in nodes:
            if node is None:
                continue
            try:
                span = program.span(node)
            except KeyError:  # a node from outside this module's tree
                continue
            found.append((span.line, span.end_line))
        return tuple(found)

    fits = []
    trained = [f for f in facts.fits if f.method == "fit"]
    for fit in trained:
        # The compile in effect at this fit (a later compile's loss is not what it runs);
        # when it is not known, every compile of its model.
        compiles = [fit.compile] if fit.compile is not None else []
        compiles = compiles or [
            c for c in facts.compiles if fit.model is not None and c.model is fit.model
        ]
        nodes = [fit.node, *_compile_nodes(compiles)]
        nodes += _custom_losses(program, compiles)
        # The model's evaluate() and predict() calls: the dry run notes their data (ZL402
        # pools it with this fit's, ZL403 finds training rows in it).
        nodes += [
            f.node
            for f in facts.fits
            if f.method in ("evaluate", "predict")
            and fit.model is not None
            and f.model is fit.model
        ]
        layers = _model_nodes(fit.model, [fit.heads] + [c.heads for c in compiles])
        nodes += layers
        layer_regions = regions(layers[1:] if layers else ())
        fits.append(StaticFit(program.span(fit.node), regions(nodes), layer_regions, _sources(fit)))
    models = []
    for model in facts.models:
        compiles = [c for c in facts.compiles if c.model is model]
        nodes = _model_nodes(model, [c.heads for c in compiles]) + _compile_nodes(compiles)
        fitted = any(f.model is model for f in trained)
        models.append(StaticModel(program.span(model.node).line, regions(nodes), fitted))
    statics = []
    for c in facts.compiles:
        others = [f for f in trained if c.model is not None and f.model is c.model]
        fitted = c.model is None or any(f.compile is c or f.compile is None for f in others)
        line = program.span(c.node).line
        nodes = _compile_nodes([c]) + _custom_losses(program, [c])
        statics.append(StaticCompile(line, regions(nodes), fitted))
    used = {id(c.optimizer.node) for c in facts.compiles if c.optimizer is not None}
    unused = [
        (program.span(o.node).line, regions([o.node, o.rate_node]))
        for o in facts.optimizers
        if id(o.node) not in used
    ]
    return Plan(
        tuple(fits),
        tuple(models),
        tuple(statics),
        tuple(_uncalled(program)),
        tuple(unused),
        all(f.model is not None for f in trained),
    )


_LOADER = re.compile(r"datasets\.(\w+)\.load_data\(|\b(fetch_\w+)\(")


def _sources(fit) -> frozenset[str] | None:
    """The downloadable data sets (``keras.datasets.<name>``, scikit-learn's ``fetch_*``)
    the fit's x and y come from, by the facts' account of their origin; None if unknown."""
    from zerolint.facts.data import as_array

    names = set()
    for value in (fit.inputs, fit.labels):
        array = as_array(value)
        if array is None:
            return None
        names |= {a or b for a, b in _LOADER.findall(array.origin or "")}
    return frozenset(names)


def _compile_nodes(compiles) -> list:
    """The compile calls and where their optimizer, learning rate and loss are written (a
    variable's value is written elsewhere: ``opt = SGD(10.0)`` before ``compile``)."""
    from zerolint.facts.values import LossValue, Seq

    nodes = []
    for c in compiles:
        nodes.append(c.node)
        if c.optimizer is not None:
            nodes += [c.optimizer.node, c.optimizer.rate_node]
        losses = c.loss.items if isinstance(c.loss, Seq) else (c.loss,)
        nodes += [loss.spec.node for loss in losses if isinstance(loss, LossValue)]
    return nodes


def _model_nodes(model, heads_lists) -> list:
    """The model's call, then every layer it is built from (a Sequential's list, a
    functional model's tensors back to its inputs, a subclassed model's attributes) and
    its output heads."""
    from zerolint.facts.values import LayerValue, Seq, Tensor

    if model is None:
        return []
    nodes = [model.node, *(layer.node for layer in model.layers)]
    seen: set[int] = set()
    tensors = list(model.outputs or ())
    while tensors:
        value = tensors.pop()
        if isinstance(value, Seq):
            tensors += value.items
        if not isinstance(value, Tensor) or id(value) in seen:
            continue
        seen.add(id(value))
        if value.producer is not None:
            nodes.append(value.producer.node)
        tensors += value.inputs
    nodes += [v.layer.node for v in model.attributes.values() if isinstance(v, LayerValue)]
    for heads in heads_lists:
        for head in heads or ():
            if head is not None:
                nodes.append(head.unit_layer.node)
                nodes += [layer.node for _, layer in head.activations]
    return nodes


def _uncalled(program) -> list[tuple[str, Region]]:
    """The module's top-level functions (``name()``) and classes (``name``) whose name
    appears nowhere else in the file: the script never calls or uses them."""
    import libcst as cst

    used: dict[str, int] = {}

    class Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            used[node.value] = used.get(node.value, 0) + 1

    program.module.visit(Names())
    found = []
    for statement in program.module.body:
        definition = isinstance(statement, cst.FunctionDef | cst.ClassDef)
        if definition and used.get(statement.name.value) == 1:
            span = program.span(statement)
            call = "()" if isinstance(statement, cst.FunctionDef) else ""
            found.append((statement.name.value + call, (span.line, span.end_line)))
    return found


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


_NAMED_FIT = re.compile(r"\bfit at line (\d+)\)")


def names_fit(fit: StaticFit, message: str) -> bool:
    """A finding about the data rather than the model (ZL402) names the fit it leaks into."""
    return any(int(line) == fit.span.line for line in _NAMED_FIT.findall(message))


def reached_fit(fits: list[StaticFit], line: int | None) -> StaticFit | None:
    """The static fit call containing the runtime line (the innermost, if nested)."""
    if line is None:
        return None
    containing = [f for f in fits if f.span.line <= line <= f.span.end_line]
    return min(containing, key=lambda f: f.span.end_line - f.span.line, default=None)


def concerns(fit: StaticFit | StaticModel, line: int, end_line: int) -> bool:
    return any(first <= line and end_line <= last for first, last in fit.regions)


def layer_lines(fit: StaticFit, line: int, end_line: int) -> Region | None:
    """The lines of the layer of the fit's model a finding is on (the innermost)."""
    holding = [(start, end) for start, end in fit.layers if start <= line and end_line <= end]
    return min(holding, key=lambda region: region[1] - region[0], default=None)


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
