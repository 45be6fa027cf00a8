"""Seed 001 ("Derivatives": Basics, With respect to, Chain Rule), retold with chainrule.

Three sections: the rise over run of 3x² − 4x + 5 at x = 3, partial derivatives of
d = a·b + c and d = a·b + a·c² (the seed's b + 2c corrected), and the micrograd-style graph
L = (a·b + c)·f backpropagated node by node.
"""

from __future__ import annotations

from chainrule import symbolic
from chainrule.scalar import Value
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Correction, Section, TourTable, fmt
from chainrule.tour.util import draw_graph_to, slope

SEED = "001"


def basics() -> Section:
    """(f(3 + h) − f(3))/h for f(x) = 3x² − 4x + 5 and the seed's two steps h."""
    formula = "3x^2 - 4x + 5"
    f = symbolic.to_function(formula)
    derivation = symbolic.diff(formula)
    rows, data = [], {}
    for h in (0.001, 1e-7):
        q = (f(3 + h) - f(3)) / h  # the seed's own expression, rounding and all
        rows.append((fmt(h), f(3 + h), q, q - derivation.at(x=3)))
        data[h] = (f(3 + h), q)
    return Section(
        SEED, "Basics", "rise over run of f(x) = 3x² − 4x + 5 at x = 3",
        text=(
            f"f(3) = {fmt(f(3))}. Nudging x by h and dividing the change by h estimates the "
            f"slope; the rules give f′(x) = {symbolic.render(derivation.result)}, so "
            f"f′(3) = {fmt(derivation.at(x=3))}.",
            "With h = 0.001 the estimate is off by 3h (truncation); with h = 10⁻⁷ it is off in "
            "the seventh decimal by floating-point rounding, not by truncation.",
        ),
        derivations=(derivation.to_text(),),
        tables=(TourTable.of(("h", "f(3 + h)", "(f(3 + h) − f(3))/h", "minus f′(3)"), rows,
                             digits=15),),
        corrections=(Correction(
            "h = 0.0000001 followed by # 20.00000140000003, then (f(x+h) − f(x))/h "
            "# 14.000000305713911",
            "both printed numbers belong to h = 10⁻⁷: f(3 + 10⁻⁷) and its quotient "
            "(the line computing f(x + h) is missing)",
            f"f(3 + 10⁻⁷) = {data[1e-7][0]!r} and the quotient is {data[1e-7][1]!r}; with "
            f"h = 0.001 the quotient is {data[0.001][1]!r}"),),
        commands=('chainrule derive "3x^2 - 4x + 5" --at x=3 --numeric',),
        data={"quotients": data, "exact": derivation.at(x=3)},
    )


def with_respect_to() -> Section:
    """∂/∂a of a·b + c and of a·b + a·c², and the check of the seed's b + 2c."""
    first = symbolic.diff("a*b + c", "a")
    second = symbolic.diff("a*b + a*c^2", "a")
    verdict = symbolic.check_derivative("a*b + a*c^2", "a", "b + 2c")
    point = {"a": 2.0, "b": -3.0, "c": 10.0}
    g = symbolic.to_function("a*b + a*c^2")
    numeric, _ = slope(lambda t: g(a=t, b=point["b"], c=point["c"]), point["a"])
    seed_value = point["b"] + 2 * point["c"]
    return Section(
        SEED, "With respect to", "∂d/∂a for d = a·b + c and d = a·b + a·c²",
        text=(
            "A partial derivative holds every other variable constant: in d = a·b + c, "
            "changing a by 1 changes d by b, and c contributes nothing.",
            "In d = a·b + a·c², c² is a constant factor of a, so ∂d/∂a = b + c². "
            f"chainrule's check of the seed's answer b + 2c: {verdict.message}",
        ),
        derivations=(first.to_text(), second.to_text()),
        tables=(TourTable.of(("at a = 2, b = −3, c = 10", "∂d/∂a"), [
            ("rules: b + c²", second.at(point)),
            ("numerical slope in a", numeric),
            ("the seed's b + 2c", seed_value)], digits=10),),
        corrections=(Correction("dd/da = b + 2c", "∂d/∂a = b + c²",
                                "2c would be ∂(c²)/∂c; with respect to a, c² is a constant "
                                f"factor. At a = 2, b = −3, c = 10: b + c² = "
                                f"{fmt(second.at(point))} (a numerical slope agrees: "
                                f"{fmt(numeric, 9)}), b + 2c = {fmt(seed_value)}"),),
        commands=('chainrule derive "a*b + a*c^2" --wrt a --check "b + 2c"',),
        data={"derivative": symbolic.render(second.result), "at_point": second.at(point),
              "numeric": numeric, "seed": seed_value, "check_correct": verdict.correct},
    )


def graph_chain_rule(figures: FigureWriter) -> Section:
    """L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2: every ∂L/∂node by one backward pass."""
    values = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    leaves = {k: Value(v, name=k) for k, v in values.items()}
    e = leaves["a"] * leaves["b"]
    e.label = "e"
    d = e + leaves["c"]
    d.label = "d"
    L = d * leaves["f"]
    L.label = "L"
    L.backward()
    nodes = [L, d, leaves["f"], e, leaves["c"], leaves["a"], leaves["b"]]

    def loss_at(name: str, t: float) -> float:
        """L with one input moved to t, in plain floats (for the numerical column)."""
        v = dict(values, **{name: t})
        return (v["a"] * v["b"] + v["c"]) * v["f"]

    rows = []
    for n in nodes:
        numeric = (slope(lambda t, k=n.label: loss_at(k, t), values[n.label])[0]
                   if n.label in values else None)
        rows.append((n.label, n.data, n.grad, "" if numeric is None else fmt(numeric, 9)))
    picture = figures.write("graph-seed001.svg", "L = (a·b + c)·f with data and grad of "
                            "every node", lambda p: draw_graph_to(L, p))
    grads = {n.label: n.grad for n in nodes}
    seed_product = -3.0 * 1.0  # the seed's de/da · dd/de, without dL/dd
    return Section(
        SEED, "Chain Rule", "L = (a·b + c)·f backpropagated node by node",
        text=(
            "Each node's gradient is the gradient of the node that uses it times the local "
            "derivative: dL/dc = dL/dd · dd/dc = −2 · 1 = −2, because + passes gradients "
            "through unchanged (its local derivative is 1).",
            "Further down, dL/da = dL/dd · dd/de · de/da = (−2)·1·b = 6: the gradient that "
            "arrived at e (−2) times e's local derivative with respect to a (b = −3).",
        ),
        tables=(TourTable.of(("node", "data", "grad = ∂L/∂node", "numerical (leaves)"), rows),),
        corrections=(
            Correction("dL/da needs only de/da · dd/de",
                       "dL/da = dL/dd · dd/de · de/da = (−2)·1·(−3) = 6",
                       f"backpropagation gives ∂L/∂a = {fmt(grads['a'])}; de/da · dd/de alone "
                       f"is {fmt(seed_product)} — the gradient already at d (dL/dd = −2) "
                       "must be multiplied in"),
            Correction("dd/dc = d/dd c + d/dd e", "∂d/∂c = ∂c/∂c + ∂e/∂c = 1 + 0 = 1",
                       "the derivative is taken with respect to c, not d: "
                       + symbolic.diff(symbolic.parse("c + e", ["e"]), "c")
                       .to_text().splitlines()[0]),
        ),
        figures=(picture,),
        commands=('chainrule graph "(a*b + c)*f" --at a=2,b=-3,c=10,f=-2 -o graph.svg',),
        data={"grads": grads, "L": L.data},
    )
