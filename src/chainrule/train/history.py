"""``History``: the per-epoch metrics of a training run."""

from __future__ import annotations

from typing import Any


class History:
    """Metrics per finished epoch: ``history["loss"]`` is a list with one float per epoch.

    ``to_dict()`` gives ``{"epoch": [1, 2, ...], "loss": [...], "accuracy": [...],
    "val_loss": [...], "val_accuracy": [...]}`` with only the keys that were measured.
    """

    def __init__(self, data: dict[str, list[float]] | None = None) -> None:
        self._data: dict[str, list[float]] = {k: list(v) for k, v in (data or {}).items()}

    def append(self, logs: dict[str, float]) -> None:
        """Record one epoch's metrics (``logs`` must include ``"epoch"``)."""
        for key, value in logs.items():
            self._data.setdefault(key, []).append(float(value))

    @property
    def epochs(self) -> list[int]:
        """The finished epochs, 1-based."""
        return [int(e) for e in self._data.get("epoch", [])]

    def __getitem__(self, metric: str) -> list[float]:
        return self._data[metric]

    def __contains__(self, metric: object) -> bool:
        return metric in self._data

    def __len__(self) -> int:
        return len(self.epochs)

    def best(self, metric: str) -> tuple[int, float]:
        """(epoch, value) of the best value of ``metric``: lowest for losses, highest otherwise."""
        values = self._data[metric]
        pick = min if "loss" in metric else max
        i = values.index(pick(values))
        return self.epochs[i], values[i]

    def last(self) -> dict[str, float]:
        """The metrics of the last epoch."""
        return {k: v[-1] for k, v in self._data.items() if v}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy."""
        out: dict[str, Any] = {k: list(v) for k, v in self._data.items()}
        if "epoch" in out:
            out["epoch"] = [int(e) for e in out["epoch"]]
        return out

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v:.4g}" for k, v in self.last().items() if k != "epoch")
        return f"History({len(self)} epochs{': ' + last if last else ''})"
