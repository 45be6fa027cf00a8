"""How the RNN's numbers are named: one key per scalar (what a learner types, what tables and
JSON show) and its LaTeX.

=================  ======================  ==========================================
quantity           key (H = 1 / H > 1)      LaTeX
=================  ======================  ==========================================
x_t                ``x2`` / ``x2[1]``       x_{2} / x_{2,1}
z_t, h_t           ``z2``, ``h2[1]``        z_{2}, h_{2,1}
z_o, o             ``z_o``, ``o[1]``        z_{o}, o_{1}
target             ``ŷ``, ``ŷ[1]``          \\hat{y}, \\hat{y}_{1}
parameter entry    ``W_hh``, ``W_hh[1,2]``  W_{hh}, (W_{hh})_{1,2}
=================  ======================  ==========================================

Indices count from 1 (row, then column): ``W_hh[i,j]`` multiplies h_{t−1}[j] into z_t[i].
"""

from __future__ import annotations

from chainrule.explain.render.document import Math

#: Symbol -> LaTeX of the parameter arrays (and b_h = b_ih + b_hh).
SYMBOL_LATEX = {"W_xh": "W_{xh}", "W_hh": "W_{hh}", "b_ih": "b_{ih}", "b_hh": "b_{hh}",
                "W_hy": "W_{hy}", "b_y": "b_{y}", "b_h": "b_{h}"}
_STATE_LATEX = {"x": "x", "z": "z", "h": "h"}
_OUT_LATEX = {"z_o": "z_{o}", "o": "o", "ŷ": r"\hat{y}"}


def _idx(indices: tuple[int, ...]) -> str:
    return ",".join(str(i + 1) for i in indices)


def param(sym: str, indices: tuple[int, ...], shape: tuple[int, ...]) -> Math:
    """Entry ``indices`` (0-based) of parameter ``sym`` of ``shape``."""
    tex = SYMBOL_LATEX[sym]
    if all(n == 1 for n in shape):
        return Math(sym, tex)
    return Math(f"{sym}[{_idx(indices)}]", rf"({tex})_{{{_idx(indices)}}}")


def state(letter: str, t: int, i: int, width: int) -> Math:
    """x_t, z_t or h_t (``letter``), unit ``i`` (0-based) of ``width``; t counts from 0 for h."""
    tex = _STATE_LATEX[letter]
    if width == 1:
        return Math(f"{letter}{t}", f"{tex}_{{{t}}}")
    return Math(f"{letter}{t}[{i + 1}]", f"{tex}_{{{t},{i + 1}}}")


def output(which: str, j: int, width: int) -> Math:
    """z_o, o or ŷ (``which``), entry ``j`` (0-based) of ``width``."""
    tex = _OUT_LATEX[which]
    if width == 1:
        return Math(which, tex)
    if which == "z_o":
        return Math(f"z_o[{j + 1}]", f"z_{{o,{j + 1}}}")
    return Math(f"{which}[{j + 1}]", f"{tex}_{{{j + 1}}}")


def vector(letter: str, t: int | None = None) -> Math:
    """The whole vector: h_t (``t`` given), z_o, o, δ_o …"""
    if t is None:
        return Math(letter, _OUT_LATEX.get(letter, SYMBOL_LATEX.get(letter, letter)))
    return Math(f"{letter}{t}", f"{_STATE_LATEX.get(letter, letter)}_{{{t}}}")


def grad(of: Math) -> Math:
    """∂E/∂(of)."""
    return Math(f"∂E/∂{of.text}", rf"\frac{{\partial E}}{{\partial {of.latex}}}")


def delta(t: int | None, i: int | None = None, width: int = 1) -> Math:
    """δ_t (unit i), or δ_o (t None): the error at a net input, ∂E/∂z."""
    if t is None:
        if i is None or width == 1:
            return Math("δ_o", r"\delta_{o}")
        return Math(f"δ_o[{i + 1}]", rf"\delta_{{o,{i + 1}}}")
    if i is None or width == 1:
        return Math(f"δ{t}", rf"\delta_{{{t}}}")
    return Math(f"δ{t}[{i + 1}]", rf"\delta_{{{t},{i + 1}}}")


__all__ = ["SYMBOL_LATEX", "delta", "grad", "output", "param", "state", "vector"]
