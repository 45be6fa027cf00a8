"""Safe model files: arrays + JSON (npz or safetensors), never pickle, written atomically.

``save(model, path)`` / ``load(path, model=None)`` for models (the architecture is stored as
JSON so ``load`` can rebuild a ``Sequential``); ``save_checkpoint`` / ``load_checkpoint`` for
training runs (model, optimizer, schedule, epoch, history, random-generator states).
"""

from chainrule.io.atomic import atomic_open, remove_stale, write_atomic
from chainrule.io.checkpoint import CheckpointState, load_checkpoint, save_checkpoint
from chainrule.io.files import load, read_arrays, save, write_arrays
from chainrule.io.spec import build_model, model_spec

__all__ = ["CheckpointState", "atomic_open", "build_model", "load", "load_checkpoint",
           "model_spec", "read_arrays", "remove_stale", "save", "save_checkpoint",
           "write_arrays", "write_atomic"]
