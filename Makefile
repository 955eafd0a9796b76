# Two commands do all set-up on a fresh machine:
#   make demo   install everything into .venv, build release/, autograde the sample class
#   make test   install everything into .venv, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[grading,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kit demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check course autograder tests datasets

bench: $(STAMP)
	$(BIN)/python -m autograder.bench
	$(BIN)/python -m autograder.bench_grading

clean:
	rm -rf submitted autograded feedback gradebook.db reports grades.csv
