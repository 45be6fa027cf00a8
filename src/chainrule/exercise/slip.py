""""Find the slip": a worked backprop step for the output weight w5 of a 2-2-2 logistic network,
with one classic mistake planted.

The worked lines are the forward pass, then ∂E/∂z1^a, ∂z1^a/∂z1, ∂E/∂w5 and w5⁺. The correct
values come from :mod:`chainrule.explain` (through the explainer); the planted slip changes one
line and every later line is recomputed from it, so exactly one line is wrong and the rest
follow from it — the student has to find where the working first goes astray, give that line's
right value, and the right w5⁺. The slips are the ones check-my-work names
(:mod:`chainrule.explain.hints`):

* ``flipped-sigmoid`` — z1^a = 1/(1 + e^(+z1)) = 1 − σ(z1) (seed 000's own slip);
* ``sign`` — ∂E/∂z1^a = t1 − z1^a instead of z1^a − t1;
* ``net-for-activation`` — ∂z1^a/∂z1 = z1(1 − z1), the net input where σ(z1) belongs;
* ``weight-for-input`` — ∂E/∂w5 uses w5 instead of y1^a as ∂z1/∂w5;
* ``plus`` — w5⁺ = w5 + η·∂E/∂w5;
* ``no-eta`` — w5⁺ = w5 − ∂E/∂w5.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.exercise import explainer
from chainrule.exercise.calculus import Redraw
from chainrule.exercise.handnumbers import ANSWER_DECIMALS, at_precision, written
from chainrule.exercise.networks import network_exercise
from chainrule.exercise.problem import Quantity

SLIPS = ("flipped-sigmoid", "sign", "net-for-activation", "weight-for-input", "plus", "no-eta")
FORWARD = ("y1", "y1^a", "y2", "y2^a", "z1", "z1^a")
BACKWARD = ("dE/dz1^a", "dz1^a/dz1", "dE/dw5", "w5+")
SLIPPED_LINE = {"flipped-sigmoid": "z1^a", "sign": "dE/dz1^a", "net-for-activation": "dz1^a/dz1",
                "weight-for-input": "dE/dw5", "plus": "w5+", "no-eta": "w5+"}


def worked_lines(v: dict[str, float], eta: float, slip: str | None) -> dict[str, float]:
    """The worked values, line by line, with ``slip`` planted (None: the right working).

    ``v`` holds the forward values and the givens (``w5``, ``t1``); each backward line is
    computed from the lines above it as shown, so a slip carries forward."""
    out = {n: v[n] for n in FORWARD}
    if slip == "flipped-sigmoid":
        out["z1^a"] = 1.0 - v["z1^a"]
    za, t = out["z1^a"], v["t1"]
    out["dE/dz1^a"] = (t - za) if slip == "sign" else (za - t)
    z = v["z1"]
    out["dz1^a/dz1"] = z * (1 - z) if slip == "net-for-activation" else za * (1 - za)
    factor = v["w5"] if slip == "weight-for-input" else out["y1^a"]
    out["dE/dw5"] = out["dE/dz1^a"] * out["dz1^a/dz1"] * factor
    step = out["dE/dw5"] if slip == "no-eta" else eta * out["dE/dw5"]
    out["w5+"] = v["w5"] + step if slip == "plus" else v["w5"] - step
    return out


FORMULAS = {"dE/dz1^a": "∂E/∂z1^a = z1^a − t1", "dz1^a/dz1": "∂z1^a/∂z1 = z1^a(1 − z1^a)",
            "dE/dw5": "∂E/∂w5 = ∂E/∂z1^a · ∂z1^a/∂z1 · y1^a", "w5+": "w5⁺ = w5 − η·∂E/∂w5"}
SHOWN_FORMULAS = {**FORMULAS, "dz1^a/dz1": "∂z1^a/∂z1 = σ′(z1)"}


def slip(rng: np.random.Generator, level: int) -> dict[str, Any]:
    """A worked step with one slip planted; asks for the line, its right value, and w5⁺."""
    fields = network_exercise("logistic", backprop=False)(rng, level)
    data = fields["network"]
    values, _, _ = explainer.step(data)
    how = explainer.lines(data)
    kind = SLIPS[int(rng.integers(len(SLIPS)))]
    eta = data["learning_rate"]
    right = worked_lines(values, eta, None)
    shown = worked_lines(values, eta, kind)
    line = SLIPPED_LINE[kind]
    decimals = ANSWER_DECIMALS[level] + 1
    if abs(shown[line] - right[line]) < 20 * 10.0 ** -decimals:
        raise Redraw
    rows = [(n, how[n], at_precision(shown[n], decimals)) for n in FORWARD]
    rows += [(n, SHOWN_FORMULAS[n], at_precision(shown[n], decimals)) for n in BACKWARD]
    return {
        "title": "Find the slip",
        "statement": (f"Below is a worked backpropagation step for w5 (2-2-2 logistic network, "
                      f"E = Σⱼ ½(tⱼ − zⱼ^a)², η = {written(eta)}). One line has a classic "
                      f"mistake; the lines after it were computed from it. Name the first wrong "
                      f"line (as in the left column), give its right value, and the right w5⁺, "
                      f"to {decimals} decimals."),
        "givens": fields["givens"],
        "quantities": (
            Quantity("slip_line", "the wrong line", text=line, group="slip",
                     hint=f"Recompute each line from the ones above it; the first that does "
                          f"not follow is {line}."),
            Quantity("slip_value", "its right value", right[line], decimals, "slip",
                     hint=f"{how.get(line, FORMULAS.get(line, line))}, from the lines above."),
            Quantity("w5+", "w5⁺", right["w5+"], decimals, "slip", hint=how["u:w5"]),
        ),
        "network": data,
        "extra": {"slip": kind, "line": line, "worked": [list(r) for r in rows],
                  "network_kind": "logistic"},
    }


__all__ = ["BACKWARD", "FORWARD", "SLIPS", "slip", "worked_lines"]
