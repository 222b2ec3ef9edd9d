"""pandas DataFrames: files read, literal frames, columns, ``drop``/``pop``, ``.values``."""

from __future__ import annotations

import libcst as cst

from zerolint.facts import array_ops, arrays, indexing
from zerolint.facts.data_args import (
    argument_expr,
    bind,
    describe,
    dtype_of,
    integer,
    is_none,
    strings,
    words,
)
from zerolint.facts.data_values import Array, Frame, Rows, Scaling, Statistic, new_array
from zerolint.facts.values import UNKNOWN, Const, Mapping, Seq, Value

_READERS = frozenset(
    {
        "read_csv",
        "read_table",
        "read_excel",
        "read_parquet",
        "read_json",
        "read_feather",
        "read_pickle",
        "read_sql",
        "read_sql_query",
        "read_sql_table",
        "read_hdf",
        "read_fwf",
        "read_orc",
        "read_stata",
        "read_sas",
        "read_spss",
    }
)
# Methods that return the frame's rows unchanged (a copy, or reordered / filled).
_SAME_ROWS = words("copy reset_index fillna sort_values sort_index infer_objects ffill bfill")
# Methods that return some of the frame's rows.
_SOME_ROWS = words("dropna head tail drop_duplicates query sample nlargest")
# Methods that return something new without changing the frame (unless ``inplace=True``).
_PURE = words(
    """describe info isna isnull notna notnull nunique value_counts corr cov count memory_usage
    plot hist to_csv to_json equals any all duplicated rename merge join groupby apply applymap
    assign set_index pivot pivot_table melt replace round abs select_dtypes filter iterrows
    itertuples items to_dict agg aggregate transform unique idxmax idxmin corrwith diff shift
    rolling expanding clip where mask isin between get keys"""
)
_STATISTICS = words("mean std var min max median sum")


def reader(name: str, positional: list[Value], keywords: dict, node: cst.Call) -> Frame | None:
    """``pd.read_csv(...)`` and friends: a frame whose columns are not known (unless named)."""
    if name not in _READERS:
        return None
    origin = describe(node)
    columns = None
    names = strings(keywords.get("names"))
    if names is not None and "usecols" not in keywords and is_none(keywords.get("index_col")):
        columns = names
    return Frame(columns=columns, origin=origin, node=node, rows=Rows(origin))


def data_frame(positional: list[Value], keywords: dict, node: cst.Call) -> Frame | None:
    """``pd.DataFrame(data, columns=...)``."""
    named = bind(("data", "index", "columns", "dtype", "copy"), positional, keywords)
    if named is None:
        return None
    origin = describe(node)
    data = named.get("data")
    names = strings(named["columns"]) if "columns" in named else None
    if "columns" in named and names is None:
        return None
    if isinstance(data, Frame):
        return data if names is None else None
    if isinstance(data, Mapping):
        if names is not None or not all(isinstance(key, str) for key, _ in data.items):
            return None
        rows = Rows(origin)
        columns = []
        for key, value in data.items:
            array = arrays.as_array(value, node)
            if array is not None:
                columns.append((key, array.replace(rows=rows)))
        counts = {a.shape[0] for _, a in columns if a.shape and a.shape[0] is not None}
        return Frame(
            columns=tuple(key for key, _ in data.items),
            data=tuple(columns),
            n_rows=counts.pop() if len(counts) == 1 else None,
            origin=origin,
            node=node,
            rows=rows,
        )
    array = arrays.as_array(data, node) if data is not None else None
    if array is None:
        return Frame(columns=names, origin=origin, node=node, rows=Rows(origin))
    if array.shape is not None and len(array.shape) != 2:
        return None
    columns = ()
    if names is not None and array.columns is not None and len(array.columns) == len(names):
        columns = tuple(zip(names, array.columns, strict=True))
    return Frame(
        columns=names,
        data=columns,
        n_rows=array.shape[0] if array.shape else None,
        scaling=array.scaling,
        origin=origin,
        node=node,
        rows=array.rows or Rows(origin),
    )


