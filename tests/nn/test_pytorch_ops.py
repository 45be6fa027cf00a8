"""What a PyTorch user reaches for: each op and layer gradchecked (float64, central
differences), with forward values recomputed by hand or with NumPy in the test."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.numeric import gradcheck
from chainrule.tensor import Tensor

RNG = np.random.default_rng(7)
X = RNG.uniform(-2, 2, size=(3, 4))
T = RNG.uniform(-2, 2, size=(3, 4))
LABELS = np.array([2, 0, 3])
W = RNG.uniform(0.5, 1.5, size=(3, 4))

OPS: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[np.ndarray], np.ndarray]]] = {
    "min": (lambda x: x.min(axis=1), lambda a: a.min(axis=1)),
    "min_all": (lambda x: x.min(), lambda a: a.min()),
    "prod": (lambda x: x.prod(axis=0), lambda a: a.prod(axis=0)),
    "prod_all": (lambda x: x.prod(), lambda a: a.prod()),
    "var": (lambda x: x.var(axis=1), lambda a: a.var(axis=1, ddof=1)),
    "std": (lambda x: x.std(dim=0, correction=0), lambda a: a.std(axis=0)),
    "sin": (lambda x: x.sin(), np.sin),
    "cos": (lambda x: x.cos(), np.cos),
    "log1p": (lambda x: (x * x).log1p(), lambda a: np.log1p(a * a)),
    "squeeze": (lambda x: x.reshape(3, 1, 4).squeeze(1), lambda a: a),
    "unsqueeze": (lambda x: x.unsqueeze(-1), lambda a: a[..., None]),
    "flatten": (lambda x: x.reshape(3, 2, 2).flatten(1), lambda a: a),
    "permute": (lambda x: x.reshape(3, 2, 2).permute(2, 0, 1),
                lambda a: a.reshape(3, 2, 2).transpose(2, 0, 1)),
    "maximum": (lambda x: x.maximum(T), lambda a: np.maximum(a, T)),
    "minimum": (lambda x: x.minimum(0.5), lambda a: np.minimum(a, 0.5)),
    "logsumexp": (lambda x: x.logsumexp(axis=1), lambda a: np.log(np.exp(a).sum(axis=1))),
    "norm": (lambda x: x.norm(), lambda a: np.sqrt((a * a).sum())),
    "norm1": (lambda x: x.norm(p=1, axis=0), lambda a: np.abs(a).sum(axis=0)),
    "expand": (lambda x: x[0:1].expand(3, 4), lambda a: np.broadcast_to(a[0:1], (3, 4))),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_tensor_op_values_and_gradients(name: str) -> None:
    ours, reference = OPS[name]
    x = Tensor(X.copy(), requires_grad=True)
    np.testing.assert_allclose(ours(x).data, reference(X), rtol=1e-12, atol=1e-12)
    weights = RNG.uniform(0.5, 1.5, size=np.shape(reference(X)))
    gradcheck(lambda t: (ours(t) * weights).sum(), [x], atol=1e-6, rtol=1e-5)


def test_prod_gradient_is_exact_at_a_zero() -> None:
    x = Tensor([2.0, 0.0, 3.0], requires_grad=True)
    x.prod().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 6.0, 0.0])  # Π of the others, by hand


def test_argmax_argmin_and_tolist() -> None:
    x = Tensor(X)
    np.testing.assert_array_equal(x.argmax(axis=1), X.argmax(axis=1))
    assert x.argmin() == X.argmin()
    assert x.tolist() == X.tolist()


LAYERS: dict[str, tuple[nn.Module, Callable[[np.ndarray], np.ndarray]]] = {
    "Flatten": (nn.Flatten(), lambda a: a),
    "LogSoftmax": (nn.LogSoftmax(axis=1),
                   lambda a: a - np.log(np.exp(a).sum(axis=1, keepdims=True))),
    "GELU": (nn.GELU(), lambda a: 0.5 * a * (1 + np.vectorize(math.erf)(a / 2**0.5))),
    "ELU": (nn.ELU(0.7), lambda a: np.where(a > 0, a, 0.7 * np.expm1(a))),
    "Softplus": (nn.Softplus(), lambda a: np.log1p(np.exp(a))),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layers(name: str) -> None:
    layer, reference = LAYERS[name]
    x = Tensor(X.copy(), requires_grad=True)
    np.testing.assert_allclose(layer(x).data, reference(X), rtol=1e-12, atol=1e-12)
    gradcheck(lambda t: (layer(t) * W).sum(), [x], atol=1e-6, rtol=1e-5)


LOSSES: dict[str, tuple[nn.Loss, np.ndarray, Callable[[np.ndarray], np.ndarray]]] = {
    "L1Loss": (nn.L1Loss(reduction="none"), T, lambda a: np.abs(a - T)),
    "HuberLoss": (nn.HuberLoss(delta=1.0, reduction="none"), T,
                  lambda a: np.where(np.abs(a - T) < 1, 0.5 * (a - T) ** 2, np.abs(a - T) - 0.5)),
    "NLLLoss": (nn.NLLLoss(reduction="none"), LABELS, lambda a: -a[np.arange(3), LABELS]),
    "MSELoss": (nn.MSELoss(reduction="none"), T, lambda a: (a - T) ** 2),
    "BCEWithLogitsLoss": (nn.BCEWithLogitsLoss(reduction="none"), (T > 0).astype(float),
                      lambda a: -((T > 0) * np.log(1 / (1 + np.exp(-a)))
                                  + (T <= 0) * np.log(1 - 1 / (1 + np.exp(-a))))),
    "CrossEntropyLoss": (nn.CrossEntropyLoss(reduction="none"), LABELS,
                            lambda a: -(a - np.log(np.exp(a).sum(axis=1, keepdims=True)))
                            [np.arange(3), LABELS]),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_losses_and_reductions(name: str, reduction: str) -> None:
    loss, target, reference = LOSSES[name]
    loss.reduction = reduction
    terms = reference(X)
    want = {"none": terms, "sum": terms.sum(), "mean": terms.mean()}[reduction]
    x = Tensor(X.copy(), requires_grad=True)
    np.testing.assert_allclose(loss(x, target).data, want, rtol=1e-12, atol=1e-12)
    weights = RNG.uniform(0.5, 1.5, size=np.shape(want))
    gradcheck(lambda t: (loss(t, target) * weights).sum(), [x], atol=1e-6, rtol=1e-5)


def test_reduction_is_validated() -> None:
    with pytest.raises(ConfigError, match="reduction must be one of 'mean', 'sum', 'none'"):
        nn.L1Loss(reduction="avg")


def test_module_list_exposes_its_parameters() -> None:
    class Net(nn.Module):
        def __init__(self) -> None:
            self.layers = nn.ModuleList([nn.Dense(4, 3, seed=0), nn.GELU(),
                                         nn.Dense(3, 2, seed=1)])

        def forward(self, x):
            for m in self.layers:
                x = m(x)
            return x

    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]
    out = net(Tensor(X))
    assert out.shape == (3, 2) and len(net.layers) == 3
