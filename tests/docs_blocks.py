"""Run the console blocks of README.md and docs/*.md and compare them with what they show.

A console block is a fenced block `````console`` whose ``$ …`` lines are commands and whose
other lines are the output they print (stdout and stderr together, as a terminal shows them,
piped so without colour). The blocks of one document run in order in one fresh folder, so a
later block sees the files an earlier one wrote (``-o sheets`` then ``ls sheets``); the folder
holds ``examples/`` (a link to the repository's) and a copy of ``digits.npz``, and ``chainrule``
and ``python`` on its PATH are this checkout's.

Conventions of the documents (checked, not guessed):

* a line that is exactly ``...`` stands for any number of output lines (a long output cut);
* a block whose fence reads `````console not run: REASON`` is not run — for a command that
  needs a server or a browser — and is counted and listed with its reason;
* a Python session (``>>>``) is a `````pycon`` block, not a console block.

The comparison is strict, line by line (trailing spaces ignored): only what truly varies
between runs is normalised — the run's temporary folder, written as ``.``, and wall-clock
times (``time 5.0 s``, ``in 12.3 s``), written as ``<time>``.

Run from the repository root::

    python -m tests.docs_blocks             # report every block that differs
    python -m tests.docs_blocks --update    # rewrite the blocks from the real output
    python -m tests.docs_blocks docs/tutorial.md --update

``--update`` keeps each ``...`` cut: as many lines before it and after it as the document
showed. ``tests/test_docs_console.py`` runs the same check under pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```console(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
NOT_RUN = re.compile(r"^\s*not run:\s*(?P<why>\S.*)$")
ELLIPSIS = "..."
# Wall-clock figures: "time  5.0 s", "in 12.3 s", "took 0.41 s", "(3.2 s)", "12 ms".
TIMES = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:s|ms|min)\b(?!/)")
COMMAND_TIMEOUT = 600


def _name(path: Path) -> str:
    """``path`` as the messages write it: relative to the repository when inside it."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def documents() -> list[Path]:
    """README.md and docs/*.md, in that order."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@dataclass
class Block:
    """One console block: where it is, its commands with their shown output, or why it is not
    run."""

    path: Path
    line: int
    start: int  # offsets of the body in the document's text
    end: int
    commands: list[tuple[str, list[str]]]
    not_run: str | None = None


@dataclass
class Outcome:
    """A block run: each command's real output (None for a block not run)."""

    block: Block
    outputs: list[list[str]] | None

    @property
    def differences(self) -> list[str]:
        """One message per command whose output differs from the document."""
        if self.outputs is None:
            return []
        out = []
        for (cmd, shown), real in zip(self.block.commands, self.outputs):
            if not matches(shown, real):
                out.append(f"{_name(self.block.path)}:{self.block.line}: $ {cmd}\n"
                           + "\n".join(_diff(shown, real)))
        return out


def parse(path: Path) -> list[Block]:
    """The console blocks of ``path``.

    Raises
    ------
    ValueError
        For a console block with no ``$`` line that is not marked ``not run`` (a Python
        session belongs in a ``pycon`` block).
    """
    text = path.read_text(encoding="utf-8")
    blocks = []
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        info = NOT_RUN.match(m.group("info"))
        commands: list[tuple[str, list[str]]] = []
        for row in m.group("body").splitlines():
            if row.startswith("$ "):
                commands.append((row[2:], []))
            elif commands:
                commands[-1][1].append(row.rstrip())
        if not commands and info is None:
            raise ValueError(f"{_name(path)}:{line}: a console block without a "
                             f"'$ ' command (a Python session is a pycon block)")
        blocks.append(Block(path, line, m.start("body"), m.end("body"), commands,
                            info.group("why") if info else None))
    return blocks


def normalise(lines: list[str]) -> list[str]:
    """Trailing spaces dropped, wall-clock times written ``<time>``: what is compared."""
    return [TIMES.sub("<time>", ln.rstrip()) for ln in lines]


def _relative(lines: list[str], work: str) -> list[str]:
    """The run's folder written ``.`` (a path inside it relative), trailing spaces dropped."""
    return [ln.replace(work + "/", "").replace(work, ".").rstrip() for ln in lines]


def matches(shown: list[str], real: list[str]) -> bool:
    """``real`` is what ``shown`` shows, a line ``...`` matching any run of lines."""
    shown, real = normalise(shown), normalise(real)
    parts = _parts(shown)
    if len(parts) == 1:
        return shown == real
    head, *middle, tail = parts
    if real[:len(head)] != head or len(real) < len(head) + len(tail):
        return False
    if tail and real[len(real) - len(tail):] != tail:
        return False
    pos, stop = len(head), len(real) - len(tail)
    for part in middle:
        pos = _find(real, part, pos, stop)
        if pos < 0:
            return False
        pos += len(part)
    return True


