"""nn.Conv2d, nn.MaxPool2d and nn.RNN against torch (float64) and central differences."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.errors import ShapeError
from chainrule.nn import RNN, Conv2d, Flatten, MaxPool2d, Sequential
from chainrule.numeric import gradcheck
from chainrule.tensor import Tensor


def test_conv2d_state_dict_names_and_layout() -> None:
    conv = Conv2d(3, 5, (2, 4), dtype=np.float64)
    assert {k: tuple(v.shape) for k, v in conv.state_dict().items()} == {
        "weight": (5, 3, 2, 4), "bias": (5,)}


def test_small_cnn_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    net = Sequential(Conv2d(2, 3, 3, stride=2, padding=1, seed=1, dtype=np.float64),
                     MaxPool2d(2), Flatten())
    tnet = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, stride=2, padding=1),
                               torch.nn.MaxPool2d(2), torch.nn.Flatten()).double()
    tnet.load_state_dict({f"0.{k}": torch.tensor(v) for k, v in
                          {n: p.data for n, p in net[0].named_parameters()}.items()})
    x = np.random.default_rng(2).standard_normal((2, 2, 9, 8))
    out, tout = net(x), tnet(torch.tensor(x))
    out.sum().backward()
    tout.sum().backward()
    assert np.abs(out.data - tout.detach().numpy()).max() <= 1e-12
    assert np.abs(net[0].weight.grad - tnet[0].weight.grad.numpy()).max() <= 1e-12


def _rnn_pair(seed: int, batch_first: bool, layers: int):
    torch = pytest.importorskip("torch")
    r = np.random.default_rng(seed)
    n_in, h = int(r.integers(1, 4)), int(r.integers(1, 4))
    ours = RNN(n_in, h, num_layers=layers, batch_first=batch_first, seed=seed,
               dtype=np.float64)
    theirs = torch.nn.RNN(n_in, h, num_layers=layers, batch_first=batch_first).double()
    theirs.load_state_dict({k: torch.tensor(v.data) for k, v in ours.named_parameters()})
    return ours, theirs, r, n_in, h, torch


@pytest.mark.parametrize("seed", range(10))
def test_rnn_matches_torch_five_steps(seed: int) -> None:
    batch_first, layers = bool(seed % 2), 1 + seed % 3 // 2
    ours, theirs, r, n_in, h, torch = _rnn_pair(seed, batch_first, layers)
    shape = (2, 5, n_in) if batch_first else (5, 2, n_in)
    x, h0 = r.standard_normal(shape), r.standard_normal((layers, 2, h))
    xt, h0t = Tensor(x, requires_grad=True), Tensor(h0, requires_grad=True)
    tx, th0 = torch.tensor(x, requires_grad=True), torch.tensor(h0, requires_grad=True)
    out, hn = ours(xt, h0t)
    tout, thn = theirs(tx, th0)
    g, gh = r.standard_normal(out.shape), r.standard_normal(hn.shape)
    ((out * Tensor(g)).sum() + (hn * Tensor(gh)).sum()).backward()
    ((tout * torch.tensor(g)).sum() + (thn * torch.tensor(gh)).sum()).backward()
    assert np.abs(out.data - tout.detach().numpy()).max() <= 1e-12
    assert np.abs(hn.data - thn.detach().numpy()).max() <= 1e-12
    assert np.abs(xt.grad - tx.grad.numpy()).max() <= 1e-12
    assert np.abs(h0t.grad - th0.grad.numpy()).max() <= 1e-12
    tp = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        assert np.abs(p.grad - tp[name].grad.numpy()).max() <= 1e-12, name


def test_rnn_gradcheck_and_names() -> None:
    rnn = RNN(2, 3, seed=0, dtype=np.float64)
    assert [k for k, _ in rnn.named_parameters()] == [
        "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    x = Tensor(np.random.default_rng(0).standard_normal((5, 2, 2)), requires_grad=True)
    gradcheck(lambda x, *ps: (rnn(x)[0] ** 2).sum(), [x, *rnn.parameters()])


def test_rnn_bad_input_shape() -> None:
    with pytest.raises(ShapeError, match=r"input of shape \(5, 2, 4\) does not fit"):
        RNN(3, 2)(np.zeros((5, 2, 4)))
    with pytest.raises(ShapeError, match=r"h0 of shape \(2, 2\) must be \(1, 2, 2\)"):
        RNN(3, 2)(np.zeros((5, 2, 3)), np.zeros((2, 2)))
