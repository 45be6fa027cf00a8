"""Properties over many seeds: the key's own answers always earn full marks, and a value moved
beyond the stated precision never does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.exercise import KINDS, generate
from chainrule.exercise.handnumbers import at_precision


def _key_as_written(ex):
    return {q.key: at_precision(q.value, q.decimals) if q.value is not None
            else q.formula if q.formula is not None else q.text for q in ex.quantities}


@settings(max_examples=25)
@given(st.sampled_from(list(KINDS)), st.integers(1, 3), st.integers(0, 10**6))
def test_the_key_gets_full_marks(kind, level, seed):
    ex = generate(kind, level, seed)
    marking = ex.check(_key_as_written(ex))
    assert marking.ok and marking.score == marking.total


@settings(max_examples=25)
@given(st.sampled_from([k for k in KINDS if k not in ("slip",)]), st.integers(1, 3),
       st.integers(0, 10**6), st.data())
def test_a_value_off_by_more_than_the_precision_is_not_right(kind, level, seed, data):
    ex = generate(kind, level, seed)
    numeric = [q for q in ex.quantities if q.value is not None]
    q = data.draw(st.sampled_from(numeric))
    answers = _key_as_written(ex)
    answers[q.key] = at_precision(q.value + 7 * 10.0**-q.decimals, q.decimals)
    assert ex.check(answers)[q.key].verdict == "wrong"
