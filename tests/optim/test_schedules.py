"""Learning-rate schedules against their closed forms, and their state round trip."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from chainrule.errors import ConfigError
from chainrule.optim import SGD, CosineAnnealingLR, ExponentialLR, StepLR


def optimizer(lr: float = 0.05) -> SGD:
    class P:
        data = np.zeros(1)
        grad = None

    return SGD([P()], lr=lr)


def rates(sched, n: int) -> list[float]:
    out = [sched.optimizer.lr]
    for _ in range(n):
        out.append(sched.step())
    return out


def test_step_lr_like_pytorch_docs():
    # PyTorch's example: lr 0.05, step_size 30, γ 0.1 -> 0.05 for epochs 0-29, 0.005 for 30-59
    got = rates(StepLR(optimizer(), step_size=30, gamma=0.1), 65)
    assert got[:30] == [0.05] * 30
    np.testing.assert_allclose(got[30:60], 0.005, rtol=1e-15)
    np.testing.assert_allclose(got[60:], 0.0005, rtol=1e-15)


def test_exponential_lr():
    got = rates(ExponentialLR(optimizer(1.0), gamma=0.5), 4)
    assert got == [1.0, 0.5, 0.25, 0.125, 0.0625]


def test_cosine_annealing_endpoints_and_midpoint():
    s = CosineAnnealingLR(optimizer(0.1), T_max=10, eta_min=0.01)
    got = rates(s, 20)
    assert got[0] == pytest.approx(0.1)
    assert got[5] == pytest.approx(0.055)  # halfway: (0.1 + 0.01) / 2
    assert got[10] == pytest.approx(0.01)
    assert got[20] == pytest.approx(0.1)  # the cosine rises again past T_max
    assert all(a >= b for a, b in itertools.pairwise(got[:11]))
    assert got[3] == pytest.approx(0.01 + 0.045 * (1 + math.cos(math.pi * 0.3)))


def test_scheduler_state_round_trip():
    s = StepLR(optimizer(), step_size=2, gamma=0.5)
    for _ in range(3):
        s.step()
    opt2 = optimizer(0.9)
    s2 = StepLR(opt2, step_size=7, gamma=0.9)
    s2.load_state_dict(s.state_dict())
    assert opt2.lr == s.optimizer.lr == 0.025
    assert s2.step() == s.step()
    assert s2.get_last_lr() == s.get_last_lr()
    with pytest.raises(ConfigError, match="StepLR"):
        ExponentialLR(optimizer(), gamma=0.9).load_state_dict(s.state_dict())


@pytest.mark.parametrize("make", [
    lambda o: StepLR(o, step_size=0),
    lambda o: StepLR(o, step_size=2.5),
    lambda o: ExponentialLR(o, gamma=0.0),
    lambda o: CosineAnnealingLR(o, T_max=0),
    lambda o: CosineAnnealingLR(o, T_max=5, eta_min=-1.0),
])
def test_bad_schedule_arguments(make):
    with pytest.raises(ConfigError):
        make(optimizer())
