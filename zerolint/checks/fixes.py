"""Building blocks of the rules' fixes: exact edits that keep the rest of the file as it is.

An edit replaces the source text of one node of the linted program (``program.span``) with
new text, usually ``module.code_for_node`` of a changed copy of that node, so everything
outside the node stays byte for byte. Every helper returns None when it is not certain
of the edit (a name it cannot see bound, a call it cannot read); the rules then attach no
fix: a wrong fix is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import libcst as cst

from zerolint.diagnostics import Edit, Fix, Span
from zerolint.facts import keras_api

if TYPE_CHECKING:
    from zerolint.facts.model import Compile, Layer, Model
    from zerolint.facts.program import Program, TrainedHead


# -- edits and fixes -------------------------------------------------------------------------


def replace(program: Program, node: cst.CSTNode, text: str) -> Edit | None:
    """Replace a node's text (None when the node would span notebook cells)."""
    span = program.span(node)
    locate = getattr(program, "_locate", None)
    if locate is not None and locate(span.line)[0] != locate(span.end_line)[0]:
        return None
    return Edit(span, text)


def replace_node(program: Program, old: cst.CSTNode, new: cst.CSTNode) -> Edit | None:
    """Replace a node by a changed copy of it, rendered as libcst writes it back.

    A node's span leaves out the parentheses around it, so the copy is written without the
    ones it took over from ``old`` (they stay in the file)."""
    outer = len(getattr(old, "lpar", ()))
    if outer:
        new = new.with_changes(lpar=new.lpar[outer:], rpar=new.rpar[: len(new.rpar) - outer])
    return replace(program, old, program.module.code_for_node(new))


# What the edit builders return: one edit, several (a name and its import), or None.
Edits = Edit | tuple[Edit, ...] | None


def make_fix(applicability: str, message: str, *edits: Edits) -> Fix | None:
    """A fix of these edits, or None when any of them could not be made."""
    flat: list[Edit] = []
    for edit in edits:
        if edit is None:
            return None
        flat += edit if isinstance(edit, tuple) else [edit]
    return Fix(applicability, message, tuple(flat)) if flat else None


# -- certainty -------------------------------------------------------------------------------


def sole_reading(
    program: Program, trained: TrainedHead, agrees: Callable[[TrainedHead], bool]
) -> bool:
    """Whether every way the analysis trains with this loss expression agrees with the fix.

    One loss expression can meet several outputs: a multi-output model given one loss, a
    builder called with different arguments (one ``Compile`` per call). An edit changes
    them all, so each must be fully resolved and judged the same way (``agrees``). A
    builder's body is also analysed on its own, with unknown arguments: that reading
    counts only when the file never calls the builder.
    """
    node = trained.loss_node
    compiles = [c for c in program.facts.compiles if c.node is trained.compile.node]
    considered = [c for c in compiles if not _standalone(c)] or compiles
    sharing = [
        t
        for t in program.trained_heads()
        if t.loss_node is node and any(t.compile is c for c in considered)
    ]
    if not sharing or not all(agrees(t) for t in sharing):
        return False
    for compile_call in considered:
        heads = compile_call.heads
        if heads is None or any(head is None for head in heads):
            return False
        if not any(t.compile is compile_call for t in sharing):
            return False
    return True


def _standalone(compile_call: Compile) -> bool:
    """A compile seen while analysing a function body on its own (unknown parameters)."""
    return compile_call.model is not None and _standalone_model(compile_call.model)


def layer_trainings(program: Program, node: cst.CSTNode) -> list[TrainedHead] | None:
    """Every training of an output whose last activation this layer call applies, for an
    edit of the layer; None when a model built with it is never trained with a known loss.
    As in ``sole_reading``, a builder's stand-alone reading counts only if it is never
    called."""
    models = [
        m
        for m in program.facts.models
        if any(h is not None and h.activation_layer.node is node for h in m.heads or ())
    ]
    readings = [m for m in models if not _standalone_model(m)] or models
    trained = [
        t
        for t in program.trained_heads()
        if t.head.activation_layer.node is node and any(t.compile.model is m for m in readings)
    ]
    if not trained or not all(any(t.compile.model is m for t in trained) for m in readings):
        return None
    return trained


def _standalone_model(model: Model) -> bool:
    return bool(model.context) and model.context[0][0] == "def"


# -- strings ---------------------------------------------------------------------------------