def _parts(lines: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for ln in lines:
        if ln == ELLIPSIS:
            parts.append([])
        else:
            parts[-1].append(ln)
    return parts


def _find(lines: list[str], part: list[str], start: int, stop: int) -> int:
    for i in range(start, stop - len(part) + 1):
        if lines[i:i + len(part)] == part:
            return i
    return -1


def _diff(shown: list[str], real: list[str]) -> list[str]:
    import difflib

    return list(difflib.unified_diff(shown, real, "documented", "real", lineterm="", n=1))


def rewritten(shown: list[str], real: list[str]) -> list[str]:
    """What the document should show for ``real``: itself if it still matches, else the real
    output with each ``...`` cut kept: as many lines before the first as shown, each shown
    part after a cut that the real output still has, and else as many last lines as shown."""
    if matches(shown, real):
        return shown
    parts = _parts(shown)
    if len(parts) == 1:
        return list(real)
    head, *middle, tail = parts
    inner = real[len(head):]
    out = [*real[:len(head)], ELLIPSIS]
    pos = 0
    for part in [*middle, tail]:
        at = _find(normalise(inner), normalise(part), pos, len(inner)) if part else -1
        if at >= 0:
            out += [*inner[at:at + len(part)], ELLIPSIS]
            pos = at + len(part)
    if tail and out[-len(tail) - 1:-1] == tail and pos == len(inner):
        return out[:-1]  # the tail is still the end
    if tail and out[-len(tail) - 1:-1] != tail:  # the shown end is gone: show the new end
        out += real[max(len(real) - len(tail), len(head) + pos):]
    return out


def _environment(bin_dir: Path) -> dict[str, str]:
    import chainrule

    bin_dir.mkdir()
    shim = bin_dir / "chainrule"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m chainrule.cli.main "$@"\n')
    shim.chmod(0o755)
    # a script, not a symlink: a venv's interpreter finds its packages from the path it was
    # started by, and a symlink outside the venv would start it without them
    py = bin_dir / "python"
    py.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    py.chmod(0o755)
    src = str(Path(chainrule.__file__).resolve().parents[1])
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]).rstrip(
                   os.pathsep),
               NO_COLOR="1", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", COLUMNS="100",
               LC_ALL="C.UTF-8")
    env.pop("CI", None)
    return env


def run_document(path: Path) -> list[Outcome]:
    """Run every block of ``path`` in order in one fresh folder."""
    blocks = parse(path)
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="chainrule-docs-") as tmp:
        base = Path(tmp).resolve()
        work = base / "work"
        work.mkdir()
        (work / "examples").symlink_to(REPO / "examples")
        if (REPO / "digits.npz").exists():
            shutil.copy(REPO / "digits.npz", work / "digits.npz")
        env = _environment(base / "bin")
        for block in blocks:
            if block.not_run is not None:
                outcomes.append(Outcome(block, None))
                continue
            outputs = []
            for cmd, _ in block.commands:
                r = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, text=True,
                                   encoding="utf-8", errors="replace", stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT)
                lines = r.stdout.splitlines()
                while lines and not lines[-1].strip():
                    lines.pop()
                outputs.append(_relative(lines, str(work)))
            outcomes.append(Outcome(block, outputs))
    return outcomes


def run_all(paths: list[Path], workers: int = 2) -> list[Outcome]:
    """Every document's outcomes, ``workers`` documents at a time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [o for outs in pool.map(run_document, paths) for o in outs]


def update(outcomes: list[Outcome]) -> int:
    """Rewrite the documents' blocks from the real output; the number of blocks changed."""
    changed = 0
    by_path: dict[Path, list[Outcome]] = {}
    for o in outcomes:
        by_path.setdefault(o.block.path, []).append(o)
    for path, outs in by_path.items():
        text = path.read_text(encoding="utf-8")
        for o in sorted(outs, key=lambda o: o.block.start, reverse=True):
            if o.outputs is None or not o.differences:
                continue
            body = []
            for (cmd, shown), real in zip(o.block.commands, o.outputs):
                body += [f"$ {cmd}", *rewritten(shown, real)]
            text = text[:o.block.start] + "\n".join(body) + "\n" + text[o.block.end:]
            changed += 1
        path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    """Check (or ``--update``) the console blocks; exit 1 when a block differs."""
    p = argparse.ArgumentParser(prog="python -m tests.docs_blocks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", type=Path, help="documents (default: README, docs/)")
    p.add_argument("--update", action="store_true", help="rewrite blocks from real output")
    args = p.parse_args(argv)
    paths = [f.resolve() for f in args.files] or documents()
    outcomes = run_all(paths)
    skipped = [o.block for o in outcomes if o.outputs is None]
    differing = [d for o in outcomes for d in o.differences]
    ran = len(outcomes) - len(skipped)
    for b in skipped:
        print(f"not run: {_name(b.path)}:{b.line}: {b.not_run}")
    if args.update:
        print(f"{ran} blocks run, {update(outcomes)} rewritten, {len(skipped)} not run")
        return 0
    print("\n\n".join(differing))
    print(f"{ran} blocks run, {len(differing)} commands differ, {len(skipped)} not run")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
