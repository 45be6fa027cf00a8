"""The LaTeX of explanations (every activation, softmax + cross-entropy) and of derivations
compiles with pdflatex — a double superscript (``y^{a}^2``) or a stray unicode glyph fails it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from chainrule import symbolic
from chainrule.explain import Network, explain
from chainrule.rules import ACTIVATIONS, latex_group, row

NO_TEX = pytest.mark.usefixtures("pdflatex")  # skipped, or failed in CI, without TeX

#: One spelling per activation row (aliases pick the same row).
ROW_NAMES = sorted({r.name: n for n, r in ACTIVATIONS.items()}.values())


def _compile(tex: str, where: Path) -> list[str]:
    """pdflatex's error lines for ``tex`` (empty when it compiled)."""
    (where / "m.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-shell-escape", "m.tex"],
                         cwd=where, capture_output=True, text=True, timeout=120)
    if run.returncode == 0:
        return []
    return [line for line in run.stdout.splitlines() if line.startswith(("!", "l."))]


def _network(hidden: str, output: str = "sigmoid", loss: str = "half_sse") -> Network:
    return Network.from_dict({
        "inputs": [0.05, -0.1], "targets": [0.0, 1.0] if loss == "cce" else [0.1, 0.99],
        "learning_rate": 0.5, "input_names": ["x1", "x2"],
        "layers": [{"weights": [[0.15, 0.25], [0.2, -0.3]], "biases": [0.35, 0.35],
                    "activation": hidden, "out_names": ["y1^a", "y2^a"]},
                   {"weights": [[0.4, 0.5], [0.45, 0.55]], "biases": [0.6, 0.6],
                    "activation": output}],
        "loss": {"kind": loss}})


def test_every_activation_row_is_covered():
    assert {ACTIVATIONS[n].name for n in ROW_NAMES} == {r.name for r in ACTIVATIONS.values()}
    assert {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu",
            "identity"} <= {ACTIVATIONS[n].name for n in ROW_NAMES}


def test_a_name_with_a_superscript_is_grouped_before_another():
    # tanh′ = 1 − out²: the output y^{a} must not become the double superscript y^{a}^2.
    out = "y_{1}^{a}"
    (local,) = row("tanh").local_latex(["y_{1}"], out)
    assert local == "1 - {y_{1}^{a}}^2"
    assert latex_group("x_{1}") == "x_{1}" and latex_group("y^{a}") == "{y^{a}}"


@NO_TEX
@pytest.mark.parametrize("activation", ROW_NAMES)
def test_explanation_latex_compiles_for_every_activation(activation, tmp_path):
    tex = explain(_network(activation)).to_latex(standalone=True)
    assert _compile(tex, tmp_path) == []


@NO_TEX
def test_explanation_latex_compiles_for_softmax_and_cross_entropy(tmp_path):
    tex = explain(_network("tanh", "softmax", "cce")).to_latex(standalone=True)
    assert "softmax" in tex.lower() or r"\ln" in tex
    assert _compile(tex, tmp_path) == []


@NO_TEX
@pytest.mark.parametrize("formula", ["(x^3)^2", "1/(x^3+1)", "(x^2+1)^3", "exp(x^2)^2",
                                     "tanh(x^2)^2", "sigmoid(x)^3"])
def test_derivation_latex_compiles(formula, tmp_path):
    body = symbolic.diff(formula, "x").to_latex()
    doc = ("\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n\\[\n"
           + body + "\n\\]\n\\end{document}\n")
    assert _compile(doc, tmp_path) == []
