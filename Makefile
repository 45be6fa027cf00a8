# Two commands do all the set-up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The torch bridge's tests need PyTorch; this pin is the CPU build that lies on this project's
# machines (a plain `torch` from PyPI would pull a CUDA build of several GB).
TORCH ?= torch==2.13.0

.PHONY: demo test install lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's metadata changes; the package itself is editable.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev,torch]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/chainrule tour -o chainrule-tour

# The playground's browser tests need Debian's chromium (apt-get install chromium) and the LaTeX
# tests pdflatex (apt-get install texlive-latex-base texlive-latex-recommended); without them
# they are skipped and the run ends with a loud line saying so (.ci/run installs them and makes
# a missing one a failure: CHAINRULE_REQUIRE_BROWSER=1, CHAINRULE_REQUIRE_TEX=1).
test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests benchmarks examples

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples

clean:
	rm -rf $(VENV) chainrule-tour .pytest_cache