def string_literal(node: cst.CSTNode, *values: str) -> bool:
    """A plain (not f-, not concatenated) string literal, holding one of ``values`` if given."""
    return (
        isinstance(node, cst.SimpleString)
        and "b" not in node.prefix.lower()
        and (not values or node.evaluated_value in values)
    )


def restring(node: cst.SimpleString, text: str) -> str:
    """``text`` written with the prefix and quotes of ``node`` (text needs no escaping)."""
    quote = node.quote
    return f"{node.prefix}{quote}{text}{quote}"


def quote_of(module: cst.Module) -> str:
    """The quote character the file mostly uses for strings ('"' when it has none)."""
    counts = {'"': 0, "'": 0}

    class Count(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if node.quote in counts:
                counts[node.quote] += 1

    module.visit(Count())
    return "'" if counts["'"] > counts['"'] else '"'


# -- calls and arguments ---------------------------------------------------------------------


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    """The ``name=`` argument of a call, if written."""
    return next(
        (arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name),
        None,
    )


def positional(call: cst.Call) -> list[cst.Arg]:
    """The positional arguments before any ``*args`` (whose positions are then unknown)."""
    found = []
    for arg in call.args:
        if arg.star:
            break
        if arg.keyword is None:
            found.append(arg)
    return found


def set_keyword(call: cst.Call, name: str, value: str) -> cst.Call:
    """The call with ``name=value``: the existing argument's value replaced, else appended."""
    expression = cst.parse_expression(value)
    existing = keyword(call, name)
    if existing is not None:
        return call.with_deep_changes(existing, value=expression)
    new = cst.Arg(
        value=expression,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )
    args = list(call.args)
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    if isinstance(last.comma, cst.Comma):
        args[-1], comma = _comma_before_new_last(call, last.comma)
        new = new.with_changes(comma=comma)
    return call.with_changes(args=[*args, new])


def _comma_before_new_last(call: cst.Call, trailing: cst.Comma) -> tuple[cst.Arg, cst.Comma]:
    """After a trailing comma, a new last argument: the old last argument's comma leads to
    the new argument laid out like the others (its comment stays on its line), and the new
    argument takes the trailing comma that leads to the closing parenthesis."""
    last = call.args[-1]
    gap = _gap_between_arguments(call)
    after = trailing.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and isinstance(
        gap, cst.ParenthesizedWhitespace
    ):
        to_new = trailing.with_changes(whitespace_after=after.with_changes(last_line=gap.last_line))
        to_close = cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(
                indent=after.indent, last_line=after.last_line
            )
        )
        return last.with_changes(comma=to_new), to_close
    to_new = trailing.with_changes(whitespace_after=cst.SimpleWhitespace(" "))
    return last.with_changes(comma=to_new), cst.Comma(whitespace_after=after)


def _gap_between_arguments(call: cst.Call) -> cst.BaseParenthesizableWhitespace:
    """The whitespace that separates arguments (a newline and indent in a one-per-line call)."""
    for arg in call.args[:-1]:
        if isinstance(arg.comma, cst.Comma):
            return arg.comma.whitespace_after
    if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return call.whitespace_before_args
    return cst.SimpleWhitespace(" ")


def remove_argument(call: cst.Call, target: cst.Arg) -> cst.Call:
    """The call without one argument, its comma handled as if it was never written."""
    args = list(call.args)
    index = next(i for i, arg in enumerate(args) if arg is target)
    del args[index]
    if not args:
        return call.with_changes(args=[], whitespace_before_args=cst.SimpleWhitespace(""))
    if index == len(args):  # removed the last: its comma (trailing or none) moves back
        args[-1] = args[-1].with_changes(comma=target.comma)
    return call.with_changes(args=args)


# -- names -----------------------------------------------------------------------------------


def last_name(node: cst.CSTNode) -> cst.Name | None:
    """The name a reference ends with: ``softmax`` of ``tf.nn.softmax`` or of ``softmax``."""
    if isinstance(node, cst.Name):
        return node
    if isinstance(node, cst.Attribute):
        return node.attr
    return None