def column(frame: Frame, name: str, node: cst.CSTNode) -> Array | None:
    """``df["name"]``: one column (a Series), as an Array that remembers its frame."""
    if frame.contains(name) is False:
        return None
    if isinstance(node, cst.Subscript | cst.Attribute):
        origin = f'{describe(node.value)}["{name}"]'
    else:
        origin = describe(node)  # ``df.pop("name")``
    known = frame.column_data(name)
    facts = {"name": name, "frame": frame, "rows": frame.rows, "origin": origin, "node": node}
    if known is not None:
        scaling = frame.scaling or known.scaling
        return known.replace(shape=(frame.n_rows,), columns=None, scaling=scaling, **facts)
    return new_array(shape=(frame.n_rows,), one_hot=False, scaling=frame.scaling, **facts)


def select(frame: Frame, names: tuple[str, ...], node: cst.CSTNode) -> Frame | None:
    """``df[["a", "b"]]``."""
    if any(frame.contains(name) is False for name in names):
        return None
    data = tuple((key, array) for key, array in frame.data if key in names)
    return Frame(
        columns=names,
        data=data,
        n_rows=frame.n_rows,
        scaling=frame.scaling,
        origin=frame.origin,
        node=frame.node,
        rows=frame.rows,
    )


def without(frame: Frame, names: tuple[str, ...]) -> Frame:
    """The frame without the columns ``names``."""
    columns = None
    if frame.columns is not None:
        columns = tuple(c for c in frame.columns if c not in names)
    return Frame(
        columns=columns,
        data=tuple((key, array) for key, array in frame.data if key not in names),
        dropped=frame.dropped | set(names),
        n_rows=frame.n_rows,
        scaling=frame.scaling,
        origin=frame.origin,
        node=frame.node,
        rows=frame.rows,
    )


def some_rows(frame: Frame, node: cst.CSTNode, count: int | None = None) -> Frame:
    """Some of the frame's rows (a filter, ``dropna``, ``head``): a subset of its samples."""
    return Frame(
        columns=frame.columns,
        data=frame.data,
        dropped=frame.dropped,
        n_rows=count,
        scaling=frame.scaling,
        origin=frame.origin,
        node=frame.node,
        rows=indexing.row_subset(frame.rows, describe(node)),
    )


def method(
    frame: Frame, name: str, positional: list[Value], keywords: dict, node: cst.Call
) -> tuple[Value, Value | None] | None:
    """A DataFrame method: (result, the frame's new value or None)."""
    inplace = keywords.get("inplace")
    in_place_known = name in ("drop", "dropna", "fillna", "reset_index")
    if inplace not in (None, Const(False)) and (inplace != Const(True) or not in_place_known):
        return None
    if name == "drop":
        dropped = _drop(frame, positional, keywords, node)
        if dropped is None:
            return None
        return (Const(None), dropped) if inplace == Const(True) else (dropped, None)
    if name == "pop" and len(positional) == 1 and not keywords:
        names = strings(positional[0])
        if names is None or len(names) != 1 or not isinstance(positional[0], Const):
            return None
        popped = column(frame, names[0], node)
        if popped is None:
            return None
        return popped, without(frame, names)
    if inplace == Const(True):
        changed = frame if name in _SAME_ROWS else some_rows(frame, node)
        return Const(None), changed
    if name in ("to_numpy", "as_matrix") and not positional:
        return arrays.frame_values(frame, node), None
    if name in _SAME_ROWS:
        return frame, None
    if name in _SOME_ROWS:
        return _some(frame, name, positional, keywords, node), None
    if name == "astype" and len(positional) == 1 and not keywords:
        dtype = dtype_of(positional[0], argument_expr(node, 0, "dtype"))
        data = tuple((key, array_ops.cast(a, dtype, node)) for key, a in frame.data)
        return _with(frame, data=data), None
    if name in _STATISTICS:
        return Statistic(name, frame, _axis(keywords), node), None
    if name in _PURE:
        return UNKNOWN, None
    return None


def _axis(keywords: dict) -> object:
    axis = keywords.get("axis")
    return 0 if axis is None else (axis.value if isinstance(axis, Const) else UNKNOWN)


def _some(frame: Frame, name: str, positional: list[Value], keywords: dict, node) -> Frame:
    if name == "sample":
        fraction = keywords.get("frac")
        if fraction == Const(1) or fraction == Const(1.0):
            return frame  # a shuffle: the same rows
    if name in ("head", "tail") and frame.n_rows is not None:
        named = bind(("n",), positional, keywords)
        count = integer(named.get("n", Const(5))) if named is not None else None
        if count is not None:
            return some_rows(frame, node, min(count, frame.n_rows))
    return some_rows(frame, node)


