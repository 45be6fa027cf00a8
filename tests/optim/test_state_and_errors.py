"""Optimizer state round-trips bit for bit; bad arguments and gradients are named clearly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from chainrule.errors import ConfigError, ShapeError
from chainrule.optim import SGD, Adagrad, Adam, AdamW, RMSprop


class Param:
    def __init__(self, values, dtype=np.float64):
        self.data = np.array(values, dtype=dtype)
        self.grad = None


def grads_for(step: int, shapes):
    rng = np.random.default_rng(step)
    return [rng.normal(size=s) for s in shapes]


ALL = [
    (SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    (RMSprop, {"momentum": 0.5, "centered": True, "weight_decay": 0.01}),
    (Adagrad, {"lr_decay": 0.1}),
    (Adam, {"amsgrad": True, "weight_decay": 0.01}),
    (AdamW, {}),
]


@pytest.mark.parametrize(("cls", "hyper"), ALL)
def test_state_dict_resume_is_bit_identical(cls, hyper):
    shapes = [(3, 2), (2,)]
    a = [Param(np.ones(s)) for s in shapes]
    opt_a = cls(a, **hyper)
    for t in range(3):
        for p, g in zip(a, grads_for(t, shapes)):
            p.grad = g
        opt_a.step()
    saved = opt_a.state_dict()
    hyper_json = json.dumps(saved["hyper"])  # hyperparameters are plain JSON values
    # a fresh optimizer with other hyperparameters, on copies of the weights, takes the state
    b = [Param(p.data.copy()) for p in a]
    opt_b = cls(b, lr=0.5)
    opt_b.load_state_dict(saved)
    assert json.dumps(opt_b.state_dict()["hyper"]) == hyper_json
    for t in range(3, 6):
        for pa, pb, g in zip(a, b, grads_for(t, shapes)):
            pa.grad, pb.grad = g, g.copy()
        opt_a.step()
        opt_b.step()
    for pa, pb in zip(a, b):
        assert np.array_equal(pa.data, pb.data)


def test_state_dict_arrays_are_copies():
    p = Param([1.0])
    opt = Adam([p])
    p.grad = np.array([1.0])
    opt.step()
    sd = opt.state_dict()
    before = sd["state"]["0"]["exp_avg"].copy()
    opt.step()
    assert np.array_equal(sd["state"]["0"]["exp_avg"], before)
    assert sd["state"]["0"]["step"] == 1


def test_updates_in_place_and_keeps_dtype():
    p = Param([1.0, 2.0], dtype=np.float32)
    arr = p.data
    opt = Adam([p], lr=0.1)
    p.grad = np.array([1.0, -1.0], dtype=np.float32)
    opt.step()
    assert p.data is arr
    assert p.data.dtype == np.float32
    np.testing.assert_allclose(p.data, [0.9, 2.1], rtol=1e-6)


def test_parameter_without_gradient_is_left_alone():
    p, q = Param([1.0]), Param([5.0])
    opt = SGD([p, q], lr=0.1, momentum=0.9)
    p.grad = np.array([1.0])
    opt.step()
    assert q.data[0] == 5.0
    assert 1 not in opt.state
    np.testing.assert_allclose(p.data, [0.9])


def test_zero_grad_clears_gradients():
    p = Param([1.0])
    p.grad = np.array([3.0])
    SGD([p], lr=0.1).zero_grad()
    assert p.grad is None


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"lr": 0.0}, "lr must be in (0"),
    ({"lr": -1.0}, "lr"),
    ({"lr": float("nan")}, "lr"),
    ({"lr": "0.1"}, "lr must be a number"),
    ({"lr": 0.1, "momentum": -0.5}, "momentum"),
    ({"lr": 0.1, "dampening": 2.0}, "dampening"),
    ({"lr": 0.1, "nesterov": True}, "nesterov=True needs momentum > 0"),
    ({"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, "dampening = 0"),
])
def test_sgd_rejects_bad_hyperparameters(kwargs, words):
    with pytest.raises(ConfigError, match="SGD") as exc:
        SGD([Param([1.0])], **kwargs)
    assert words in str(exc.value)


def test_adam_rejects_bad_betas():
    with pytest.raises(ConfigError, match=r"betas\[1\]"):
        Adam([Param([1.0])], betas=(0.9, 1.0))
    with pytest.raises(ConfigError, match="pair"):
        Adam([Param([1.0])], betas=(0.9,))


def test_params_must_be_a_nonempty_iterable_of_parameters():
    with pytest.raises(ConfigError, match="empty"):
        SGD([], lr=0.1)
    with pytest.raises(ConfigError, match="single parameter"):
        SGD(Param([1.0]), lr=0.1)
    with pytest.raises(ConfigError, match="parameter 1 has no NumPy"):
        SGD([Param([1.0]), 3.0], lr=0.1)
    p = Param([1.0])
    with pytest.raises(ConfigError, match="more than once"):
        SGD([p, p], lr=0.1)


def test_gradient_of_wrong_shape_names_the_parameter():
    p = Param(np.zeros((2, 3)))
    p.grad = np.zeros((3, 2))
    with pytest.raises(ShapeError, match=r"parameter 0 has shape \(2, 3\).*\(3, 2\)"):
        Adam([p]).step()


def test_load_state_dict_checks_type_and_shapes():
    p = Param([1.0, 2.0])
    opt = Adam([p])
    p.grad = np.ones(2)
    opt.step()
    sd = opt.state_dict()
    with pytest.raises(ConfigError, match="for 'Adam'"):
        SGD([Param([1.0, 2.0])], lr=0.1).load_state_dict(sd)
    with pytest.raises(ShapeError, match="exp_avg"):
        Adam([Param([1.0, 2.0, 3.0])]).load_state_dict(sd)
    sd["state"]["4"] = sd["state"].pop("0")
    with pytest.raises(ConfigError, match="parameter 4"):
        Adam([Param([1.0, 2.0])]).load_state_dict(sd)