def dotted_text(node: cst.CSTNode) -> str | None:
    """``tf.keras.losses`` for a chain of plain names (no calls, subscripts, comments)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_text(node.value)
        return f"{base}.{node.attr.value}" if base is not None else None
    return None


@dataclass(frozen=True)
class _Import:
    """A name a top-level import statement binds, and the dotted name it stands for."""

    name: str
    dotted: str
    statement: cst.Import | cst.ImportFrom


# Scopes and imports are computed only when a fix needs to spell a name, once per program.
_scopes: WeakKeyDictionary = WeakKeyDictionary()
_import_cache: WeakKeyDictionary = WeakKeyDictionary()


def _imports(program: Program) -> list[_Import]:
    """The file's top-level imports (computed once per program)."""
    if program not in _import_cache:
        _import_cache[program] = _top_level_imports(program.module)
    return _import_cache[program]


def _top_level_imports(module: cst.Module) -> list[_Import]:
    """Imports at the top level only: one in a function, an ``if`` or a ``try`` may not run."""
    found = []
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import):
                    found += _plain_import(small)
                elif isinstance(small, cst.ImportFrom):
                    found += _from_import(small)
    return found


def _plain_import(statement: cst.Import) -> Iterator[_Import]:
    """``import a.b as c`` binds c to a.b; ``import a.b`` binds a to a."""
    for alias in statement.names:
        dotted = dotted_text(alias.name)
        if dotted is None:
            continue
        if alias.asname is None:
            head = dotted.split(".")[0]
            yield _Import(head, head, statement)
        elif isinstance(alias.asname.name, cst.Name):
            yield _Import(alias.asname.name.value, dotted, statement)


def _from_import(statement: cst.ImportFrom) -> Iterator[_Import]:
    """``from a import b as c`` binds c to a.b (relative and star imports are skipped)."""
    module = dotted_text(statement.module) if statement.module and not statement.relative else None
    if module is None or isinstance(statement.names, cst.ImportStar):
        return
    for alias in statement.names:
        bound = alias.asname.name if alias.asname is not None else alias.name
        if isinstance(alias.name, cst.Name) and isinstance(bound, cst.Name):
            yield _Import(bound.value, f"{module}.{alias.name.value}", statement)


def _scope_map(program: Program):
    if program not in _scopes:
        from libcst.metadata import MetadataWrapper, ScopeProvider

        wrapper = MetadataWrapper(program.module, unsafe_skip_copy=True)
        _scopes[program] = wrapper.resolve(ScopeProvider)
    return _scopes[program]


def _bound_at(program: Program, found: _Import, at: cst.CSTNode) -> bool:
    """Whether the import's name means that import at ``at`` and nothing else, anywhere.

    The import must also come first in the file: a function may run before a later import.
    """
    scope = _scope_map(program).get(at)
    if scope is None:
        return False
    assignments = list(scope[found.name])
    if len(assignments) != 1 or getattr(assignments[0], "node", None) is not found.statement:
        return False
    return program.span(found.statement).line < program.span(at).line


def imported_name(program: Program, at: cst.CSTNode, name: str) -> str | None:
    """The dotted name that a plain ``name`` at ``at`` was imported as, if certain."""
    for found in _imports(program):
        if found.name == name and _bound_at(program, found, at):
            return found.dotted
    return None


def keras_spelling(
    program: Program, at: cst.CSTNode, api: str, package: str | None = None
) -> str | None:
    """How this file can write the Keras name ``api`` (``losses.BinaryCrossentropy``) at
    ``at`` with what it already imports: ``BinaryCrossentropy``, ``losses.…``,
    ``keras.losses.…`` or ``tf.keras.losses.…``, from ``package`` ("keras", "tensorflow",
    "tf_keras": the one the model uses) when known. None when no import serves, or when
    the package is not known and the file uses two (keras and tf.keras): either could be
    wrong.
    """
    imports = _imports(program)
    keras = [(found, keras_api.keras_name(found.dotted)) for found in imports]
    keras = [(found, name) for found, name in keras if name is not None]
    packages = {found.dotted.split(".")[0] for found, _ in keras}
    if _uses_tf_keras(program.module, {f.name for f in imports if f.dotted == "tensorflow"}):
        packages.add("tensorflow")
    if package is None and len(packages) > 1:
        return None
    package = package or next(iter(packages), "tensorflow")
    keras = [(found, name) for found, name in keras if found.dotted.split(".")[0] == package]
    module, _, leaf = api.rpartition(".")
    candidates = []
    for wanted, spelled in ((api, ""), (module, leaf), ("", api)):
        for found, name in keras:
            if name == wanted:
                candidates.append((found, f"{found.name}.{spelled}" if spelled else found.name))
    if package == "tensorflow":
        for found in imports:
            if found.dotted == "tensorflow":
                candidates.append((found, f"{found.name}.keras.{api}"))
    for found, text in candidates:
        if _bound_at(program, found, at):
            return text
    return None


