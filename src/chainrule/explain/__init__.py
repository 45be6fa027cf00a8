"""Backpropagation shown step by step, as seeds 000 and 003 do it by hand — and checked.

::

    from chainrule.explain import Network, explain, check

    net = Network.from_toml("examples/seed000.toml")
    ex = explain(net)                  # data: forward table, error, ∂E/∂p for every p, updates
    print(ex.to_markdown())            # or to_latex(), to_html(), to_rich(), to_dict()
    ex.detail(1).derivation("w5")      # ∂E/∂w5 = ∂E1/∂z1^a · ∂z1^a/∂z1 · ∂z1/∂w5, with numbers
    result = check(net, "examples/seed000-learner.toml")
    result.first_wrong, result.first_wrong.hint

Every number and formula is read off the scalar engine's graph of the forward pass
(:mod:`~chainrule.explain.graph`): values from ``.data``, gradients from ``backward()``,
local derivatives and their formulas from the op table (``op.local_text``).

Reading a Network (for pictures and tools)
-----------------------------------------
After construction everything is a tuple and every name is filled in:

* ``network.input_names`` — ``("x1", "x2")``; ``network.inputs`` — samples, e.g.
  ``((0.05, 0.1),)``; ``network.targets`` likewise, ``network.loss.target_names``;
* ``network.layers[k]`` (0-based) is a :class:`Dense` with ``weights[j][i]`` (into neuron j from
  input i), ``weight_names[j][i]``, ``biases`` / ``bias_names`` (one entry when
  ``shared_bias``; ``bias_of(j)`` gives neuron j's), ``net_names[j]``, ``out_names[j]``,
  ``activation``, ``units``, ``fan_in``;
* ``network.layer_sizes`` — ``(2, 2, 2)``; ``network.node_names()`` — the drawn columns:
  inputs, then each layer's outputs; ``network.parameters()`` — ``{name: value}``;
* ``network.loss`` — ``kind`` (half_sse, mse, bce, cce), ``name``, ``term_names``;
  ``network.learning_rate``, ``network.frozen``.

Reading an Explanation
----------------------
``ex.values`` / ``ex.grads`` — forward value and ∂E/∂node of every named node (step 1);
``ex.losses`` — the loss before each step; ``ex.detail(k)`` — a
:class:`~chainrule.explain.records.StepDetail` (``forward`` and ``errors`` rows,
``derivations``, ``updates``, ``layers`` for the layer view).

A batch (several samples) has one loss, the mean of the samples' losses; per-sample nodes are
named with a marker, ``y1⁽²⁾`` for sample 2.
"""

from chainrule.explain.check import CheckResult, Judgement, check
from chainrule.explain.explanation import Explanation, StepSummary, explain
from chainrule.explain.graph import Graph, build_graph
from chainrule.explain.network import Dense, Loss, Network
from chainrule.explain.records import Derivation, StepDetail

__all__ = ["CheckResult", "Dense", "Derivation", "Explanation", "Graph", "Judgement", "Loss",
           "Network", "StepDetail", "StepSummary", "build_graph", "check", "explain"]
