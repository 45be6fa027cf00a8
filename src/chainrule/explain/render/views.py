"""The renderers every explanation shares: one document, four ways to lay it out.

An explanation (dense, conv2d, rnn) subclasses :class:`DocumentViews` and defines
``document(steps, digits)`` — the renderer-neutral
:class:`~chainrule.explain.render.document.Document` of the chosen steps; Markdown, LaTeX,
HTML, the terminal and the notebook displays all come from it, so no family lays out text of
its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class DocumentViews:
    """``to_markdown``, ``to_latex``, ``to_html``, ``to_rich`` and the notebook displays of
    ``self.document(steps, digits)``."""

    def document(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral document of ``steps`` (default: the steps shown)."""
        raise NotImplementedError

    def to_markdown(self, steps: Sequence[int] | None = None, digits: int = 6,
                    math: str = "text") -> str:
        """Markdown; ``math="text"`` (unicode, code spans) or ``"latex"`` (``$…$``)."""
        from chainrule.explain.render.render_markdown import render_markdown

        return render_markdown(self.document(steps, digits), math=math)

    def to_latex(self, steps: Sequence[int] | None = None, digits: int = 6,
                 standalone: bool = False) -> str:
        """LaTeX: a fragment, or a whole document with ``standalone=True``."""
        from chainrule.explain.render.render_latex import render_latex

        return render_latex(self.document(steps, digits), standalone=standalone)

    def to_html(self, steps: Sequence[int] | None = None, digits: int = 6,
                standalone: bool = True) -> str:
        """A self-contained HTML page (MathML, inline CSS, no scripts), or a fragment."""
        from chainrule.explain.render.render_html import render_html

        return render_html(self.document(steps, digits), standalone=standalone)

    def to_rich(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """A rich renderable (``rich.console.Group``) for a terminal."""
        from chainrule.explain.render.render_rich import render_rich

        return render_rich(self.document(steps, digits))

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)


__all__ = ["DocumentViews"]
