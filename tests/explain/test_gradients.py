"""Every explained gradient equals the numerical gradient of the loss.

Random small networks with every activation and every loss; the reference is a NumPy forward
pass sharing no code with the engine (conftest.reference_loss) differentiated by central
differences, and the library's own gradcheck on the engine's graph.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chainrule.explain import LayerSpec, LossSpec, Network, build_graph, explain
from chainrule.numeric.gradcheck import gradcheck
from chainrule.scalar.value import Value

ACTIVATIONS = ("sigmoid", "relu", "tanh", "leaky_relu", "linear", "softmax", "elu", "softplus",
               "gelu")
unit = st.floats(-1.0, 1.0, allow_nan=False)


@st.composite
def networks(draw, loss: str | None = None) -> Network:
    loss = loss or draw(st.sampled_from(("half_sse", "mse", "bce", "cce")))
    n_in = draw(st.integers(1, 3))
    widths = draw(st.lists(st.integers(1, 3), min_size=0, max_size=2))
    n_out = draw(st.integers(1, 3))
    acts = [draw(st.sampled_from(ACTIVATIONS)) for _ in widths]
    # Cross-entropies need outputs in (0, 1): a sigmoid (or softmax) output layer.
    last = {"bce": "sigmoid", "cce": draw(st.sampled_from(("sigmoid", "softmax")))}.get(
        loss, draw(st.sampled_from(ACTIVATIONS)))
    layers, fan_in = [], n_in
    for width, act in [*zip(widths, acts), (n_out, last)]:
        weights = [[draw(unit) for _ in range(fan_in)] for _ in range(width)]
        shared = draw(st.booleans())
        biases = draw(unit) if shared else [draw(unit) for _ in range(width)]
        layers.append(LayerSpec(weights, biases, act, params={"alpha": draw(st.floats(0.01, 0.3))}
                                if act in ("leaky_relu", "elu") else None))
        fan_in = width
    samples = draw(st.integers(1, 3))
    inputs = [[draw(st.floats(-2, 2)) for _ in range(n_in)] for _ in range(samples)]
    targets = [[draw(st.floats(0, 1)) for _ in range(n_out)] for _ in range(samples)]
    net = Network(inputs, layers, targets, learning_rate=0.1, loss=LossSpec(loss))
    frozen = draw(st.lists(st.sampled_from(sorted(net.parameters())), max_size=2, unique=True))
    return Network(inputs, layers, targets, 0.1, LossSpec(loss), frozen=frozen)


def _away_from_kinks(step) -> bool:
    # ReLU-like activations are not differentiable at 0: central differences straddling the
    # kink disagree with any one-sided convention, so keep net inputs clear of it.
    return all(abs(r.operand_values[0]) > 1e-3 for r in step.forward
               if r.op in ("relu", "leaky_relu", "elu"))


@given(net=networks())
def test_explained_gradients_equal_central_differences(net, ref_loss, num_grad):
    ex = explain(net)
    assume(_away_from_kinks(ex.detail()))
    assert ex.detail().loss == pytest.approx(ref_loss(net), rel=1e-12, abs=1e-12)
    numeric = num_grad(net)
    for name, g in numeric.items():
        assert ex.grads[name] == pytest.approx(g, rel=1e-5, abs=1e-7), name


@given(net=networks())
def test_gradcheck_on_the_explained_graph(net):
    assume(_away_from_kinks(explain(net).detail()))
    names = list(net.parameters())
    leaves = [Value(v) for v in net.parameters().values()]

    def loss(*params):
        return build_graph(net, dict(zip(names, params))).root

    assert gradcheck(loss, leaves, raise_on_failure=False).ok


@given(net=networks())
def test_derivations_agree_with_the_engine(net):
    step = explain(net).detail()
    for d in step.derivations:
        if d.paths:  # the root has none
            assert math.fsum(p.value for p in d.paths) == pytest.approx(d.grad, rel=1e-12,
                                                                         abs=1e-15)
        if len(d.paths) == 1:
            assert d.chain_product == pytest.approx(d.grad, rel=1e-9, abs=1e-15)
    for u in step.updates:
        assert u.new == (u.old if u.name in net.frozen else u.old - 0.1 * u.grad)


@given(net=networks(loss="half_sse"), steps=st.integers(2, 4))
def test_steps_repeat_the_update_rule(net, steps, num_grad):
    ex = explain(net, steps=steps)
    assume(all(_away_from_kinks(ex.detail(s.step)) for s in ex.steps))
    params = net.parameters()
    for s in ex.steps:
        assert s.parameters == pytest.approx(params, rel=1e-6, abs=1e-8)
        grads = num_grad(net.with_parameters(params))
        params = {n: v if n in net.frozen else v - 0.1 * grads[n] for n, v in params.items()}
    assert ex.final_parameters == pytest.approx(params, rel=1e-5, abs=1e-7)


def test_batch_loss_is_the_mean_of_the_samples(seed003, ref_loss):
    two = Network([[1, 0.5, 1], [0.2, -1, 0.3]], seed003.layers, [[0.5, 1], [0, 0.25]], 0.1,
                  seed003.loss, input_names=seed003.input_names)
    ex = explain(two)
    v = ex.values
    assert v["E"] == pytest.approx((v["E⁽¹⁾"] + v["E⁽²⁾"]) / 2, rel=1e-15)
    assert v["E"] == pytest.approx(ref_loss(two), rel=1e-12)
    # A weight is used once per sample, so its gradient is a sum over the samples' paths.
    paths = ex.detail().derivation("w_b0^c1").paths
    assert [p.via for p in paths] == ["c1⁽¹⁾", "c1⁽²⁾"]


@settings(max_examples=25, deadline=None)
@given(net=networks())
def test_array_engine_equals_the_scalar_chains(net):
    ex = explain(net, 3, show=[1, 3])
    for k in (1, 2, 3):
        m = ex.matrices(k)
        assert m.mismatches == ()
        assert m.loss == pytest.approx(ex.detail(k).loss, rel=1e-12, abs=1e-14)


@settings(max_examples=25, deadline=None)
@given(net=networks())
def test_fast_training_loop_equals_run_and_step(net):
    from chainrule.explain.model.arrays import Engine, params_of, train

    losses, kept, final = train(net, 4, keep=[3])
    engine, p = Engine(net), params_of(net)
    for k in range(4):
        if k == 2:
            for a, b in zip(kept[3].W + kept[3].b, p.W + p.b):
                assert a == pytest.approx(b, rel=1e-12, abs=1e-15)
        g = engine.run(p)
        assert losses[k] == pytest.approx(g.loss, rel=1e-12, abs=1e-15)
        engine.step(p, g)
    for a, b in zip(final.W + final.b, p.W + p.b):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-15)
