"""Where an exercise's numbers come from: a seed, derived stably from (kind, level, seed) or a
student id.

Python's ``hash()`` of a string is salted per process, so it cannot give a student the same
numbers twice; these seeds are SHA-256 digests instead, identical on every machine and every
run:

* :func:`student_seed` — ``int(sha256("chainrule-student:" + id)[:8 bytes])``;
* :func:`rng_for` — a NumPy ``Generator`` (PCG64) seeded from ``sha256(kind:level:seed)``, so
  the same seed gives unrelated numbers to different kinds and levels.
"""

from __future__ import annotations

import hashlib

import numpy as np

from chainrule.errors import ConfigError

MAX_SEED = 2**63 - 1


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") & MAX_SEED


def student_seed(student_id: str) -> int:
    """The seed of a student's exercises: a stable hash of the id (leading and trailing spaces
    ignored), the same in every process and on every machine.

    Raises
    ------
    ConfigError
        For an empty id.
    """
    sid = str(student_id).strip()
    if not sid:
        raise ConfigError("student id: must not be empty")
    return _digest("chainrule-student:" + sid)


def check_seed(seed: object, where: str = "seed") -> int:
    """``seed`` as an int in [0, 2⁶³ − 1], or a ConfigError naming ``where``."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"{where}: expected an integer from 0 to {MAX_SEED}; got {seed!r}")
    return seed


def rng_for(kind: str, level: int, seed: int, attempt: int = 0) -> np.random.Generator:
    """The random generator of exercise (kind, level, seed); ``attempt`` > 0 gives the
    generator of a retry (numbers rejected as badly conditioned are redrawn from it)."""
    return np.random.default_rng(_digest(f"chainrule-exercise:{kind}:{level}:{seed}:{attempt}"))


__all__ = ["MAX_SEED", "check_seed", "rng_for", "student_seed"]