def _with(frame: Frame, **changes) -> Frame:
    fields = {
        "columns": frame.columns,
        "data": frame.data,
        "dropped": frame.dropped,
        "n_rows": frame.n_rows,
        "scaling": frame.scaling,
        "origin": frame.origin,
        "node": frame.node,
        "rows": frame.rows,
    }
    fields.update(changes)
    return Frame(**fields)


def _drop(frame: Frame, positional: list[Value], keywords: dict, node: cst.Call) -> Frame | None:
    named = bind(("labels", "axis", "index", "columns"), positional, keywords)
    if named is None:
        return None
    if "columns" in named:
        names = strings(named["columns"])
        return without(frame, names) if names is not None else None
    if "index" in named:
        return some_rows(frame, node)
    axis = named.get("axis", Const(0))
    if axis in (Const(1), Const("columns")):
        names = strings(named.get("labels"))
        return without(frame, names) if names is not None else None
    if axis in (Const(0), Const("index")):
        return some_rows(frame, node)
    return None


def attribute(frame: Frame, name: str, node: cst.Attribute) -> Value | None:
    if name == "values":
        return arrays.frame_values(frame, node)
    if name == "columns" and frame.columns is not None:
        return Seq(tuple(Const(c) for c in frame.columns), node)
    if name == "shape":
        width = len(frame.columns) if frame.columns is not None else None
        dims = (frame.n_rows, width)
        return Seq(tuple(Const(d) if d is not None else UNKNOWN for d in dims), node)
    if frame.columns is not None and name in frame.columns:
        return column(frame, name, node)  # ``df.price``
    return None


def subscript(frame: Frame, indices: list[Value], node: cst.Subscript) -> Value | None:
    kinds = indexing.index_kinds(indices, node)
    if len(kinds) != 1:
        return None
    kind = kinds[0]
    if kind[0] == "key":
        return column(frame, kind[1], node)
    if kind[0] == "keys" and all(isinstance(name, str) for name in kind[1]):
        return select(frame, kind[1], node)
    if kind[0] == "array" and kind[1].dtype == "bool":
        return some_rows(frame, node)
    if kind[0] == "slice":
        return frame if indexing.is_full(kind) else some_rows(frame, node)
    return None


def binary(op: cst.BaseBinaryOp, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``df / 255``, ``(df - df.mean()) / df.std()``: every column changes alike."""
    if not isinstance(left, Frame) or isinstance(right, Frame | Array):
        return None
    if isinstance(right, Statistic):
        if not isinstance(right.of, Frame):
            return None
        if isinstance(op, cst.Subtract) and right.kind in ("mean", "median", "min"):
            return _with(left, data=())
        if isinstance(op, cst.Divide) and right.kind in ("std", "var", "max"):
            kind = "standardize" if right.kind != "max" else "max"
            step = Scaling(kind, node, right.of, right.axis)
            return _with(left, data=(), scaling=(*left.scaling, step))
        return None
    constant = right.value if isinstance(right, Const) else None
    if type(constant) not in (int, float):
        return None
    kind = type(op)
    data = []
    for key, array in left.data:
        changed = array_ops.with_constant(kind, array, constant, False, node)
        if changed is not None:
            data.append((key, changed))
    shrinks = (kind is cst.Divide and abs(constant) > 1) or (
        kind is cst.Multiply and 0 < abs(constant) < 1
    )
    scaling = (*left.scaling, Scaling("constant", node)) if shrinks else left.scaling
    return _with(left, data=tuple(data), scaling=scaling)


def get_dummies(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    """``pd.get_dummies(series)``: one-hot rows, one column per distinct value."""
    named = bind(("data", "prefix", "prefix_sep", "dummy_na", "columns"), positional, keywords)
    if named is None:
        return None
    data = named.get("data")
    source = arrays.as_array(data, node)
    if isinstance(data, Frame) or source is None or source.ndim not in (None, 1):
        return None  # a whole frame: columns renamed and added, not followed
    exact = keywords.get("drop_first") in (None, Const(False)) and keywords.get("dummy_na") in (
        None,
        Const(False),
    )
    count = len(source.distinct) if source.distinct is not None else None
    return new_array(
        shape=(source.shape[0] if source.shape else None, count),
        distinct=frozenset({0, 1}),
        one_hot=True if exact else None,
        n_classes=count if exact else None,
        origin=describe(node),
        node=node,
        rows=source.rows,
    )
