"""The tour's finale: "do this many times with multiple data points" — real handwritten digits.

Seed 003 closes with: to train a network, repeat the step many times on many samples. Here the
same Dense → ReLU → Dense layers, trained by backpropagation and Adam on scikit-learn's 1,797
8×8 digits, reach ≥ 95 % accuracy on a held-out quarter in well under a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule import nn, optim
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Section, TourTable

SEED = "003"
HIDDEN = 64
EPOCHS = 20
LEARNING_RATE = 0.01
BATCH = 32


def train_digits(figures: FigureWriter, seed: int = 0, epochs: int = EPOCHS,
                 clock: Callable[[], float] = time.perf_counter) -> Section:
    """Train 64 → 64 (ReLU) → 10 on digits; report the curve, test accuracy and time.

    Parameters
    ----------
    figures : FigureWriter
        Receives ``training.png`` (the curves) and ``digits-model.npz`` (the model, atomic).
    seed : int
        Seeds the split, the initial weights and the shuffling.
    epochs : int
        Passes over the training set.
    clock : callable
        Seconds, for the timing shown (a parameter so that tests need no real clock).
    """
    from chainrule import data, io, train

    X, y = data.load_digits()
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.25, seed=seed,
                                                             stratify=True)
    rng = np.random.default_rng(seed)
    model = nn.Sequential(nn.Dense(64, HIDDEN, init="he", seed=rng), nn.ReLU(),
                          nn.Dense(HIDDEN, 10, seed=rng))
    loss = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=LEARNING_RATE)
    start = clock()
    history = train.fit(model, (X_train, y_train), loss, optimizer, epochs, BATCH,
                        validation=(X_test, y_test), seed=seed, progress=False)
    seconds = clock() - start
    final = history.last()
    curves = figures.write("training.png", "Loss and accuracy per epoch, train and test",
                           lambda p: _plot(history, p))
    saved = figures.write("digits-model.npz", "The trained model (arrays + JSON, no pickle)",
                          lambda p: io.save(model, p))
    h = history.to_dict()
    shown = sorted({0, 1, 2, 4, 9, len(history) - 1} & set(range(len(history))))
    rows = [(h["epoch"][i], h["loss"][i], _pct(h["accuracy"][i]), h["val_loss"][i],
             _pct(h["val_accuracy"][i])) for i in shown]
    params = int(sum(np.asarray(p.data).size for p in model.parameters()))
    return Section(
        SEED, "Putting It Together · many times, many samples",
        f"digits: {final['val_accuracy']:.1%} test accuracy",
        text=(
            "\"To train a neural network, we just need to do this many times with multiple "
            "data points.\" The same layers as the worked example — Dense, ReLU, Dense — "
            f"now 64 → {HIDDEN} → 10 ({params:,} parameters), trained on {len(X_train)} of "
            "scikit-learn's 8×8 handwritten digits with softmax cross-entropy and Adam "
            f"(lr {LEARNING_RATE}, batches of {BATCH}), {epochs} epochs.",
            f"On the {len(X_test)} held-out digits: {final['val_accuracy']:.1%} correct "
            f"(training took {seconds:.2f} s).",
        ),
        tables=(TourTable.of(("epoch", "loss", "train acc", "test loss", "test acc"), rows),),
        figures=(curves, saved),
        commands=(f"chainrule train --data digits --layers {HIDDEN} --epochs {epochs} "
                  "--save digits.npz --plot curves.png",),
        data={"test_accuracy": final["val_accuracy"], "train_accuracy": final["accuracy"],
              "epochs": epochs, "seconds": seconds, "history": h},
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _plot(history: Any, path: object) -> None:
    from chainrule.viz import plot_history

    plot_history(history, path, title="digits: 64 → 64 → 10")

