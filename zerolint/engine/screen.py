"""Files no rule can fire on, proven on CPython's ``ast`` before libcst parses them.

libcst's parse and the facts layer are most of zerolint's time, yet most files that mention
keras or tensorflow (library code, utilities, tests of other things) record no fact at all,
and every rule reads facts. The facts layer (``zerolint.facts.interpreter``) records one
only from these roots:

- a call of a model method (``compile``, ``fit``, ``evaluate``, ...) on a receiver that may
  be a model: not a method's own first parameter (the interpreter binds it to an instance
  of the file's class), not a name only ever imported before (``re.compile``);
- a function with a parameter named ``y_pred`` (a custom loss by Keras's convention);
- a call of an imported name the facts layer's tables know (``keras_api``, ``tensors``: a
  model, input, layer, loss, optimizer, schedule, initializer or activation, a softmax-like
  op, anything of scikit-learn), or a Keras model, loss or metric class as a base class;
- an imported name that can lead to one of those (``keras.layers``, not ``tf.float32``)
  reaching code this screen does not follow: assigned, returned, stored in a container,
  a parameter's default, or passed to a function or method the file defines.

Everything else an imported name can meet (an attribute read, a comparison, a call of a
builtin or of another library, an annotation) ends in an unknown value. Names are taken in
every scope at once, so the screen errs only towards parsing. ``tests/test_screen.py``
holds it to that on the rule catalog, the examples and the shared corpus.

Two passes: the first reads statements only (imports and the names statements bind), the
second every expression, judging imported names where they stand.
"""

from __future__ import annotations

import ast
from functools import cache

from zerolint.facts import keras_api, tensors


class _Root(Exception):
    """Raised at the first root: the file needs the full analysis (args: why, for tests)."""


@cache
def root_call(dotted: str) -> bool:
    """Whether calling this reference can make a fact (or a tensor that ops make facts of)."""
    return bool(
        keras_api.model_constructor(dotted)
        or keras_api.layer_class(dotted)
        or keras_api.loss_reference(dotted)
        or keras_api.optimizer_class(dotted)
        or keras_api.schedule_class(dotted)
        or keras_api.activation_function(dotted)
        or tensors.initializer_class(dotted)
        or tensors.op_name(dotted) in tensors.ACTIVATION_OPS
        or dotted.startswith("sklearn.")
    )


@cache
def root_base(dotted: str) -> bool:
    """Whether subclassing this reference makes a model or a custom loss / metric."""
    return (
        keras_api.model_constructor(dotted) == keras_api.MODEL
        or keras_api.keras_name(dotted) in keras_api.LOSS_BASES
    )


def reachable(dotted: str) -> bool:
    """Whether this reference, or a name read from it, can be a root when called."""
    return (
        dotted == "sklearn"
        or dotted.startswith("sklearn.")
        or keras_api.reachable(dotted)
        or tensors.reachable(dotted)
    )


