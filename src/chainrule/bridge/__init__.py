"""Bridges to other frameworks (PyTorch), each importing its framework lazily."""