# The module each Keras package's API lives under, for an import a fix adds.
_PACKAGE_ROOTS = {"keras": "keras", "tensorflow": "tensorflow.keras", "tf_keras": "tf_keras"}


def spell_or_import(
    program: Program, at: cst.CSTNode, api: str, package: str | None
) -> tuple[str, tuple[Edit, ...]] | None:
    """``keras_spelling``, else the bare name with an edit that imports it from ``package``
    (``from tensorflow.keras.losses import BinaryCrossentropy``) when that is certain."""
    spelled = keras_spelling(program, at, api, package)
    if spelled is not None:
        return spelled, ()
    if package not in _PACKAGE_ROOTS:
        return None
    module, _, name = api.rpartition(".")
    edit = _import_edit(program, at, f"{_PACKAGE_ROOTS[package]}.{module}", name)
    return (name, (edit,)) if edit is not None else None


def _import_edit(program: Program, at: cst.CSTNode, module: str, name: str) -> Edit | None:
    """``from module import name`` inserted after the last top-level import before ``at``.

    Only when ``name`` is written nowhere in the file and no star import could bind it, so
    the new name cannot clash with anything; the line after which it goes is kept as is.
    """
    if _name_written(program.module, name):
        return None
    line = program.span(at).line
    last = None
    for statement in program.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        imports = [s for s in statement.body if isinstance(s, cst.Import | cst.ImportFrom)]
        if imports and program.span(statement).line < line:
            last = statement.body[-1]
    if last is None:
        return None
    end = program.span(last).end_line
    text = _source_lines(program)[end - 1]
    if text.rstrip().endswith("\\") or end >= line:
        return None
    newline = program.module.default_newline
    position = Span(end, len(text) + 1, end, len(text) + 1)
    return Edit(position, f"{newline}from {module} import {name}")


