# circular — the two commands a person needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install server-start server-stop clean

## demo: start the local Neo4j, load the base, print the headline answers and the Browser address
demo: install
	@bash .ci/packages.sh java mvn dot
	$(BIN)/circular demo

## test: run the tests against a Neo4j of their own, on free ports in a temporary folder, removed
## afterwards (Chromium drives Neo4j Browser); the local server and its base are not touched
test: install
	@bash .ci/packages.sh java mvn chromium dot
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("circular needs Python 3.11 or newer (set PYTHON=python3.x)") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

server-start: install
	$(BIN)/circular server start

server-stop: install
	$(BIN)/circular server stop

## clean: remove the virtual environment (the server's data in server/var stays)
clean:
	rm -rf $(VENV) *.egg-info
