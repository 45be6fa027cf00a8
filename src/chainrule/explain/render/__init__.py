"""One document type and its renderers: the layout of an explanation or a check as a Document,
and Markdown, LaTeX, HTML (MathML) and terminal output of it."""
