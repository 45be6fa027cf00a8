"""Safe model files: arrays + JSON (npz or safetensors), never pickle, written atomically."""

from chainrule.io.atomic import atomic_open, write_atomic
from chainrule.io.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from chainrule.io.files import load, read_arrays, save, write_arrays

__all__ = ["Checkpoint", "atomic_open", "load", "load_checkpoint", "read_arrays", "save",
           "save_checkpoint", "write_arrays", "write_atomic"]
