"""Agreement with peers: every rule-table row against PyTorch, SymPy and micrograd, in one run.

For each element-wise row of :mod:`chainrule.rules` (at points inside its domain, away from
kinks) it prints the largest relative difference of the value and of the gradient computed by

* the scalar engine (``Value``, float64) and the array engine (``Tensor``, float64 and float32),
* against SymPy's exact derivative of the same function evaluated to 30 digits (always), and
* against PyTorch (CPU) when it can be imported (from the environment or ``benchmarks/.deps``;
  PyTorch is not a dependency: its PyPI wheel pulls gigabytes of CUDA libraries),

and runs micrograd 0.1.0's own ``test_engine.py`` formulas (installed into ``benchmarks/.deps``
by ``scalar_engine.py``) on both engines. Targets: float64 1e-12, float32 2e-5 relative. Run::

    .venv/bin/python benchmarks/against_peers.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from chainrule import rules
from chainrule.rules.symbolic import SYMPY, relu, sigmoid, step
from chainrule.scalar import Value, apply
from chainrule.tensor import Tensor
from chainrule.tensor import apply as tensor_apply
from chainrule.tensor.elementwise import ROW_OPS

DEPS = Path(__file__).resolve().parent / ".deps"
CANDIDATES = (-1.7, -0.7, 0.4, 0.55, 1.3, 2.2)
#: PyTorch's spelling of each row (a callable on tensors), where it has one.
TORCH = {"sigmoid": "sigmoid", "relu": "relu", "tanh": "tanh", "exp": "exp", "log": "log",
         "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tan": "tan", "asin": "asin",
         "acos": "acos", "atan": "atan", "sinh": "sinh", "cosh": "cosh", "asinh": "asinh",
         "acosh": "acosh", "atanh": "atanh", "erf": "erf", "expm1": "expm1", "log1p": "log1p",
         "log10": "log10", "abs": "abs", "neg": "neg", "add": "add", "sub": "sub", "mul": "mul",
         "div": "div", "pow": "pow", "max": "maximum", "min": "minimum"}


def points(row: rules.Rule) -> list[tuple[float, ...]]:
    n = row.arity
    return [p for p in itertools.product(CANDIDATES, repeat=n)
            if row.domain_error(*p) is None and (n < 2 or p[0] != p[1])][:12]


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300) if b != 0 else abs(a)


def exact(row: rules.Rule, xs: tuple[float, ...]) -> tuple[float, list[float]]:
    syms = sp.symbols(f"x0:{row.arity}", real=True)
    f = sp.sympify(row.compute(SYMPY, *syms))
    f = f.replace(sigmoid, lambda a: 1 / (1 + sp.exp(-a))).replace(
        relu, lambda a: sp.Max(0, a)).replace(step, lambda a: sp.Heaviside(a, 0))
    at = dict(zip(syms, (sp.Float(x, 30) for x in xs)))
    n = row.arity - len(row.params)
    return float(f.subs(at).evalf(30)), [float(sp.diff(f, s).subs(at).evalf(30))
                                         for s in syms[:n]]


def ours(row: rules.Rule, xs: tuple[float, ...], dtype: Any) -> tuple[float, list[float]]:
    n = row.arity - len(row.params)
    if dtype is None:  # the scalar engine
        vs = [Value(x) for x in xs]
        out = apply(row, *vs)
        out.backward()
        return out.data, [v.grad for v in vs[:n]]
    ts = [Tensor(np.array(x, dtype=dtype), requires_grad=True) for x in xs[:n]]
    params = tuple(xs[n:])
    out = tensor_apply(ROW_OPS[row.name], *ts, params=params) if params else \
        tensor_apply(ROW_OPS[row.name], *ts)
    out.backward()
    return float(out.data), [float(t.grad) for t in ts]


def load_torch() -> Any:
    sys.path.append(str(DEPS))
    try:
        import torch
    except ImportError:
        return None
    return torch


def theirs(torch: Any, row: rules.Rule, xs: tuple[float, ...], dtype: Any) -> Any:
    if row.name not in TORCH and row.name not in ("elu", "gelu", "softplus", "leaky_relu"):
        return None
    n = row.arity - len(row.params)
    ts = [torch.tensor(x, dtype=dtype, requires_grad=True) for x in xs[:n]]
    F = torch.nn.functional
    fn = {"elu": lambda x: F.elu(x, xs[1]), "gelu": F.gelu,
          "softplus": lambda x: F.softplus(x, threshold=1e9),  # no linear cut-off at x > 20
          "leaky_relu": lambda x: F.leaky_relu(x, xs[1])}.get(row.name) or \
        getattr(torch, TORCH[row.name])
    out = fn(*ts)
    out.backward()
    return float(out), [float(t.grad) for t in ts]


def main() -> None:
    torch = load_torch()
    print("torch:", torch.__version__ if torch else "not installed (skipped; PyPI's wheel "
          "pulls GBs of CUDA libraries)")
    print(f"{'row':11s} {'points':>6s}  max relative difference of value and gradient")
    print(f"{'':11s} {'':>6s}  {'scalar64/sympy':>15s} {'tensor64/sympy':>15s} "
          f"{'tensor32/sympy':>15s} {'tensor64/torch':>15s} {'tensor32/torch':>15s}")
    worst = {"64": 0.0, "32": 0.0}
    for row in rules.ROWS.values():
        if row.arity is None:
            continue
        cols = [0.0] * 5
        pts = points(row)
        for xs in pts:
            want = exact(row, xs)
            for k, dtype in enumerate((None, np.float64, np.float32)):
                got = ours(row, xs, dtype)
                cols[k] = max(cols[k], rel(got[0], want[0]),
                              *(rel(a, b) for a, b in zip(got[1], want[1])))
            if torch is not None:
                for k, (np_t, th_t) in enumerate(((np.float64, torch.float64),
                                                  (np.float32, torch.float32))):
                    ref = theirs(torch, row, xs, th_t)
                    if ref is not None:
                        got = ours(row, xs, np_t)
                        cols[3 + k] = max(cols[3 + k], rel(got[0], ref[0]),
                                          *(rel(a, b) for a, b in zip(got[1], ref[1])))
        worst["64"] = max(worst["64"], cols[0], cols[1], cols[3])
        worst["32"] = max(worst["32"], cols[2], cols[4])
        shown = [f"{c:15.1e}" if (k < 3 or torch is not None) else f"{'—':>15s}"
                 for k, c in enumerate(cols)]
        print(f"{row.name:11s} {len(pts):6d}  {' '.join(shown)}")
    print(f"\nworst float64: {worst['64']:.1e} (target 1e-12); "
          f"worst float32: {worst['32']:.1e} (target 2e-5)")
    micrograd()


def _sanity(V: Any) -> tuple[float, float]:
    x = V(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return y.data, x.grad


def _more_ops(V: Any) -> tuple[float, float, float]:
    a, b = V(-4.0), V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g.data, a.grad, b.grad


def micrograd() -> None:
    sys.path.insert(0, str(DEPS))
    try:
        from micrograd.engine import Value as MgValue
    except ImportError:
        print("micrograd: not installed (run benchmarks/scalar_engine.py once to install it)")
        return
    for name, case in (("test_sanity_check", _sanity), ("test_more_ops", _more_ops)):
        mine, theirs_ = case(Value), case(MgValue)
        diff = max(rel(a, b) for a, b in zip(mine, theirs_))
        print(f"micrograd {name}: chainrule {tuple(round(v, 6) for v in mine)} vs micrograd "
              f"{tuple(round(v, 6) for v in theirs_)}: max relative difference {diff:.1e}")


if __name__ == "__main__":
    main()
