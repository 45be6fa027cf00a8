"""The seed curriculum as data: every worked example of seeds 000–003, in order, recomputed.

``build_tour(folder)`` (or ``iter_sections(folder)``, one section at a time) calls the libraries
— symbolic rules, numerical slopes, the scalar engine, the explainer, gradient descent, the
pictures, and a real training run on handwritten digits — and returns
:class:`~chainrule.tour.model.Section` s: a title and the seed section it retells, paragraphs,
derivations, tables, corrections (what the seed says, what is right, the recomputed evidence)
and the paths of the figures written into ``folder``. Nothing here prints: ``chainrule tour``
renders the sections (``make demo`` runs it).
"""

from chainrule.renamed import renamed_getattr
from chainrule.tour.build import build_tour, iter_sections
from chainrule.tour.model import Correction, Figure, Section, Tour, TourTable

__getattr__ = renamed_getattr(__name__)

__all__ = ["Correction", "Figure", "Section", "Tour", "TourTable", "build_tour", "iter_sections"]
