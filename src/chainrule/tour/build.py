"""Building the tour: every seed's worked examples in order, then the digits run.

:func:`iter_sections` yields each :class:`~chainrule.tour.model.Section` as soon as it is
computed, so ``chainrule tour`` can show it while the next one is being built;
:func:`build_tour` collects them into a :class:`~chainrule.tour.model.Tour`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from chainrule.tour import conv, digits, rnn, seed000, seed001, seed002, seed003
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Section, Tour

#: Fewer GIF frames and training epochs: for tests, where only the plumbing is checked.
FAST_EPOCHS = 3


def plan(figures: FigureWriter, fast: bool = False,
         seed: int = 0) -> list[Callable[[], Section]]:
    """The sections in the seeds' order, each as a function that builds it."""
    return [
        lambda: seed000.limit_definition(figures),
        seed000.chain_rule,
        lambda: seed000.forward_pass(figures),
        seed000.backward_pass,
        seed000.seed_numbers_checked,
        seed001.basics,
        seed001.with_respect_to,
        lambda: seed001.graph_chain_rule(figures),
        seed002.linear_slope,
        lambda: seed002.tangent_lines(figures),
        seed002.rules_summary,
        seed003.mse_example,
        lambda: seed003.descent_on_square(figures),
        lambda: seed003.descent_on_cubic(figures, fast=fast),
        seed003.inverse_function,
        seed003.composed_chain,
        lambda: seed003.two_paths(figures),
        lambda: seed003.worked_network(figures),
        conv.backprop_through_a_kernel,
        rnn.backprop_through_time,
        lambda: digits.train_digits(figures, seed=seed,
                                    epochs=FAST_EPOCHS if fast else digits.EPOCHS),
    ]


def iter_sections(folder: str | os.PathLike[str], *, fast: bool = False,
                  seed: int = 0) -> Iterator[Section]:
    """Build the sections one by one, writing their figures into ``folder``.

    Parameters
    ----------
    folder : path
        Where the pictures (PNG, SVG, GIF) and the digits model go; created if missing.
    fast : bool
        Thin the animations to a few frames and train digits for 3 epochs (the accuracy
        target is then not expected); the default builds the full tour.
    seed : int
        Seeds the digits run (split, weights, shuffling).
    """
    figures = FigureWriter(folder)
    for build in plan(figures, fast=fast, seed=seed):
        yield build()


def build_tour(folder: str | os.PathLike[str], *, fast: bool = False, seed: int = 0,
               clock: Callable[[], float] = time.perf_counter) -> Tour:
    """Every section (see :func:`iter_sections`), with the folder and the time it took."""
    start = clock()
    sections = tuple(iter_sections(folder, fast=fast, seed=seed))
    return Tour(sections, Path(folder), clock() - start)
