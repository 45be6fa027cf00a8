"""The built-in data sets' names: one list that ``chainrule train --data`` and the playground
both read, so a name means the same set in each.

``TRAIN`` are the sets ``chainrule train --data`` builds; ``PLANE_CLASSES`` and
``PLANE_REGRESSION`` the playground's 2-D sets (points in the plane, class labels or a real
target). ``ALIASES`` maps an old or singular spelling to its name (shared links made before
the names were unified keep working).
"""

from __future__ import annotations

TRAIN = ("digits", "moons", "circles", "xor", "spirals")
PLANE_CLASSES = ("circles", "xor", "gaussian", "spirals", "moons")
PLANE_REGRESSION = ("plane", "bumps")
ALIASES = {"circle": "circles", "spiral": "spirals", "moon": "moons"}


def canonical(name: str) -> str:
    """``name`` as the list spells it (``"spiral"`` → ``"spirals"``); others unchanged."""
    return ALIASES.get(name, name) if isinstance(name, str) else name
