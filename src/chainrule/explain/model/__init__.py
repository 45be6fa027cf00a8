"""The network itself: its description (:class:`Network`, read from a file, a dict or any
model by :func:`describe`), its validation, and the array engine that trains it."""
