"""The array layers against the seeds and against the scalar engine.

Seed 003's single step, recomputed by hand (x = [1, 0.5, 1], targets t = [0.5, 1]):
  z = 0.5·1 + 1·0.5 − 0.5·1 = 0.5, a = ReLU(z) = 0.5, c = [−1, 1]·a = [−0.5, 0.5],
  o = ReLU(c) = [0, 0.5], MSE = ((0 − 0.5)² + (0.5 − 1)²)/2 = 0.25.
  ∂E/∂o = 2(o − t)/2 = [−0.5, −0.5]; ∂E/∂c = [0, −0.5] (ReLU'(−0.5) = 0);
  ∂E/∂W2 = a·∂E/∂c = [0, −0.25], ∂E/∂b2 = [0, −0.5];
  ∂E/∂a = Σⱼ w2ʲ ∂E/∂cʲ = −0.5, ∂E/∂z = −0.5; ∂E/∂W1 = x·(−0.5) = [−0.5, −0.25, −0.5],
  ∂E/∂b1 = −0.5. After W −= 0.1·∂E/∂W: W1 = [0.55, 1.025, −0.45], b1 = 0.05,
  W2 = [−1, 1.025], b2 = [0, 0.05].
"""

from __future__ import annotations

import numpy as np

from chainrule import nn
from chainrule.scalar import Value, weighted_sum
from chainrule.tensor import Tensor


def test_seed003_single_step() -> None:
    net = nn.Sequential(nn.Dense(3, 1, dtype=np.float64), nn.ReLU(),
                        nn.Dense(1, 2, dtype=np.float64), nn.ReLU())
    net.load_state_dict({"0.weight": [[0.5], [1.0], [-0.5]], "0.bias": [0.0],
                         "2.weight": [[-1.0, 1.0]], "2.bias": [0.0, 0.0]})
    x = np.array([[1.0, 0.5, 1.0]])
    hidden = net[1](net[0](x))
    assert hidden.data.tolist() == [[0.5]]
    assert net[2](hidden).data.tolist() == [[-0.5, 0.5]]
    out = net(x)
    assert out.data.tolist() == [[0.0, 0.5]]
    loss = nn.MSELoss()(out, np.array([[0.5, 1.0]]))
    assert loss.item() == 0.25
    loss.backward()
    for p in net.parameters():
        p.data -= 0.1 * p.grad
    state = net.state_dict()
    np.testing.assert_allclose(state["0.weight"].ravel(), [0.55, 1.025, -0.45], rtol=1e-15)
    np.testing.assert_allclose(state["0.bias"], [0.05], rtol=1e-15)
    np.testing.assert_allclose(state["2.weight"].ravel(), [-1.0, 1.025], rtol=1e-15)
    np.testing.assert_allclose(state["2.bias"], [0.0, 0.05], rtol=1e-15)


def _scalar_net(x: list[float], w1: np.ndarray, b1: np.ndarray, w2: np.ndarray,
                b2: np.ndarray, t: list[float]) -> tuple[Value, list[list[Value]]]:
    """The 2-2-2 sigmoid network on Values; wᵢʲ = W[i, j] as in Dense. Returns E and leaves."""
    W1 = [[Value(float(w1[i, j])) for j in range(2)] for i in range(2)]
    B1 = [Value(float(v)) for v in b1]
    W2 = [[Value(float(w2[i, j])) for j in range(2)] for i in range(2)]
    B2 = [Value(float(v)) for v in b2]
    h = [weighted_sum(x, [W1[0][j], W1[1][j]], B1[j]).sigmoid() for j in range(2)]
    o = [weighted_sum(h, [W2[0][j], W2[1][j]], B2[j]).sigmoid() for j in range(2)]
    err = sum(((tj - oj) ** 2 * 0.5 for tj, oj in zip(t, o)), Value(0.0))
    return err, [W1[0] + W1[1], B1, W2[0] + W2[1], B2]


def test_matches_scalar_engine_to_1e_12() -> None:
    rng = np.random.default_rng(3)
    w1, w2 = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    b1, b2 = rng.normal(size=2), rng.normal(size=2)
    x, t = [0.05, 0.10], [0.01, 0.99]

    err, leaves = _scalar_net(x, w1, b1, w2, b2, t)
    err.backward()

    net = nn.Sequential(nn.Dense(2, 2, dtype=np.float64), nn.Sigmoid(),
                        nn.Dense(2, 2, dtype=np.float64), nn.Sigmoid())
    net.load_state_dict({"0.weight": w1, "0.bias": b1, "2.weight": w2, "2.bias": b2})
    loss = nn.HalfSquaredErrorLoss()(net(Tensor(np.array([x]))), np.array([t]))
    loss.backward()

    assert abs(loss.item() - err.data) <= 1e-12
    for p, scalar_leaves in zip(net.parameters(), leaves):
        scalar_grads = np.array([v.grad for v in scalar_leaves])
        np.testing.assert_allclose(p.grad.ravel(), scalar_grads, rtol=0, atol=1e-12)
