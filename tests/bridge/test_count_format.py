"""The count formatter the bridge's check lines use: thousands grouped, whole counts only."""

import numpy as np
import pytest

from chainrule.text.numbers import fmt_count


@pytest.mark.parametrize("n, text", [(4810, "4,810"), (51, "51"), (0, "0"),
                                     (np.int64(1234567), "1,234,567"), (3.0, "3")])
def test_grouped(n, text):
    assert fmt_count(n) == text


def test_not_a_whole_count_refused():
    with pytest.raises(ValueError, match="not a whole count"):
        fmt_count(2.5)
