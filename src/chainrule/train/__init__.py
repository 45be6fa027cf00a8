"""Training: ``fit`` with seeded batches, progress bar, History, callbacks and exact resume."""

from chainrule.train.callbacks import Callback, Checkpoint, EarlyStopping, TrainState
from chainrule.train.fit import accuracy, evaluate, fit, predict
from chainrule.train.history import History

__all__ = ["Callback", "Checkpoint", "EarlyStopping", "History", "TrainState", "accuracy",
           "evaluate", "fit", "predict"]