class _Names:
    """The first pass, over statements: imports, and the names statements bind."""

    def __init__(self, tree: ast.Module) -> None:
        self.imported: dict[str, set[str]] = {}
        self.star: list[str] = []
        self.other: set[str] = set()  # names bound by anything but an import
        self.functions: set[str] = set()  # names of the file's functions and classes
        self.attributes: set[str] = set()  # attribute names the file assigns
        # Names the module's own body imports, by the line of the first such import.
        self.module_imports: dict[str, int] = {}
        for statement in tree.body:
            if type(statement) is ast.Import or type(statement) is ast.ImportFrom:
                for alias in statement.names:
                    name = alias.asname or alias.name.split(".", 1)[0]
                    self.module_imports.setdefault(name, statement.lineno)
        self.block(tree.body)

    def block(self, body: list[ast.stmt]) -> None:
        for node in body:
            kind = type(node)
            if kind is ast.Import:
                for alias in node.names:
                    if alias.asname:
                        self._bind(alias.asname, alias.name)
                    else:
                        top = alias.name.split(".", 1)[0]
                        self._bind(top, top)
            elif kind is ast.ImportFrom:
                self._import_from(node)
            elif kind is ast.Assign:
                for target in node.targets:
                    self.target(target)
            elif kind is ast.AugAssign or kind is ast.AnnAssign:
                self.target(node.target)
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self.other.add(node.name)
                self.functions.add(node.name)
                self.parameters(node.args)
                self.block(node.body)
            elif kind is ast.ClassDef:
                self.other.add(node.name)
                self.functions.add(node.name)
                self.block(node.body)
            elif kind is ast.For or kind is ast.AsyncFor:
                self.target(node.target)
                self.block(node.body)
                self.block(node.orelse)
            elif kind is ast.With or kind is ast.AsyncWith:
                for item in node.items:
                    if item.optional_vars is not None:
                        self.target(item.optional_vars)
                self.block(node.body)
            elif kind is ast.If or kind is ast.While:
                self.block(node.body)
                self.block(node.orelse)
            elif kind is ast.Try or kind is ast.TryStar:
                self.block(node.body)
                for handler in node.handlers:
                    if handler.name:
                        self.other.add(handler.name)
                    self.block(handler.body)
                self.block(node.orelse)
                self.block(node.finalbody)
            elif kind is ast.Match:
                for case in node.cases:
                    for part in ast.walk(case.pattern):
                        name = getattr(part, "name", None) or getattr(part, "rest", None)
                        if name:
                            self.other.add(name)
                    self.block(case.body)
            elif kind is ast.Global or kind is ast.Nonlocal:
                self.other.update(node.names)
            elif kind is ast.Delete:
                for target in node.targets:
                    self.target(target)

    def target(self, node: ast.expr) -> None:
        _bound(node, self.other, self.attributes)

    def parameters(self, arguments: ast.arguments) -> None:
        for parameter in _parameters(arguments):
            if parameter.arg == "y_pred":
                raise _Root("y_pred")
            self.other.add(parameter.arg)

    def _bind(self, name: str, dotted: str) -> None:
        self.imported.setdefault(name, set()).add(dotted)

    def _import_from(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            for alias in node.names:  # relative: an unknown value
                if alias.name != "*":
                    self.other.add(alias.asname or alias.name)
            return
        for alias in node.names:
            if alias.name == "*":
                self.star.append(node.module)
            else:
                self._bind(alias.asname or alias.name, f"{node.module}.{alias.name}")


def _parameters(arguments: ast.arguments) -> list[ast.arg]:
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    for extra in (arguments.vararg, arguments.kwarg):
        if extra is not None:
            found.append(extra)
    return found


# How the value of an expression is used where it stands.
_CALLED, _BASE, _ENDS, _ESCAPES = "called", "base", "ends", "escapes"


class _Screen:
    """The second pass, over every expression: raises _Root at the first root."""

    def __init__(self, names: _Names) -> None:
        self.names = names
        self.imported = names.imported
        self.star = names.star
        # Names bound by ``:=`` (and attributes by comprehension targets), which the first
        # pass does not see, and the names whose absence from the bindings a judgment relied
        # on; the parameters and targets of the lambdas and comprehensions being read.
        self.late: set[str] = set()
        self.relied: set[str] = set()
        self.local: frozenset[str] = frozenset()
        self.line = 0  # the module statement being read
        self.in_class = False
        self.method: tuple[str, list[ast.stmt]] | None = None  # (first parameter, body)
        self._rebound: dict[int, bool] = {}

    def module(self, tree: ast.Module) -> None:
        for statement in tree.body:
            self.line = statement.lineno
            self.statement(statement)
        if self.late & self.relied:
            raise _Root("late binding")

    # -- expressions -----------------------------------------------------------------

    def expression(self, node: ast.expr, context: str) -> None:
        kind = type(node)
        if kind is ast.Name:
            if type(node.ctx) is not ast.Load:
                self.late.add(node.id)  # ``:=``
            elif node.id in self.imported or self.star:
                self._chain(node, node.id, "", context)
        elif kind is ast.Attribute:
            self._attribute(node, context)
        elif kind is ast.Constant:
            return
        elif kind is ast.Call:
            self._call(node)
        elif kind is ast.BinOp:
            self.expression(node.left, _ENDS)
            self.expression(node.right, _ENDS)
        elif kind is ast.Compare:
            self.expression(node.left, _ENDS)
            for comparator in node.comparators:
                self.expression(comparator, _ENDS)
        elif kind is ast.BoolOp or kind is ast.Set:
            for value in node.values if kind is ast.BoolOp else node.elts:
                self.expression(value, _ENDS)
        elif kind is ast.UnaryOp:
            self.expression(node.operand, _ENDS)
        elif kind is ast.Subscript:
            self.expression(node.value, _ENDS)
            self.expression(node.slice, _ENDS)
        elif kind is ast.Tuple or kind is ast.List:
            inner = _ENDS if context is _ENDS else _ESCAPES
            for element in node.elts:
                self.expression(element, inner)
        elif kind is ast.Dict:
            inner = _ENDS if context is _ENDS else _ESCAPES
            for key in node.keys:
                if key is not None:
                    self.expression(key, inner)
            for value in node.values:
                self.expression(value, inner)
        elif kind is ast.IfExp:
            self.expression(node.test, _ENDS)
            self.expression(node.body, context)
            self.expression(node.orelse, context)
        elif kind is ast.Starred:
            self.expression(node.value, context)
        elif kind is ast.Lambda:
            self._lambda(node)
        elif kind is ast.NamedExpr:
            self.expression(node.target, _ENDS)
            self.expression(node.value, _ESCAPES)
        elif kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            self._comprehension(node, context)
        else:  # f-strings, slices, await, yield, ...: values end there
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expression(child, _ENDS)

    def _attribute(self, node: ast.Attribute, context: str) -> None:
        root, attrs = node, []
        while type(root) is ast.Attribute:
            attrs.append(root.attr)
            root = root.value
        if type(root) is ast.Name and (root.id in self.imported or self.star):
            self._chain(node, root.id, "".join(f".{a}" for a in reversed(attrs)), context)
        else:
            # The object read from may be a reference in disguise (``(a if c else b).Dense``).
            self.expression(node.value, _ESCAPES)

    def _chain(self, node: ast.expr, name: str, suffix: str, context: str) -> None:
        """A ``name.attr...`` chain of a name that may be imported: judge where it stands."""
        references = self._references(name, suffix)
        if not references or context is _ENDS:
            return
        if context is _CALLED:
            if any(root_call(dotted) for dotted in references):
                raise _Root("call", references)
        elif context is _BASE:
            if any(root_base(dotted) for dotted in references):
                raise _Root("base", references)
        elif any(reachable(dotted) for dotted in references):
            raise _Root("escapes", references)

    def _references(self, name: str, suffix: str) -> list[str]:
        found = [f"{dotted}{suffix}" for dotted in self.imported.get(name, ())]
        for module in self.star:
            if keras_api.exports(module, name):
                found.append(f"{module}.{name}{suffix}")
        return found

    def _call(self, node: ast.Call) -> None:
        func = node.func
        if type(func) is ast.Attribute and func.attr in keras_api.MODEL_METHODS:
            receiver = func.value
            if not self._own_instance(receiver) and not self._always_imported(receiver):
                raise _Root("method", func.attr)
        self.expression(func, _CALLED)
        argument = _ENDS if self._library(func) else _ESCAPES
        for arg in node.args:
            self.expression(arg, argument)
        for keyword in node.keywords:
            self.expression(keyword.value, argument)

    def _own_instance(self, receiver: ast.expr) -> bool:
        """``self`` in a method: the interpreter binds it to an instance of the file's class."""
        if self.method is None or type(receiver) is not ast.Name:
            return False
        name, body = self.method
        if receiver.id != name:
            return False
        key = id(body)
        if key not in self._rebound:
            self._rebound[key] = _rebinds(body, name)
        return not self._rebound[key]

    def _always_imported(self, node: ast.expr) -> bool:
        """Whether a chain's name is only ever imported, by the module's own body, before the
        module statement it stands in (``re.compile``: a method is recorded only on what may
        be a model). A function runs only once its ``def`` has, so after such an import."""
        while type(node) is ast.Attribute:
            node = node.value
        if type(node) is not ast.Name or node.id in self.names.other or node.id in self.local:
            return False
        line = self.names.module_imports.get(node.id)
        self.relied.add(node.id)
        return line is not None and line < self.line

    def _library(self, func: ast.expr) -> bool:
        """Whether a call certainly runs no function of this file, so its arguments end."""
        names = self.names
        if type(func) is ast.Name:
            self.relied.add(func.id)
            return func.id not in names.other and func.id not in self.local
        if type(func) is ast.Attribute:
            root = func.value
            while type(root) is ast.Attribute:
                root = root.value
            if (
                type(root) is ast.Name
                and root.id in self.imported
                and root.id not in names.other
                and root.id not in self.local
            ):
                self.relied.add(root.id)
                return True  # a reference: a library's function or class
            # A method or attribute of the file's own objects has one of these names.
            self.relied.add(func.attr)
            return func.attr not in names.functions and func.attr not in names.attributes
        return False

    def _lambda(self, node: ast.Lambda) -> None:
        parameters = {parameter.arg for parameter in _parameters(node.args)}
        if "y_pred" in parameters:
            raise _Root("y_pred")
        self._defaults(node.args)
        outer = self.method, self.local
        self.method, self.local = None, self.local | parameters
        try:
            self.expression(node.body, _ESCAPES)
        finally:
            self.method, self.local = outer

    def _comprehension(self, node: ast.expr, context: str) -> None:
        inner = _ENDS if context is _ENDS else _ESCAPES
        targets: set[str] = set()
        for generator in node.generators:
            _bound(generator.target, targets, self.late)
        outer = self.local
        self.local = self.local | targets
        try:
            for generator in node.generators:
                self._target(generator.target)
                self.expression(generator.iter, inner)
                for condition in generator.ifs:
                    self.expression(condition, _ENDS)
            if type(node) is ast.DictComp:
                self.expression(node.key, inner)
                self.expression(node.value, inner)
            else:
                self.expression(node.elt, inner)
        finally:
            self.local = outer

    def _defaults(self, arguments: ast.arguments) -> None:
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                self.expression(default, _ESCAPES)

    # -- statements ------------------------------------------------------------------

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        kind = type(node)
        if kind is ast.Expr:
            self.expression(node.value, _ENDS)
        elif kind is ast.Assign:
            self.expression(node.value, _ESCAPES)
            for target in node.targets:
                self._target(target)
        elif kind is ast.AugAssign or kind is ast.AnnAssign:
            if node.value is not None:
                self.expression(node.value, _ESCAPES)
            self._target(node.target)
        elif kind is ast.Return:
            if node.value is not None:
                self.expression(node.value, _ESCAPES)
        elif kind is ast.If or kind is ast.While:
            self.expression(node.test, _ENDS)
            self.block(node.body)
            self.block(node.orelse)
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            self._function(node)
        elif kind is ast.ClassDef:
            self._class(node)
        elif kind is ast.For or kind is ast.AsyncFor:
            self.expression(node.iter, _ESCAPES)
            self._target(node.target)
            self.block(node.body)
            self.block(node.orelse)
        elif kind is ast.With or kind is ast.AsyncWith:
            for item in node.items:
                self.expression(item.context_expr, _ENDS)
                if item.optional_vars is not None:
                    self._target(item.optional_vars)
            self.block(node.body)
        elif kind is ast.Try or kind is ast.TryStar:
            self.block(node.body)
            for handler in node.handlers:
                if handler.type is not None:
                    self.expression(handler.type, _ENDS)
                self.block(handler.body)
            self.block(node.orelse)
            self.block(node.finalbody)
        elif kind in (ast.Import, ast.ImportFrom, ast.Pass, ast.Break, ast.Continue):
            return
        else:  # raise, assert, delete, match, global, ...: values end there
            self._generic(node)

    def _generic(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child, _ENDS)
            elif isinstance(child, ast.stmt):
                self.statement(child)
            else:  # match_case, pattern, ...
                self._generic(child)

    def _target(self, node: ast.expr) -> None:
        """Parts of an assignment target (``a[i]``, ``self.x``) are only read."""
        kind = type(node)
        if kind is ast.Tuple or kind is ast.List:
            for element in node.elts:
                self._target(element)
        elif kind is ast.Starred:
            self._target(node.value)
        elif kind is ast.Attribute:
            self.expression(node.value, _ENDS)
        elif kind is ast.Subscript:
            self.expression(node.value, _ENDS)
            self.expression(node.slice, _ENDS)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.expression(decorator, _ENDS)
        self._defaults(node.args)
        positional = [*node.args.posonlyargs, *node.args.args]
        outer = self.method, self.in_class
        self.method = (positional[0].arg, node.body) if self.in_class and positional else None
        self.in_class = False
        try:
            self.block(node.body)
        finally:
            self.method, self.in_class = outer

    def _class(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.expression(decorator, _ENDS)
        for base in node.bases:
            self.expression(base, _BASE)
        for keyword in node.keywords:
            self.expression(keyword.value, _ENDS)
        outer = self.method, self.in_class
        self.method, self.in_class = None, True
        try:
            self.block(node.body)
        finally:
            self.method, self.in_class = outer


def _bound(target: ast.expr, names: set[str], attributes: set[str]) -> None:
    """The names (and attribute names) an assignment target binds."""
    kind = type(target)
    if kind is ast.Name:
        names.add(target.id)
    elif kind is ast.Attribute:
        attributes.add(target.attr)
    elif kind is ast.Tuple or kind is ast.List:
        for element in target.elts:
            _bound(element, names, attributes)
    elif kind is ast.Starred:
        _bound(target.value, names, attributes)


def _rebinds(body: list[ast.stmt], name: str) -> bool:
    """Whether a function body binds ``name`` again (anywhere, nested scopes included)."""
    for statement in body:
        for node in ast.walk(statement):
            kind = type(node)
            if kind is ast.Name and node.id == name and type(node.ctx) is not ast.Load:
                return True
            if kind is ast.arg and node.arg == name:
                return True
            if (kind is ast.Global or kind is ast.Nonlocal) and name in node.names:
                return True
    return False


def may_fire(tree: ast.Module) -> bool:
    """False only when the facts layer would record nothing for this module, so no rule
    can fire on it."""
    try:
        _Screen(_Names(tree)).module(tree)
    except (_Root, RecursionError):  # too deep to screen: let the analysis decide
        return True
    return False
