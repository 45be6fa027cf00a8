"""The loss chart's history (issue 21): a long request sends the points along its way, at
most ``MAX_HISTORY_PER_REPLY`` of them, evenly spaced, each with the epoch it was taken at."""

from __future__ import annotations

import itertools

import pytest

from chainrule.playground import limits as lim
from chainrule.playground.actions import handle
from chainrule.playground.session import Session


def test_ten_thousand_iterations_send_many_points_evenly_spaced():
    s = Session()
    handle(s, {"op": "config", "settings": {"preset": "mazur"}})
    frame = handle(s, {"op": "train", "unit": "batch", "count": 10_000})
    hist = frame["history"]
    assert 2 < len(hist) <= lim.MAX_HISTORY_PER_REPLY
    epochs = [p[0] for p in hist]
    steps = {round(b - a, 6) for a, b in itertools.pairwise(epochs)}
    assert len(steps) == 1 and epochs[-1] == 10_000          # even, ending at the last one
    assert hist[-1][1] == pytest.approx(frame["loss"][0])
    assert hist[0][1] > hist[-1][1]                          # the loss fell along the way
    assert len(s.history) == len(hist) + 1                   # the first point, then these


def test_a_reply_never_carries_more_than_the_cap():
    s = Session()
    handle(s, {"op": "config", "settings": {"preset": "mazur"}})
    for _ in range(3):
        handle(s, {"op": "train", "unit": "batch", "count": 10_000})
    assert len(s.history) > lim.MAX_HISTORY_PER_REPLY
    sent = s.state()["history"]
    assert len(sent) == lim.MAX_HISTORY_PER_REPLY
    assert sent[0][0] == 0 and sent[-1][0] == 30_000         # first and last kept


def test_one_epoch_at_a_time_adds_one_point_each():
    s = Session()
    handle(s, {"op": "config", "settings": {"dataset": "xor", "points": 40}})
    for k in range(1, 4):
        frame = handle(s, {"op": "train", "unit": "epoch"})
        assert [p[0] for p in frame["history"]] == [k]
    assert [p[0] for p in s.history] == [0, 1, 2, 3]
