"""conv2d and max_pool2d: gradcheck against central differences, torch parity in float64."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.errors import ShapeError
from chainrule.numeric import gradcheck
from chainrule.tensor import Tensor, conv2d, max_pool2d


def _case(seed: int) -> dict:
    r = np.random.default_rng(seed)
    c, o = int(r.integers(1, 4)), int(r.integers(1, 4))
    kh, kw = int(r.integers(1, 4)), int(r.integers(1, 4))
    stride = (int(r.integers(1, 3)), int(r.integers(1, 3)))
    padding = (int(r.integers(0, 3)), int(r.integers(0, 3)))
    h, w = int(r.integers(kh + 2, 9)), int(r.integers(kw + 2, 9))
    return dict(x=r.standard_normal((2, c, h, w)), w=r.standard_normal((o, c, kh, kw)),
                b=r.standard_normal(o), stride=stride, padding=padding, rng=r)


@pytest.mark.parametrize("seed", range(3))
def test_conv2d_gradcheck(seed: int) -> None:
    k = _case(seed)
    xs = [Tensor(k[n], requires_grad=True) for n in ("x", "w", "b")]
    g = Tensor(k["rng"].standard_normal(conv2d(*xs, k["stride"], k["padding"]).shape))
    gradcheck(lambda x, w, b: (conv2d(x, w, b, k["stride"], k["padding"]) * g).sum(), xs)


@pytest.mark.parametrize("seed", range(3))
def test_max_pool2d_gradcheck(seed: int) -> None:
    r = np.random.default_rng(seed)
    x = Tensor(r.standard_normal((2, 2, 7, 6)), requires_grad=True)
    g = Tensor(r.standard_normal(max_pool2d(x, 3, 2, 1).shape))
    gradcheck(lambda x: (max_pool2d(x, 3, 2, 1) * g).sum(), [x])


@pytest.mark.parametrize("seed", range(10))
def test_conv_then_pool_match_torch(seed: int) -> None:
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    k = _case(seed)
    x, w, b = (Tensor(k[n], requires_grad=True) for n in ("x", "w", "b"))
    tx, tw, tb = (torch.tensor(k[n], requires_grad=True) for n in ("x", "w", "b"))
    out = conv2d(x, w, b, k["stride"], k["padding"])
    tout = F.conv2d(tx, tw, tb, stride=k["stride"], padding=k["padding"])
    ks = (min(2, out.shape[2]), min(2, out.shape[3]))
    pool, tpool = max_pool2d(out, ks, 1, (ks[0] // 2, ks[1] // 2)), None
    tpool = F.max_pool2d(tout, ks, 1, (ks[0] // 2, ks[1] // 2))
    g = k["rng"].standard_normal(pool.shape)
    (pool * Tensor(g)).sum().backward()
    (tpool * torch.tensor(g)).sum().backward()
    assert np.abs(out.data - tout.detach().numpy()).max() <= 1e-12
    assert np.abs(pool.data - tpool.detach().numpy()).max() <= 1e-12
    for ours, theirs in ((x, tx), (w, tw), (b, tb)):
        assert np.abs(ours.grad - theirs.grad.numpy()).max() <= 1e-12


def test_bad_shapes_name_the_shape() -> None:
    x, w = Tensor(np.zeros((1, 3, 5, 5))), Tensor(np.zeros((2, 4, 3, 3)))
    with pytest.raises(ShapeError, match=r"input shape \(1, 3, 5, 5\).*weight shape \(2, 4"):
        conv2d(x, w)
    with pytest.raises(ShapeError, match=r"\(N, C, H, W\), got \(5, 5\)"):
        max_pool2d(Tensor(np.zeros((5, 5))), 2)
    with pytest.raises(ShapeError, match=r"input shape \(1, 3, 2, 2\) is smaller"):
        conv2d(Tensor(np.zeros((1, 3, 2, 2))), Tensor(np.zeros((2, 3, 3, 3))))
    with pytest.raises(ShapeError, match="stride must be"):
        conv2d(x, Tensor(np.zeros((2, 3, 3, 3))), stride=0)
