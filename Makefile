# Two commands do all set-up on a fresh machine:
#   make demo   install everything into .venv, build release/, autograde the sample class
#   make test   install everything into .venv, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install system lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[grading,cluster,dev]'
	touch $(STAMP)

# System tools (Debian packages): bubblewrap, the sandbox every submission is graded in; Chromium
# and its driver, for the browser tests; PostgreSQL's server, for the gradebook tests (the tests
# start their own server). As root on Debian/Ubuntu this installs what is missing; anywhere else
# it says what to install.
system:
	@missing=""; \
	command -v bwrap >/dev/null 2>&1 || missing="$$missing bubblewrap"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y -q $$missing >/dev/null 2>&1 || \
	      { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	  else \
	    echo "note: missing system packages:$$missing (sudo apt-get install$$missing)"; \
	  fi; \
	fi

install: $(STAMP) system

demo: install
	$(BIN)/kit demo

test: install
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check course autograder tests datasets

bench: install
	$(BIN)/python -m autograder.bench
	$(BIN)/python -m autograder.bench_grading

clean:
	rm -rf submitted autograded feedback gradebook.db reports grades.csv .kit
