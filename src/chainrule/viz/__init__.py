"""Pictures of what chainrule computes, drawn with matplotlib (headless; no pyplot state).

The seeds teach with pictures; each has a function here that draws it from library objects:

=====================================  ==========================================================
``plot_tangents(f, xs)``               f with tangent lines at several x (seed 002)
``plot_derivative(f)``                 f and f′ side by side (seed 000)
``plot_step_study(study)``             finite-difference error against h, log axes (seed 002)
``plot_descent(path)``                 a gradient-descent path over f, or over contours of f(x, y)
``animate_descent(path, "a.gif")``     the descent as a GIF with the tangent at each step (seed 003)
``draw_graph(value)``                  a Value's computation graph: DOT, SVG, PNG (seed 001)
``draw_network(network, values)``      layers, weights on edges, values in neurons (seeds 000, 003)
``plot_history(history)``              training curves, train vs validation
=====================================  ==========================================================

Every function returns its Figure (``draw_graph`` a :class:`GraphDrawing`, ``animate_descent``
a ``FuncAnimation``) and saves to ``path`` when one is given, the format chosen by extension.
For Jupyter, :func:`value_svg`, :func:`network_svg` and :func:`figure_svg` return SVG text that
objects' ``_repr_svg_`` methods can hand over; nothing here imports IPython.
"""

from chainrule.viz.animation import animate_descent
from chainrule.viz.canvas import figure_svg, save_figure
from chainrule.viz.descent import plot_descent
from chainrule.viz.functions import (
    Tangent,
    plot_derivative,
    plot_step_study,
    plot_tangents,
    slope_function,
    tangents,
)
from chainrule.viz.graph import GraphDrawing, draw_graph, graph_dot, value_svg
from chainrule.viz.history import plot_history
from chainrule.viz.netspec import EdgeSpec, NetworkSpec, NodeSpec, as_spec, spec_from_lists
from chainrule.viz.network import draw_network, network_svg

__all__ = [
    "EdgeSpec",
    "GraphDrawing",
    "NetworkSpec",
    "NodeSpec",
    "Tangent",
    "animate_descent",
    "as_spec",
    "draw_graph",
    "draw_network",
    "figure_svg",
    "graph_dot",
    "network_svg",
    "plot_derivative",
    "plot_descent",
    "plot_history",
    "plot_step_study",
    "plot_tangents",
    "save_figure",
    "slope_function",
    "spec_from_lists",
    "tangents",
    "value_svg",
]
