"""The playground and ``chainrule train --data`` spell data sets alike: both read
:mod:`chainrule.data.names` (the playground said ``circle``/``spiral``, the CLI ``spirals``
and had no circles), and old spellings in shared links still load."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from chainrule.cli.trainsetup import load_data
from chainrule.data import names
from chainrule.playground.state import Settings


def test_the_page_menu_offers_exactly_the_shared_names():
    html = resources.files("chainrule.playground").joinpath("static/index.html").read_text()
    menu = re.search(r'<select id="dataset">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'value="([^"]+)"', menu) == \
        list(names.PLANE_CLASSES + names.PLANE_REGRESSION)


@pytest.mark.parametrize("name", sorted(set(names.PLANE_CLASSES) & set(names.TRAIN)))
def test_every_2d_name_the_playground_shows_is_trainable_by_the_cli(name):
    data = load_data(name, target=None, test_size=0.25, seed=0)
    assert data.name == name and data.features == 2 and data.classes >= 2


@pytest.mark.parametrize(("old", "new"), [("circle", "circles"), ("spiral", "spirals")])
def test_old_spellings_load_in_both(old, new):
    assert load_data(old, target=None, test_size=0.25, seed=0).name == new
    assert Settings.read({"dataset": old}).dataset == new
