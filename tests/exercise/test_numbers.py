"""Numbers for hand work: reproducible from (kind, level, seed), stable student seeds, few
decimals, well conditioned."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.errors import ConfigError
from chainrule.exercise import KINDS, generate, student_seed
from chainrule.exercise.handnumbers import GIVEN_DECIMALS, at_precision, draw


def test_student_seed_is_sha256_of_the_id():
    digest = hashlib.sha256(b"chainrule-student:s1234").digest()
    expected = int.from_bytes(digest[:8], "big") & (2**63 - 1)
    assert student_seed("s1234") == expected
    assert student_seed("  s1234 ") == expected
    assert student_seed("s1235") != expected


def test_student_seed_rejects_an_empty_id():
    with pytest.raises(ConfigError, match="empty"):
        student_seed("  ")


def test_same_numbers_in_another_process_with_another_hash_seed():
    code = ("import json; from chainrule.exercise import generate, student_seed; "
            "print(json.dumps(generate('backprop-relu', 2, student_seed('ada')).to_dict()))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    here = generate("backprop-relu", 2, student_seed("ada")).to_dict()
    assert json.loads(out) == json.loads(json.dumps(here))


@pytest.mark.parametrize("kind", list(KINDS))
def test_reproducible_and_seed_dependent(kind):
    a, b = generate(kind, 2, 3), generate(kind, 2, 3)
    assert a == b
    others = {json.dumps(generate(kind, 2, s).to_dict(), sort_keys=True) for s in range(6)}
    assert len(others) > 1


@pytest.mark.parametrize("bad", [dict(kind="nope"), dict(level=4), dict(level=True),
                                 dict(seed=-1), dict(seed=1.5)])
def test_bad_arguments_are_config_errors(bad):
    args = {"kind": "limit", "level": 1, "seed": 0, **bad}
    with pytest.raises(ConfigError):
        generate(**args)


@pytest.mark.parametrize("kind", ["forward", "backprop-logistic", "backprop-relu",
                                  "backprop-tanh", "backprop-softmax", "slip"])
@pytest.mark.parametrize("level", (1, 2, 3))
def test_network_givens_have_few_decimals(kind, level):
    for seed in range(5):
        ex = generate(kind, level, seed)
        for name, value in ex.givens:
            exponent = Decimal(repr(value)).normalize().as_tuple().exponent
            assert -exponent <= GIVEN_DECIMALS[level], (name, value)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_logistic_and_tanh_nets_stay_off_the_flat_tails(level, ref):
    for kind, bound in (("backprop-logistic", 2.5), ("backprop-tanh", 1.5)):
        for seed in range(8):
            values, _, _ = ref.numpy_step(generate(kind, level, seed).network)
            hidden = [v for n, v in values.items() if n.startswith("y") and "^" not in n]
            assert max(abs(v) for v in hidden) <= bound
            if kind == "backprop-logistic":  # σ'(z) = σ(1 − σ) ≥ σ'(2.5) ≈ 0.07
                sig = [values[n] for n in values if n.endswith("^a")]
                assert min(s * (1 - s) for s in sig) > 0.07


@pytest.mark.parametrize("level", (1, 2, 3))
def test_relu_inputs_are_never_at_the_kink(level, ref):
    for seed in range(8):
        values, grads, _ = ref.numpy_step(generate("backprop-relu", level, seed).network)
        nets = [v for n, v in values.items() if n[0] in "yz" and "^" not in n]
        assert min(abs(v) for v in nets) >= 0.1
        assert values["y1"] > 0  # the hidden unit is alive, so gradients reach layer 1
        assert all(g == 0 or abs(g) >= 1e-3 for g in grads.values())


@given(st.floats(-5, 5), st.integers(0, 3))
def test_draw_is_on_the_decimal_grid_and_in_range(low, decimals):
    rng = np.random.default_rng(0)
    x = draw(rng, low, low + 2, decimals)
    assert low - 1e-12 <= x <= low + 2 + 1e-12
    assert x != 0
    assert round(x, decimals) == x


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 6))
def test_at_precision_has_exactly_the_decimals(x, d):
    text = at_precision(x, d)
    assert (len(text.split(".")[1]) if "." in text else 0) == d
    assert not (text.startswith("-") and float(text) == 0)  # never "-0.00"
    assert abs(float(text) - x) <= 0.5 * 10.0**-d + 1e-9 * abs(x)


def test_a_relu_kink_at_the_point_is_redrawn():
    from chainrule.exercise.calculus import smooth_at

    assert not smooth_at("relu(x^2 - 1)", 1.0, 2.0)  # the kink is at x0 = 1
    assert smooth_at("relu(x^2 - 1)", 1.5, 3.0)
    assert smooth_at("relu(x^2 - 1)", 0.5, 0.0)  # dead, but smooth: a fair question
    for seed in range(30):
        ex = generate("activation", 3, seed)
        found = re.fullmatch(r"relu\((-?\d+)\*x\^2 \+ (-?\d+)\)", ex.extra["formula"])
        if found:
            a, c = int(found.group(1)), int(found.group(2))
            assert abs(a * ex.extra["x0"] ** 2 + c) > 1e-3  # the ReLU's input is off its kink


def test_a_gradient_that_is_zero_on_paper_is_exactly_zero_in_the_key() -> None:
    # A softmax layer's shared bias: Σⱼ ∂E/∂zⱼ = 0 exactly, whatever the rounding of the sum
    # (which changes with evaluation order), so the draw and the key do not depend on it.
    from chainrule.exercise import generate
    from chainrule.exercise.networks import ROUNDING_ZERO, structural_zero

    assert structural_zero(3e-17) == 0.0 and structural_zero(-ROUNDING_ZERO / 2) == 0.0
    assert structural_zero(2e-12) == 2e-12 and structural_zero(-0.5) == -0.5
    for seed in range(12):
        ex = generate("backprop-softmax", seed=seed)
        by_key = {q.key: q for q in ex.quantities}
        biases = [k[len("dE/d"):] for k in by_key if k.startswith("dE/dc")]
        assert biases, "the softmax layer has a shared bias"
        for b in biases:
            assert by_key[f"dE/d{b}"].value == 0.0
            assert by_key[f"{b}+"].value == dict(ex.givens)[b]  # no step: b⁺ = b
