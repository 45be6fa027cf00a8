"""``History``: the per-epoch metrics of a training run, in a plot-friendly shape."""

from __future__ import annotations

from typing import Any

from chainrule.errors import ConfigError


class History:
    """Metrics per finished epoch: ``history["loss"]`` is a list with one float per epoch.

    ``to_dict()`` gives ``{"epoch": [1, 2, ...], "loss": [...], "accuracy": [...],
    "val_loss": [...], "val_accuracy": [...]}`` — only the keys that were measured, every list
    as long as ``epoch`` — which is what :func:`chainrule.viz.plot_history` draws.

    Parameters
    ----------
    data : dict, optional
        A ``to_dict()`` to start from (a resumed run's history).
    """

    def __init__(self, data: dict[str, list[float]] | None = None) -> None:
        data = dict(data or {})
        self._epochs: list[int] = [int(e) for e in data.pop("epoch", [])]
        self._data: dict[str, list[float]] = {k: [float(x) for x in v] for k, v in data.items()}
        for key, values in self._data.items():
            if len(values) != len(self._epochs):
                raise ConfigError(f"History: {key!r} has {len(values)} values for "
                                  f"{len(self._epochs)} epochs")

    def append(self, logs: dict[str, float]) -> None:
        """Record one epoch: ``logs`` has ``"epoch"`` and that epoch's metrics."""
        if "epoch" not in logs:
            raise ConfigError("History.append: logs must include 'epoch'")
        metrics = {k: float(v) for k, v in logs.items() if k != "epoch"}
        if self._epochs and set(metrics) != set(self._data):
            raise ConfigError(f"History.append: metrics {sorted(metrics)} differ from the "
                              f"earlier epochs' {sorted(self._data)}")
        self._epochs.append(int(logs["epoch"]))
        for key, value in metrics.items():
            self._data.setdefault(key, []).append(value)

    @property
    def epochs(self) -> list[int]:
        """The finished epochs, 1-based."""
        return list(self._epochs)

    @property
    def metrics(self) -> list[str]:
        """The measured metric names, in the order first recorded."""
        return list(self._data)

    def __getitem__(self, metric: str) -> list[Any]:
        """A copy of one metric's per-epoch values (``"epoch"`` gives the epoch numbers)."""
        if metric == "epoch":
            return list(self._epochs)
        if metric not in self._data:
            raise KeyError(f"no metric {metric!r} in this history; it has {self.metrics}")
        return list(self._data[metric])

    def __contains__(self, metric: object) -> bool:
        return metric in self._data

    def __len__(self) -> int:
        return len(self._epochs)

    def best(self, metric: str) -> tuple[int, float]:
        """``(epoch, value)`` of the best value of ``metric``: lowest for a name containing
        "loss", highest otherwise (the first such epoch on ties)."""
        values = self[metric]
        if not values:
            raise ConfigError(f"History.best: no epochs recorded for {metric!r}")
        pick = min if "loss" in metric else max
        i = values.index(pick(values))
        return self._epochs[i], values[i]

    def last(self) -> dict[str, float]:
        """The last epoch's metrics, with its ``"epoch"``; empty before the first epoch."""
        if not self._epochs:
            return {}
        return {"epoch": self._epochs[-1], **{k: v[-1] for k, v in self._data.items()}}

    def to_dict(self) -> dict[str, Any]:
        """``{"epoch": [ints], metric: [floats], ...}``: fresh lists, JSON-friendly."""
        return {"epoch": list(self._epochs), **{k: list(v) for k, v in self._data.items()}}

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v:.4g}" for k, v in self.last().items() if k != "epoch")
        return f"History({len(self)} epochs{': ' + last if last else ''})"
