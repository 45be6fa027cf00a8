"""Backpropagation shown step by step, as seeds 000 and 003 do it by hand — and checked.

::

    from chainrule.explain import Network, explain, check_backprop

    net = Network.from_toml("examples/seed000.toml")
    ex = explain(net)                  # data: forward table, error, ∂E/∂p for every p, updates
    print(ex.to_markdown())            # or to_latex(), to_html(), to_rich(), to_dict()
    ex.detail(1).derivation("w5")      # ∂E/∂w5 = ∂E1/∂z1^a · ∂z1^a/∂z1 · ∂z1/∂w5, with numbers
    result = check_backprop(net, "examples/seed000-learner.toml")
    result.first_wrong, result.first_wrong.hint

Every number and formula of a step is read off the scalar engine's graph of the forward pass
(:mod:`~chainrule.explain.walk.graph`): values from ``.data``, gradients from ``backward()``,
local derivatives and their formulas from the rule table (``op.local_text``). Steps that are
not shown, and the matrix view, run on the array engine (:mod:`~chainrule.explain.model.arrays`),
which is checked entry by entry against the graph.

The package, by what it does:

* :mod:`~chainrule.explain.model` — the :class:`Network` description (files, dicts, and any
  model through :func:`~chainrule.explain.model.describe.describe`), and the array engine;
* :mod:`~chainrule.explain.walk` — the graph of a step, its records, the matrix view, and
  :func:`explain` over any number of steps;
* :mod:`~chainrule.explain.checking` — check-my-work and its hints;
* :mod:`~chainrule.explain.render` — one document type (:mod:`~chainrule.explain.render.document`)
  laid out from an explanation or a check, and its Markdown, LaTeX, HTML and terminal renderers.

    ex = explain(net, 10_000, show=[1, 10_000])   # loss per step, two steps in full
    ex.matrices(1)                                # z = W a + b, δ, ∂E/∂W = δ aᵀ, …, checked
    explain(describe(model, inputs=x, targets=t, loss=nn.MSELoss()))  # an nn.Sequential

Reading a Network (for pictures and tools)
-----------------------------------------
After construction everything is a tuple and every name is filled in:

* ``network.input_names`` — ``("x1", "x2")``; ``network.inputs`` — samples, e.g.
  ``((0.05, 0.1),)``; ``network.targets`` likewise, ``network.loss.target_names``;
* ``network.layers[k]`` (0-based) is a :class:`LayerSpec` with ``weights[j][i]`` (into neuron j from
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
``ex.losses`` — the loss before each step; ``ex.parameters_at(k)``; ``ex.detail(k)`` — a
:class:`~chainrule.explain.walk.records.StepDetail` (``forward`` and ``errors`` rows,
``derivations``, ``updates``, ``layers`` for the layer view).

A batch (several samples) has one loss, the mean of the samples' losses; per-sample nodes are
named with a marker, ``y1⁽²⁾`` for sample 2.
"""

from chainrule.explain.checking.check import BackpropCheck, Judgement, check_backprop
from chainrule.explain.model.describe import describe, to_sequential
from chainrule.explain.model.network import LayerSpec, LossSpec, Network
from chainrule.explain.walk.explanation import Explanation, StepSummary, explain
from chainrule.explain.walk.graph import Graph, build_graph
from chainrule.explain.walk.records import NodeGradient, StepDetail
from chainrule.renamed import renamed_getattr

__getattr__ = renamed_getattr(__name__)

__all__ = ["BackpropCheck", "Explanation", "Graph", "Judgement", "LayerSpec", "LossSpec", "Network",
           "NodeGradient", "StepDetail", "StepSummary", "build_graph", "check_backprop", "describe",
           "explain", "to_sequential"]