def _name_written(module: cst.Module, name: str) -> bool:
    """Whether ``name`` appears as an identifier anywhere, or a star import may bind it."""
    found = []

    class Find(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            found.append(node.value == name)

        def visit_ImportStar(self, node: cst.ImportStar) -> None:
            found.append(True)

    module.visit(Find())
    return any(found)


_lines: WeakKeyDictionary = WeakKeyDictionary()


def _source_lines(program: Program) -> list[str]:
    """The program's lines without their line ends (the module's code, once per program)."""
    if program not in _lines:
        _lines[program] = program.module.code.splitlines()
    return _lines[program]


def package_of(program: Program, node: cst.CSTNode) -> str | None:
    """The Keras package ("keras", "tensorflow", "tf_keras") a layer or loss call comes
    from, when its name resolves through the file's imports."""
    func = node.func if isinstance(node, cst.Call) else node
    dotted = resolve(program, func)
    if dotted is None or keras_api.keras_name(dotted) is None:
        return None
    return dotted.split(".")[0]


def _uses_tf_keras(module: cst.Module, aliases: set[str]) -> bool:
    """Whether the file writes ``tf.keras`` (for ``aliases`` of ``tensorflow``)."""
    found = []

    class Find(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            value = node.value
            if isinstance(value, cst.Name) and value.value in aliases:
                found.append(node.attr.value == "keras")

    if aliases:
        module.visit(Find())
    return any(found)


def resolve(program: Program, node: cst.CSTNode) -> str | None:
    """The dotted name a reference means, through the file's top-level imports, if certain:
    ``tensorflow.keras.losses.Huber`` for ``tf.keras.losses.Huber``."""
    text = dotted_text(node)
    if text is None:
        return None
    head, _, rest = text.partition(".")
    dotted = imported_name(program, node, head)
    if dotted is None:
        return None
    return f"{dotted}.{rest}" if rest else dotted


def rename(
    program: Program, node: cst.CSTNode, new: str, allowed: Callable[[str], bool], suffix: str = ""
) -> Edits:
    """An edit that makes a reference name ``new`` of the same module instead (``suffix``
    appended, e.g. a call's arguments), when ``allowed`` accepts what it names now.

    ``tf.keras.losses.old`` has its last name replaced in place; an imported bare name is
    written the way the file can spell the new Keras name (importing it if need be).
    """
    dotted = resolve(program, node)
    if dotted is None or not allowed(dotted):
        return None
    if isinstance(node, cst.Attribute):
        return replace(program, node.attr, new + suffix)
    api = keras_api.keras_name(dotted)
    if api is None or "." not in api:
        return None
    module = api.rpartition(".")[0]
    spelled = spell_or_import(program, node, f"{module}.{new}", dotted.split(".")[0])
    if spelled is None:
        return None
    text, imports = spelled
    edit = replace(program, node, text + suffix)
    return (edit, *imports) if edit is not None else None


# -- losses ----------------------------------------------------------------------------------


def _loss_call(trained: TrainedHead) -> cst.Call | None:
    """The loss-class call written right at the compile (not through a variable)."""
    node, spec = trained.loss_node, trained.loss
    if spec.spelling != "class" or spec.node is not node or not isinstance(node, cst.Call):
        return None
    return None if any(arg.star for arg in node.args) else node


def _from_logits_position(trained: TrainedHead, call: cst.Call) -> cst.Arg | None:
    """The positional argument that is ``from_logits``, when it is given that way."""
    signature = keras_api.LOSS_SIGNATURES.get(trained.loss.name or "", ())
    if "from_logits" not in signature:
        return None
    index = signature.index("from_logits")
    given = positional(call)
    return given[index] if index < len(given) else None


def _is_loss(name: str | None) -> Callable[[str], bool]:
    """Accepts references into keras.losses of the canonical loss ``name``."""

    def accept(dotted: str) -> bool:
        api = keras_api.keras_name(dotted) or ""
        return api.startswith("losses.") and keras_api.loss_name(api[7:]) == name

    return accept


def set_from_logits(program: Program, trained: TrainedHead) -> Edits:
    """``from_logits=True`` on the loss: added to its class call, or the string or function
    loss turned into the class (``keras.losses.BinaryCrossentropy(from_logits=True)``)."""
    node, spec = trained.loss_node, trained.loss
    call = _loss_call(trained)
    if call is not None:
        given = _from_logits_position(trained, call)
        if given is not None:
            return replace(program, given.value, "True")
        return replace_node(program, call, set_keyword(call, "from_logits", "True"))
    klass = keras_api.LOSS_CLASS_OF.get(spec.name or "")
    if klass is None or spec.node is not node:
        return None
    if spec.spelling == "string":
        if not string_literal(node) or keras_api.loss_name(node.evaluated_value) != spec.name:
            return None
        package = package_of(program, trained.head.unit_layer.node)
        spelled = spell_or_import(program, node, f"losses.{klass}", package)
        if spelled is None:
            return None
        text, imports = spelled
        edit = replace(program, node, f"{text}(from_logits=True)")
        return (edit, *imports) if edit is not None else None
    if spec.spelling == "function":
        return rename(program, node, klass, _is_loss(spec.name), "(from_logits=True)")
    return None


def drop_from_logits(program: Program, trained: TrainedHead) -> Edit | None:
    """The loss class call without ``from_logits=True`` (False where it is positional)."""
    call = _loss_call(trained)
    if call is None:
        return None
    given = _from_logits_position(trained, call)
    if given is not None:
        return replace(program, given.value, "False")
    argument = keyword(call, "from_logits")
    if argument is None:
        return None
    return replace_node(program, call, remove_argument(call, argument))


# Keyword arguments that the sparse and the one-hot categorical classes both take.
_SHARED_CATEGORICAL_ARGUMENTS = frozenset({"from_logits", "reduction", "name", "dtype"})


def switch_loss(program: Program, trained: TrainedHead, new: str) -> Edits:
    """The loss written as the canonical loss ``new`` in the same spelling: string, function
    or class (whose arguments must mean the same for both classes)."""
    node, spec = trained.loss_node, trained.loss
    if spec.node is not node:
        return None
    if spec.spelling == "string":
        if not string_literal(node, spec.name or ""):
            return None
        return replace(program, node, restring(node, new))
    if spec.spelling == "function":
        return rename(program, node, new, _is_function(spec.name))
    call = _loss_call(trained)
    klass = keras_api.LOSS_CLASS_OF.get(new)
    if call is None or klass is None or len(positional(call)) > 1:
        return None
    keywords = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    if not keywords <= _SHARED_CATEGORICAL_ARGUMENTS:
        return None
    return rename(program, call.func, klass, _is_loss(spec.name))


def _is_function(name: str | None) -> Callable[[str], bool]:
    """Accepts loss functions of keras.losses or keras.metrics named ``name`` itself."""

    def accept(dotted: str) -> bool:
        api = keras_api.keras_name(dotted) or ""
        return api in (f"losses.{name}", f"metrics.{name}")

    return accept


# -- activations -----------------------------------------------------------------------------

# softmax functions whose module also has log_softmax with the same arguments, by library.
_LOG_SOFTMAX_MODULES = {
    "tensorflow.nn": "tensorflow",
    "tensorflow.math": "tensorflow",
    "keras.ops": "keras",
    "tensorflow.keras.ops": "keras",
    "scipy.special": "numpy",
}


def _library(dotted: str) -> str:
    """Which library a function belongs to, for "are these two from the same one"."""
    if dotted.startswith(("keras.", "tf_keras.", "tensorflow.keras.")):
        return "keras"
    return "numpy" if dotted.startswith(("numpy.", "scipy.")) else dotted.split(".")[0]


def log_of_softmax(program: Program, log: cst.CSTNode, log_dotted: str | None) -> Edit | None:
    """``log(softmax(x, axis))`` written as ``log_softmax(x, axis)`` of the softmax's module,
    when the log (``log_dotted``) is of the same library."""
    if not isinstance(log, cst.Call) or len(log.args) != 1 or log.args[0].keyword is not None:
        return None
    softmax = log.args[0].value
    if log.args[0].star or not isinstance(softmax, cst.Call):
        return None
    func = softmax.func
    dotted = resolve(program, func)
    if dotted is None or not isinstance(func, cst.Attribute) or func.attr.value != "softmax":
        return None
    library = _LOG_SOFTMAX_MODULES.get(dotted.rpartition(".")[0])
    if library is None or log_dotted is None or _library(log_dotted) != library:
        return None
    new = softmax.with_changes(
        func=func.with_changes(attr=cst.Name("log_softmax")),
        lpar=[*log.lpar, *softmax.lpar],
        rpar=[*softmax.rpar, *log.rpar],
    )
    return replace_node(program, log, new)


# Activation functions that have a sigmoid next to them in the same module.
_SIGMOID_MODULES = frozenset({"activations", "ops", "backend", "tensorflow.nn", "tensorflow.math"})


def _softmax_function(dotted: str) -> bool:
    module, _, name = dotted.rpartition(".")
    return name == "softmax" and (keras_api.keras_name(module) or module) in _SIGMOID_MODULES


def softmax_to_sigmoid(program: Program, layer: Layer) -> Edits:
    """The layer's softmax made a sigmoid: ``activation="softmax"`` (or a softmax function)
    of a Dense or Activation layer, or a ``Softmax()`` layer made ``Activation("sigmoid")``."""
    if not isinstance(layer.node, cst.Call):
        return None
    if layer.kind == "Softmax":
        return _softmax_layer_to_sigmoid(program, layer.node)
    argument = layer.arg_node("activation")
    if argument is None:
        return None
    if string_literal(argument):
        if argument.evaluated_value != "softmax":
            return None
        return replace(program, argument, restring(argument, "sigmoid"))
    return rename(program, argument, "sigmoid", _softmax_function)


# Arguments of a Softmax layer that an Activation layer takes too.
_LAYER_ARGUMENTS = frozenset({"name", "dtype", "trainable"})


def _softmax_layer_to_sigmoid(program: Program, call: cst.Call) -> Edits:
    kept = call
    axis = keyword(call, "axis")  # the last axis (anything else is not reported)
    if axis is not None:
        kept = remove_argument(call, axis)
    if any(arg.keyword is None or arg.keyword.value not in _LAYER_ARGUMENTS for arg in kept.args):
        return None
    func = call.func
    dotted = resolve(program, func)
    if dotted is None or keras_api.keras_name(dotted) != "layers.Softmax":
        return None
    imports: tuple[Edit, ...] = ()
    if isinstance(func, cst.Attribute):
        new_func: cst.BaseExpression = func.with_changes(attr=cst.Name("Activation"))
    else:
        spelled = spell_or_import(program, func, "layers.Activation", dotted.split(".")[0])
        if spelled is None:
            return None
        new_func = cst.parse_expression(spelled[0])
        imports = spelled[1]
    quote = quote_of(program.module)
    argument = cst.Arg(cst.SimpleString(f"{quote}sigmoid{quote}"))
    edit = replace_node(
        program, call, kept.with_changes(func=new_func, args=[argument, *kept.args])
    )
    return (edit, *imports) if edit is not None else None
