"""Check my work on an RNN: a learner's numbers of step 1, judged as the dense check does.

Keys (names of :mod:`~chainrule.explain.rnn.names`; ``dE/d…``, ``…+`` as in
:mod:`~chainrule.explain.checking.learner`):

* forward: ``z1``, ``h1`` (``h2[1]`` for unit 1 when H > 1), ``z_o``, ``o``, ``E``; givens
  ``x1``, ``h0``, ``W_hh`` (``W_hh[1,2]``), ``b_ih``, ``ŷ``… are compared with the network's;
* backward: ``"dE/do"``, ``"dE/dz_o"`` (or ``δ_o``), ``"dE/dh3"``, ``"dE/dz3"`` (or ``δ3``,
  ``delta3``), and the parameters' ``"dE/dW_hh"``, ``"dE/dW_xh"``, ``"dE/db_ih"``,
  ``"dE/db_hh"`` (``"dE/db_h"`` for either: the same number), ``"dE/dW_hy"``, ``"dE/db_y"``;
* updates: ``"W_hh+"`` …

Each value is recomputed from the learner's own earlier values (the op table's forward and
local derivatives on their numbers), within the precision written plus the rounding of what it
came from; verdicts right / carried / wrong / differs, with the hints of
:mod:`~chainrule.explain.rnn.slips` for a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.explain.checking.check import BackpropCheck
from chainrule.explain.checking.judge import EnvKey, Item
from chainrule.explain.checking.learner import parse_key
from chainrule.explain.checking.plan_check import Context, judge_plan
from chainrule.explain.model.network import LOSS_ROWS
from chainrule.explain.rnn import slips
from chainrule.explain.rnn.engine import Engine, Pass, params_of
from chainrule.explain.rnn.names import output, param, state
from chainrule.explain.rnn.network import PARAMETERS, RNNNetwork
from chainrule.nn.recurrent import CELL

F = rules.FLOAT
_DELTA = re.compile(r"^(?:δ|delta)_?(?P<rest>o|\d+)(?P<idx>\[\d+\])?$")
Fn = Callable[[Mapping[EnvKey, float]], float]


class Plan:
    """Every quantity of step 1 in working order: (kind, name, true value, compute, inputs),
    with ``compute`` None for a given; ``meta`` holds what the slips read (unit, time step)."""

    def __init__(self, net: RNNNetwork, g: Pass) -> None:
        self.net, self.g = net, g
        self.rows: list[tuple[str, str, float, Fn | None, list[EnvKey]]] = []
        self.meta: dict[tuple[str, str], dict[str, Any]] = {}
        self._build()

    def add(self, kind: str, name: str, true: float, fn: Fn | None = None,
            inputs: list[EnvKey] | None = None, **meta: Any) -> None:
        self.rows.append((kind, name, float(true), fn, inputs or []))
        self.meta[(kind, name)] = meta

    def _build(self) -> None:  # one straight walk through the step
        net, g = self.net, self.g
        H, n, T, m = net.hidden_size, net.output_size, net.steps, net.input_size
        p = net.params
        P = {s: {idx: param(s, idx, p[s].shape).text for idx in np.ndindex(*p[s].shape)}
             for s in PARAMETERS}
        x = {(t, j): state("x", t, j, m).text for t in range(1, T + 1) for j in range(m)}
        h = {(t, i): state("h", t, i, H).text for t in range(T + 1) for i in range(H)}
        z = {(t, i): state("z", t, i, H).text for t in range(1, T + 1) for i in range(H)}
        zo = {j: output("z_o", j, n).text for j in range(n)}
        o = {j: output("o", j, n).text for j in range(n)}
        tgt = {j: output("ŷ", j, n).text for j in range(n)}
        self.names = {"x": x, "h": h, "z": z, "zo": zo, "o": o, "P": P}
        for (t, j), k in x.items():
            self.add("given", k, net.xs[t - 1, j])
        for i in range(H):
            self.add("given", h[(0, i)], net.h0[i])
        for s in PARAMETERS:
            for idx, k in P[s].items():
                self.add("given", k, p[s][idx])
        for j, k in tgt.items():
            self.add("given", k, net.targets[j])
        tanh = CELL  # the cell's rule-table row: forward and local derivative
        V = lambda k: ("v", k)  # noqa: E731
        G = lambda k: ("g", k)  # noqa: E731
        for t in range(1, T + 1):
            for i in range(H):
                ins = ([V(P["W_xh"][(i, j)]) for j in range(m)] + [V(x[(t, j)]) for j in range(m)]
                       + [V(P["W_hh"][(i, j)]) for j in range(H)]
                       + [V(h[(t - 1, j)]) for j in range(H)]
                       + [V(P["b_ih"][(i,)]), V(P["b_hh"][(i,)])])

                def z_fn(env: Any, t: int = t, i: int = i) -> float:
                    return (sum(env[V(P["W_xh"][(i, j)])] * env[V(x[(t, j)])] for j in range(m))
                            + env[V(P["b_ih"][(i,)])] + env[V(P["b_hh"][(i,)])]
                            + sum(env[V(P["W_hh"][(i, j)])] * env[V(h[(t - 1, j)])]
                                  for j in range(H)))
                self.add("value", z[(t, i)], g.z[t - 1, i], z_fn, ins, t=t, i=i)
                self.add("value", h[(t, i)], g.h[t, i],
                         lambda env, k=z[(t, i)]: tanh.forward(env[V(k)]), [V(z[(t, i)])], t=t,
                         i=i)
        act = rules.row(net.activation)
        par = net.activation_args()
        loss_row = rules.row(LOSS_ROWS[net.loss.kind])
        lpar = (float(n),) if loss_row.params else ()
        for j in range(n):
            ins = [V(P["W_hy"][(j, i)]) for i in range(H)] + [V(h[(T, i)]) for i in range(H)]
            self.add("value", zo[j], g.zo[j], lambda env, j=j: sum(
                env[V(P["W_hy"][(j, i)])] * env[V(h[(T, i)])] for i in range(H))
                + env[V(P["b_y"][(j,)])], [*ins, V(P["b_y"][(j,)])])
            self.add("value", o[j], g.o[j], lambda env, j=j: act.forward(env[V(zo[j])], *par),
                     [V(zo[j])])
        E = self.loss = self.net.loss.name
        self.add("value", E, g.E, lambda env: sum(
            loss_row.forward(env[V(o[j])], env[V(tgt[j])], *lpar) for j in range(n)),
            [V(o[j]) for j in range(n)])
        for j in range(n):
            self.add("gradient", o[j], g.do[j], lambda env, j=j: loss_row.local(
                F, env[V(o[j])], env[V(tgt[j])], *lpar, 0.0)[0], [V(o[j])])

            def dzo(env: Any, j: int = j) -> float:
                a = env[V(o[j])]
                return env[G(o[j])] * act.local(F, env[V(zo[j])], *par, a)[0]
            self.add("gradient", zo[j], g.dzo[j], dzo, [G(o[j]), V(zo[j]), V(o[j])],
                     upstream=G(o[j]), activation=act.name, z=V(zo[j]))
        for i in range(H):
            self.add("gradient", h[(T, i)], g.dh[T, i], lambda env, i=i: sum(
                env[V(P["W_hy"][(j, i)])] * env[G(zo[j])] for j in range(n)),
                [G(zo[j]) for j in range(n)] + [V(P["W_hy"][(j, i)]) for j in range(n)])
        for t in range(T, 0, -1):
            for i in range(H):
                def dz(env: Any, t: int = t, i: int = i) -> float:
                    return env[G(h[(t, i)])] * tanh.local(F, env[V(z[(t, i)])],
                                                          env[V(h[(t, i)])])[0]
                self.add("gradient", z[(t, i)], g.dz[t - 1, i], dz,
                         [G(h[(t, i)]), V(h[(t, i)])], t=t, i=i, upstream=G(h[(t, i)]),
                         h=V(h[(t, i)]), h_prev=V(h[(t - 1, i)]), z=V(z[(t, i)]))
            for j in range(H):
                self.add("gradient", h[(t - 1, j)], g.dh[t - 1, j], lambda env, t=t, j=j: sum(
                    env[V(P["W_hh"][(i, j)])] * env[G(z[(t, i)])] for i in range(H)),
                    [G(z[(t, i)]) for i in range(H)] + [V(P["W_hh"][(i, j)]) for i in range(H)],
                    carry=t, deltas=[G(z[(t, i)]) for i in range(H)],
                    transposed=[V(P["W_hh"][(j, i)]) for i in range(H)])
        for j in range(n):
            for i in range(H):
                self.add("gradient", P["W_hy"][(j, i)], g.grads["W_hy"][j, i],
                         lambda env, j=j, i=i: env[G(zo[j])] * env[V(h[(T, i)])],
                         [G(zo[j]), V(h[(T, i)])])
            self.add("gradient", P["b_y"][(j,)], g.grads["b_y"][j],
                     lambda env, j=j: env[G(zo[j])], [G(zo[j])])
        for s, other in (("W_hh", "h"), ("W_xh", "x")):
            for (i, j), k in P[s].items():
                def terms(env: Any, i: int = i, j: int = j, other: str = other,
                          shift: int = 0) -> list[float]:
                    src = (lambda t: h[(t - 1 + shift, j)]) if other == "h" else \
                        (lambda t: x[(t, j)])
                    return [env[G(z[(t, i)])] * env[V(src(t))] for t in range(1, T + 1)]
                ins = [G(z[(t, i)]) for t in range(1, T + 1)] + (
                    [V(h[(t - 1, j)]) for t in range(1, T + 1)] if other == "h"
                    else [V(x[(t, j)]) for t in range(1, T + 1)])
                self.add("gradient", k, g.grads[s][i, j], lambda env, f=terms: sum(f(env)),
                         ins, terms=terms, symbol=s, i=i, j=j)
        for s in ("b_ih", "b_hh"):
            for (i,), k in P[s].items():
                def bterms(env: Any, i: int = i) -> list[float]:
                    return [env[G(z[(t, i)])] for t in range(1, T + 1)]
                self.add("gradient", k, g.grads[s][i], lambda env, f=bterms: sum(f(env)),
                         [G(z[(t, i)]) for t in range(1, T + 1)], terms=bterms, symbol=s, i=i)
        for s in PARAMETERS:
            for idx, k in P[s].items():
                self.add("update", k, p[s][idx] - net.learning_rate * g.grads[s][idx],
                         lambda env, k=k: env[V(k)] - net.learning_rate * env[G(k)],
                         [V(k), G(k)])


def _key(key: str, loss_names: tuple[str, ...]) -> tuple[str, str]:
    """(kind, name) of a learner's key: ``δ3``/``delta3`` → the gradient of z3, ``δ_o`` of
    z_o, ``dE/db_h`` → b_ih; otherwise :func:`~chainrule.explain.checking.learner.parse_key`."""
    k = key.replace(" ", "")
    found = _DELTA.match(k)
    if found:
        rest = found.group("rest")
        return "gradient", ("z_o" if rest == "o" else f"z{rest}") + (found.group("idx") or "")
    parsed = parse_key(k, loss_names)
    name = parsed.node
    if parsed.kind == "gradient" and name.startswith("b_h") and not name.startswith("b_hh"):
        name = "b_ih" + name[3:]  # ∂E/∂b_h = ∂E/∂b_ih = ∂E/∂b_hh (b_h = b_ih + b_hh)
    return parsed.kind, name


def check_rnn(net: RNNNetwork, values: Mapping[str, Any]) -> BackpropCheck:
    """Judge the learner's ``values`` (``{key: Written}``, or plain numbers) for step 1."""
    plan = Plan(net, Engine(net).run(params_of(net), "check"))
    loss_names = (net.loss.name,)

    def hint(item: Item, env: dict[EnvKey, float], truth: dict[EnvKey, float]) -> str | None:
        return slips.hint(item, Context(env, truth, net, plan))
    return judge_plan(net, plan, values, lambda k: _key(k, loss_names), hint)


__all__ = ["Plan", "check_rnn"]
