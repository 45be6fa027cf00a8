"""In a notebook: the exercise shows itself and checks answers; asserts carry the hint."""

from __future__ import annotations

import pytest

from chainrule.exercise import generate
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.notebook import AnswerError, assert_answer


def test_assert_answer_passes_right_and_raises_the_hint():
    ex = generate("descent", 1, 42)
    right = {q.key: at_precision(q.value, q.decimals) for q in ex.quantities}
    assert assert_answer(ex, right).ok
    wrong = dict(right, x1=str(ex.extra["x0"] + 1))
    with pytest.raises(AssertionError) as info:
        assert_answer(ex, wrong, keys=("x1",))
    assert isinstance(info.value, AnswerError)
    assert "x1: wrong — x1 = x0 − α·f′(x0)" in str(info.value)
    with pytest.raises(KeyError, match="not asked"):
        assert_answer(ex, right, keys=("nope",))


def test_markdown_and_html_reprs():
    ex = generate("backprop-softmax", 1, 3)
    assert ex._repr_markdown_().startswith("# Worksheet")
    assert "<svg" in ex._repr_html_()
