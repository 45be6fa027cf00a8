"""Training: ``fit`` with seeded batches, a progress bar, History, callbacks and exact resume;
``evaluate`` and ``predict`` for trained models."""

from chainrule.train.callbacks import Callback, Checkpoint, EarlyStopping, TrainState
from chainrule.train.fit import fit
from chainrule.train.history import History
from chainrule.train.metrics import accuracy, evaluate, predict

__all__ = ["Callback", "Checkpoint", "EarlyStopping", "History", "TrainState", "accuracy",
           "evaluate", "fit", "predict"]
