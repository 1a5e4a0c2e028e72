"""The open-data files' JSON (formats/jsontext.py) is what `json.dumps` writes, byte for byte:
partners and their tests compare files, and the site must not change with the writer."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.formats.jsontext import indented


def _standard(data: object, indent: int = 1) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, default=str)


class Level(enum.IntEnum):
    HIGH = 3


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.dates(),
)
KEYS = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=3))
def test_any_value_is_written_as_json_writes_it(data, indent) -> None:
    assert indented(data, indent, str) == _standard(data, indent)


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[], {}]},
        {"name": 'Zoé « CII » \u2028 \\ "quoted"\n\t\x00', "n": Level.HIGH, "x": -0.0},
        {"big": 1e300, "small": 5e-324, "nan": math.nan, "inf": -math.inf, 1: 2, None: 0, 2.5: 1},
        {True: "yes", False: "no"},
        {"day": dt.date(2023, 9, 1), "nested": [{"when": dt.datetime(2023, 1, 2, 3, 4)}]},
    ],
    ids=[
        "empty dict",
        "empty list",
        "empty inside",
        "escapes",
        "numbers and keys",
        "true and false keys",
        "default",
    ],
)
def test_edge_cases_are_written_as_json_writes_them(data) -> None:
    assert indented(data, 1, str) == _standard(data)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        indented({"set": {1}})
    with pytest.raises(TypeError):
        indented({(1, 2): "tuple key"})
