"""Check my work on a convolutional network: a learner's numbers of step 1, judged as the dense
check does.

Keys (the names of :mod:`~chainrule.explain.conv.model`; ``dE/d…``, ``…+`` as in
:mod:`~chainrule.explain.checking.learner`):

* forward: ``Y1[1,2]``, ``Y4``, ``E``; givens ``X[2,3]``, ``K1[1,2]``, ``b1``, ``W4[1,3]``,
  ``t`` are compared with the network's;
* backward: ``"dE/dY4"``, ``"dE/dY1[2,2]"``, ``"dE/dX[1,1]"`` (of a map), and the
  parameters' ``"dE/dK1[1,2]"``, ``"dE/db1"``, ``"dE/dW4[1,3]"``;
* updates: ``"K1[1,2]+"`` …

Each value is recomputed from the learner's own earlier values (the rule table's forward and
local derivatives on their numbers), within the precision written plus the rounding of what
it came from; verdicts right / carried / wrong / differs, with the hints of
:mod:`~chainrule.explain.conv.slips` for a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.explain.checking.check import BackpropCheck
from chainrule.explain.checking.judge import EnvKey, Item
from chainrule.explain.checking.learner import parse_key
from chainrule.explain.checking.plan_check import Context, judge_plan
from chainrule.explain.conv import slips
from chainrule.explain.conv.engine import (
    Engine,
    Pass,
    input_terms,
    kernel_terms,
    params_of,
    pool_routes,
    source_cell,
)
from chainrule.explain.conv.model import ConvNetwork, entry, map_symbol
from chainrule.explain.conv.network import activation_args
from chainrule.explain.model.network import LOSS_ROWS, SOFTMAX

F = rules.FLOAT
SOFTMAX_ROW = rules.VECTOR_ROWS[SOFTMAX]
Fn = Callable[[Mapping[EnvKey, float]], float]
V = lambda k: ("v", k)  # noqa: E731
G = lambda k: ("g", k)  # noqa: E731


class Plan:
    """Every quantity of step 1 in working order (see
    :mod:`~chainrule.explain.checking.plan_check`); ``meta`` holds what the slips read."""

    def __init__(self, net: ConvNetwork, g: Pass) -> None:
        self.net, self.g = net, g
        self.rows: list[tuple[str, str, float, Fn | None, list[EnvKey]]] = []
        self.meta: dict[tuple[str, str], dict[str, Any]] = {}
        self.loss = net.loss.name
        self._build()

    def add(self, kind: str, name: str, true: float, fn: Fn | None = None,
            inputs: list[EnvKey] | None = None, **meta: Any) -> None:
        self.rows.append((kind, name, float(true), fn, inputs or []))
        self.meta[(kind, name)] = meta

    def name(self, l: int, idx: tuple[int, ...]) -> str:
        """The key of entry ``idx`` (sample first) of Y⁽ˡ⁾."""
        return entry(map_symbol(l), idx, self.g.ys[l].shape, self.net.samples).text

    def _build(self) -> None:
        net, g = self.net, self.g
        p = net.params
        self.P = {s: {idx: entry(s, idx, a.shape).text for idx in np.ndindex(*a.shape)}
                  for s, a in p.items()}
        for idx in np.ndindex(*g.ys[0].shape):
            self.add("given", self.name(0, idx), g.ys[0][idx])
        for s, names in self.P.items():
            for idx, k in names.items():
                self.add("given", k, p[s][idx])
        self.targets = {idx: entry("t", idx, net.targets.shape, net.samples).text
                        for idx in np.ndindex(*net.targets.shape)}
        for idx, k in self.targets.items():
            self.add("given", k, net.targets[idx])
        for l in range(1, len(net.layers) + 1):
            self._forward(l)
        self._loss()
        for l in range(len(net.layers), 0, -1):
            self._backward(l)
        for s, names in self.P.items():
            for idx, k in names.items():
                self.add("update", k, p[s][idx] - net.learning_rate * g.grads[s][idx],
                         lambda env, k=k: env[V(k)] - net.learning_rate * env[G(k)],
                         [V(k), G(k)])

    def _forward(self, l: int) -> None:
        layer, g, x_shape = self.net.layers[l - 1], self.g, self.g.ys[l - 1].shape
        X = lambda idx: V(self.name(l - 1, idx))  # noqa: E731
        for idx in np.ndindex(*g.ys[l].shape):
            if layer.kind == "conv2d":
                n, o, i, j = idx
                bias = V(self.P[f"b{l}"][(o,)])
                pairs, cells = [], []
                for c, u, v in np.ndindex(*layer.params["K"].shape[1:]):
                    src = source_cell(layer, x_shape, i, j, u, v)
                    if src is not None:
                        pairs.append((V(self.P[f"K{l}"][(o, c, u, v)]), X((n, c, *src))))
                        cells.append((o, c, u, v))
                self.add("value", self.name(l, idx), g.ys[l][idx], lambda env, b=bias, pairs=pairs:
                         env[b] + sum(env[a] * env[c] for a, c in pairs),
                         [bias, *(k for pair in pairs for k in pair)], layer=l, pairs=pairs,
                         cells=cells, bias=bias, out=idx)
            elif layer.kind == "dense":
                n, j = idx
                pairs = [(V(self.P[f"W{l}"][(j, i)]), X((n, i))) for i in range(x_shape[1])]
                b = V(self.P[f"b{l}"][(j,)])
                self.add("value", self.name(l, idx), g.ys[l][idx], lambda env, b=b, pairs=pairs:
                         env[b] + sum(env[a] * env[c] for a, c in pairs),
                         [b, *(k for pair in pairs for k in pair)])
            elif layer.kind == "maxpool2d":
                self._pool_value(l, idx)
            elif layer.kind == "flatten":
                src = np.unravel_index(idx[1], x_shape[1:])
                key = X((idx[0], *map(int, src)))
                self.add("value", self.name(l, idx), g.ys[l][idx], lambda env, k=key: env[k],
                         [key])
            elif layer.kind == SOFTMAX:
                n, j = idx
                row = [X((n, k)) for k in range(x_shape[1])]
                own_first = [row[j], *row[:j], *row[j + 1:]]  # the vector row's own input first
                self.add("value", self.name(l, idx), g.ys[l][idx], lambda env, keys=own_first:
                         SOFTMAX_ROW.neuron_forward(*(env[k] for k in keys)), row)
            else:
                act, par = rules.row(layer.kind), activation_args(layer.kind)
                key = X(idx)
                self.add("value", self.name(l, idx), g.ys[l][idx],
                         lambda env, k=key, act=act, par=par: act.forward(env[k], *par), [key])

    def _pool_value(self, l: int, idx: tuple[int, ...]) -> None:
        layer, x = self.net.layers[l - 1], self.g.ys[l - 1]
        n, c, i, j = idx
        (k0, k1), (s0, s1), (p0, p1) = (layer.config[k] for k in ("kernel_size", "stride",
                                                                  "padding"))
        window = [V(self.name(l - 1, (n, c, y, xx)))
                  for y in range(s0 * i - p0, s0 * i - p0 + k0)
                  for xx in range(s1 * j - p1, s1 * j - p1 + k1)
                  if 0 <= y < x.shape[2] and 0 <= xx < x.shape[3]]
        self.add("value", self.name(l, idx), self.g.ys[l][idx],
                 lambda env, w=window: max(env[k] for k in w), window)

    def _loss(self) -> None:
        net, g, L = self.net, self.g, len(self.net.layers)
        row = rules.row(LOSS_ROWS[net.loss.kind])
        lpar = (float(net.targets.shape[1]),) if row.params else ()
        N = net.samples
        outs = {idx: V(self.name(L, idx)) for idx in np.ndindex(*g.ys[L].shape)}
        tg = {idx: V(k) for idx, k in self.targets.items()}
        self.add("value", self.loss, g.E, lambda env: sum(
            row.forward(env[outs[i]], env[tg[i]], *lpar) for i in outs) / N, list(outs.values()))
        for idx, key in outs.items():
            self.add("gradient", self.name(L, idx), g.dys[L][idx], lambda env, k=key, t=tg[idx]:
                     row.local(F, env[k], env[t], *lpar, 0.0)[0] / N, [key], samples=N)

    def _backward(self, l: int) -> None:
        g, layer = self.g, self.net.layers[l - 1]
        if layer.has_params:
            self._param_grads(l)
        if l == 1 and layer.kind == "conv2d":
            return  # ∂E/∂X of the images is not needed (it is in the JSON)
        Y = lambda idx: G(self.name(l, idx))  # noqa: E731
        y_shape = g.ys[l].shape
        routed: dict[tuple[int, ...], list[EnvKey]] = {}  # input cell -> the windows it won
        if layer.kind == "maxpool2d":
            routes = pool_routes(layer, g.ys[l - 1])
            for out in np.ndindex(*y_shape):
                routed.setdefault((*out[:2], *map(int, routes[out])), []).append(Y(out))
        for idx in np.ndindex(*g.ys[l - 1].shape):
            name, true = self.name(l - 1, idx), g.dys[l - 1][idx]
            if layer.kind == "conv2d":
                terms = input_terms(layer, g.dys[l], *idx)
                pairs = [(Y((n, *out)), V(self.P[f"K{l}"][src])) for n, out, _, _, src in terms]
                ins = [k for pair in pairs for k in pair]
                self.add("gradient", name, true, lambda env, pairs=pairs: sum(
                    env[a] * env[b] for a, b in pairs), ins, layer=l, pairs=pairs,
                    cells=[src for *_, src in terms], input_grad=True)
            elif layer.kind == "dense":
                n, i = idx
                ins = [Y((n, j)) for j in range(y_shape[1])]
                ws = [V(self.P[f"W{l}"][(j, i)]) for j in range(y_shape[1])]
                self.add("gradient", name, true, lambda env, ins=ins, ws=ws: sum(
                    env[a] * env[b] for a, b in zip(ins, ws)), ins + ws)
            elif layer.kind == "maxpool2d":
                ins = routed.get(idx, [])
                self.add("gradient", name, true, lambda env, ins=ins: sum(env[k] for k in ins),
                         ins, pooled=True)
            elif layer.kind == "flatten":
                flat = (idx[0], int(np.ravel_multi_index(idx[1:], g.ys[l - 1].shape[1:])))
                key = Y(flat)
                self.add("gradient", name, true, lambda env, k=key: env[k], [key])
            elif layer.kind == SOFTMAX:
                n, j = idx
                ys = [V(self.name(l, (n, k))) for k in range(y_shape[1])]
                gs = [Y((n, k)) for k in range(y_shape[1])]
                self.add("gradient", name, true, lambda env, ys=ys, gs=gs, j=j: float(
                    SOFTMAX_ROW.vjp(rules.NUMPY, np.array([env[k] for k in gs]),
                                    np.array([env[k] for k in ys]), 0)[j]), ys + gs)
            else:
                act, par = rules.row(layer.kind), activation_args(layer.kind)
                up, x, y = Y(idx), V(name), V(self.name(l, idx))
                self.add("gradient", name, true, lambda env, up=up, x=x, y=y, act=act, par=par:
                         env[up] * act.local(F, env[x], *par, env[y])[0], [up, x, y],
                         upstream=up, activation=act.name)

    def _param_grads(self, l: int) -> None:
        net, g, layer = self.net, self.g, self.net.layers[l - 1]
        Y = lambda idx: G(self.name(l, idx))  # noqa: E731
        X = lambda idx: V(self.name(l - 1, idx))  # noqa: E731
        if layer.kind == "dense":
            for (j, i), k in self.P[f"W{l}"].items():
                pairs = [(Y((n, j)), X((n, i))) for n in range(net.samples)]
                self.add("gradient", k, g.grads[f"W{l}"][j, i], lambda env, pairs=pairs: sum(
                    env[a] * env[b] for a, b in pairs), [q for pr in pairs for q in pr],
                    pairs=pairs, samples_only=True)
            for (j,), k in self.P[f"b{l}"].items():
                ins = [Y((n, j)) for n in range(net.samples)]
                self.add("gradient", k, g.grads[f"b{l}"][j],
                         lambda env, ins=ins: sum(env[q] for q in ins), ins, terms=ins)
            return
        Gm, x = g.dys[l], g.ys[l - 1]
        for idx, k in self.P[f"K{l}"].items():
            terms = kernel_terms(layer, x, Gm, *idx)
            pairs = [(Y((n, *out)), X(src)) for n, out, _, _, src in terms if src is not None]
            self.add("gradient", k, g.grads[f"K{l}"][idx], lambda env, pairs=pairs: sum(
                env[a] * env[b] for a, b in pairs), [q for pr in pairs for q in pr],
                layer=l, kernel=idx, pairs=pairs)
        for (o,), k in self.P[f"b{l}"].items():
            ins = [Y(out) for out in np.ndindex(*g.ys[l].shape) if out[1] == o]
            self.add("gradient", k, g.grads[f"b{l}"][o], lambda env, ins=ins: sum(
                env[q] for q in ins), ins, terms=ins)


#: The most work units (:meth:`ConvNetwork.work_per_step`) a check plans: one recomputing
#: closure per product, so far fewer than explain's budget for training.
CHECK_WORK = 2_000_000


def check_conv(net: ConvNetwork, values: Mapping[str, Any]) -> BackpropCheck:
    """Judge the learner's ``values`` (``{key: Written}``, or plain numbers) for step 1."""
    if net.work_per_step() > CHECK_WORK:
        raise ConfigError(f"check: {net.name}: {net.work_per_step():,} products to recompute "
                          f"from a learner's numbers; check my work handles at most "
                          f"{CHECK_WORK:,} (a network to do by hand is far smaller)")
    plan = Plan(net, Engine(net).run(params_of(net), "check"))
    loss_names = (net.loss.name,)

    def key(text: str) -> tuple[str, str]:
        parsed = parse_key(text, loss_names)
        return parsed.kind, parsed.node

    def hint(item: Item, env: dict[EnvKey, float], truth: dict[EnvKey, float]) -> str | None:
        return slips.hint(item, Context(env, truth, net, plan))
    return judge_plan(net, plan, values, key, hint)


__all__ = ["Plan", "check_conv"]
