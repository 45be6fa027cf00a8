"""The walk through a step: the scalar graph of the forward pass, the records read off it
(forward rows, derivations, updates), the matrix view, and :func:`explain` over many steps."""
