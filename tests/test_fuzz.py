"""Fuzzing the readers of user input (issue 13): formulas, network files, CSV files and model
files. Every example must end in success or a :class:`ChainruleError` — never another
exception — within a time bound. Examples are bounded (the suite stays fast); run with
``FUZZ_EXAMPLES=2000 HYPOTHESIS_PROFILE=thorough`` for a longer, random hunt."""

from __future__ import annotations

import io as bytes_io
import json
import os
import time
import zipfile

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule import io
from chainrule.data import load_csv
from chainrule.errors import ChainruleError
from chainrule.explain import Network, explain
from chainrule.symbolic import diff, parse

FAST = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SECONDS = 10.0


def clean(call) -> object:
    """``call()``'s result, or the ChainruleError it raised; anything else fails the test."""
    start = time.perf_counter()
    try:
        out = call()
    except ChainruleError as exc:
        out = exc
    assert time.perf_counter() - start < SECONDS
    return out


# -- formulas ---------------------------------------------------------------------------------
ATOMS = st.sampled_from(["x", "y", "2", "0", "0.5", "1e3", "9", "pi", "e", "100", "-1"])
FUNCS = st.sampled_from(["sin", "exp", "ln", "sqrt", "σ", "tanh", "abs", ""])
OPS = st.sampled_from(["+", "-", "*", "/", "^", "**", " ", "·"])


@st.composite
def formulas(draw) -> str:
    """Formulas grown from atoms by operators, functions and powers — deep and wide."""
    text = draw(ATOMS)
    for _ in range(draw(st.integers(0, 12))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            text = f"{text}{draw(OPS)}{draw(ATOMS)}"
        elif choice == 1:
            text = f"{draw(FUNCS)}({text})"
        elif choice == 2:
            text = f"({text})^{draw(st.sampled_from(['2', '100', '99', '0.5', '-1', '1.04']))}"
        else:
            text = f"({text}){draw(OPS)}({text})"
    return text[:1200]


NOISE = st.text(alphabet="xy()^*+-/.,|²⁻¹0123456789eπσ√ \x1b\u202e", max_size=60)


@FAST
@given(st.one_of(formulas(), NOISE))
def test_formulas_parse_and_differentiate_cleanly(text):
    parsed = clean(lambda: parse(text))
    if not isinstance(parsed, ChainruleError) and "x" in parsed.variables:
        clean(lambda: diff(parsed, "x"))


# -- network files ----------------------------------------------------------------------------
GOOD = st.floats(-10, 10)
NUMBER = st.one_of(GOOD, GOOD, GOOD, st.floats(allow_nan=True, allow_infinity=True),
                   st.integers(-10**30, 10**30), st.text(max_size=5), st.booleans())


@st.composite
def network_dicts(draw) -> dict:
    """A consistent network (1–2 layers) with up to two corruptions: a field replaced by a
    hostile value, a list cut or lengthened, a key dropped, a hostile name."""
    width, units = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    vec = lambda n: draw(st.lists(GOOD, min_size=n, max_size=n))  # noqa: E731
    data = {
        "learning_rate": draw(st.floats(0.01, 1)), "inputs": vec(width),
        "targets": draw(st.lists(st.floats(0, 1), min_size=units, max_size=units)),
        "layers": [{"weights": [vec(width) for _ in range(units)], "biases": vec(units),
                    "activation": draw(st.sampled_from(["sigmoid", "relu", "tanh"]))}],
        "loss": {"kind": draw(st.sampled_from(["mse", "half_sse"]))},
    }
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(sorted(data)))
        how = draw(st.integers(0, 3))
        if how == 0:
            data[key] = draw(NUMBER)
        elif how == 1 and isinstance(data[key], list) and data[key]:
            data[key] = data[key][:-1] if draw(st.booleans()) else data[key] + [draw(NUMBER)]
        elif how == 2:
            del data[key]
        else:
            data["input_names"] = draw(st.lists(st.text(max_size=6), min_size=width,
                                                max_size=width))
    return data


@FAST
@given(network_dicts())
def test_network_dicts_build_cleanly(data):
    net = clean(lambda: Network.from_dict(data))
    if isinstance(net, Network):  # a valid network explains and renders cleanly too
        clean(lambda: explain(net).to_markdown())


@FAST
@given(st.binary(max_size=300), st.booleans())
def test_network_files_of_any_bytes(tmp_path_factory, raw, bom):
    path = tmp_path_factory.mktemp("net") / "n.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
    clean(lambda: Network.from_toml(path))


# -- CSV ----------------------------------------------------------------------------------------
CELL = st.one_of(st.sampled_from(["1", "0", "-2.5", "1e39", "nan", "inf", "", "a", "1e400",
                                  "10000000", " 3 "]),
                 st.floats(allow_nan=False).map(repr), st.text(max_size=4))


@FAST
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=8),
       st.sampled_from([",", ";", "\t"]), st.booleans())
def test_csv_files_load_cleanly(tmp_path_factory, rows, sep, bom):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    table = clean(lambda: load_csv(path))
    if not isinstance(table, ChainruleError):
        assert np.isfinite(table.X).all()
        assert table.y is None or np.isfinite(table.y.astype(float)).all()


# -- model files ----------------------------------------------------------------------------
def _npy(header: dict, body: bytes) -> bytes:
    buf = bytes_io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue() + body


@st.composite
def model_files(draw) -> bytes:
    arch = draw(st.one_of(
        st.none(), st.just({"type": "Sequential", "layers": [
            {"type": "Dense", "in_features": draw(st.integers(-2, 10**6)),
             "out_features": draw(st.integers(-2, 10**6))}]}),
        st.recursive(st.just({}), lambda c: st.lists(c, max_size=2), max_leaves=20)))
    meta = json.dumps({"format": draw(st.sampled_from([1, 2])), "kind": draw(
        st.sampled_from(["model", "checkpoint", "x"])), "arch": arch,
        "epoch": draw(st.integers(-5, 5))})
    buf = bytes_io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        meta_buf = bytes_io.BytesIO()
        np.save(meta_buf, np.array(meta))
        zf.writestr("__chainrule__.npy", meta_buf.getvalue())
        for i in range(draw(st.integers(0, 2))):
            shape = tuple(draw(st.lists(st.integers(0, 10**7), max_size=3)))
            descr = draw(st.sampled_from(["<f4", "<f8", "<U4", "|b1", "<i8"]))
            body = draw(st.binary(max_size=64))
            zf.writestr(f"{i}.weight.npy", _npy({"descr": descr, "fortran_order": False,
                                                "shape": shape}, body))
    raw = buf.getvalue()
    if draw(st.booleans()):  # flip some bytes
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=8)) + raw[cut + 8:]
    return raw


@FAST
@given(model_files())
def test_model_files_load_cleanly(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("model") / "m.npz"
    path.write_bytes(raw)
    clean(lambda: io.load(path))
    clean(lambda: io.load_checkpoint(path))
