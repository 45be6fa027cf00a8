"""Derivatives from function values alone: finite differences and ``gradcheck``."""

from chainrule.numeric.gradcheck import GradcheckResult, Mismatch, gradcheck

__all__ = ["GradcheckResult", "Mismatch", "gradcheck"]
