# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Dependencies are installed from the lock files in requirements/ (see README, "Dependencies").
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= data
PORT ?= 8501
UV ?= uv
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
LOCK_FLAGS := --universal --python-version 3.11 --custom-compile-command "make lock" -q
# Articles added in the dashboard ("Add articles") are kept here and read by every `make etl`.
INBOX := $(wildcard $(DATA)/inbox)

.PHONY: install etl run check-port test lint bench evaluate train lock clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(RUNTIME_LOCK) $(DEV_LOCK)
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r $(DEV_LOCK)
	$(PY) -m pip install -q -e . --no-deps
	$(PY) -m pip check || (echo "the lock files do not fit pyproject.toml: run 'make lock'" >&2; exit 1)
	touch $@

etl: install
	$(PY) -m etl run seeds $(INBOX) --out $(DATA)

check-port: install
	@$(PY) scripts/check_port.py $(PORT)

run: check-port etl
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.headless true -- --data $(DATA)

test: install
	$(PY) -m pytest -q -n 2

lint: install
	$(PY) -m ruff check etl dashboard tests benchmarks
	$(PY) -m mypy etl dashboard

evaluate: install
	$(PY) -m etl evaluate

train: install
	$(PY) -m etl train

bench: install
	$(PY) -m etl bench

# Re-resolve the locks after a dependency change in pyproject.toml (needs uv: pip install uv).
# Versions already locked are kept; `make lock UV_FLAGS=--upgrade` moves everything to the newest.
lock:
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) $(UV_FLAGS) -o $(RUNTIME_LOCK)
	$(UV) pip compile pyproject.toml --extra test -c $(RUNTIME_LOCK) $(LOCK_FLAGS) $(UV_FLAGS) -o $(DEV_LOCK)

clean:
	rm -rf $(VENV) $(DATA)/*.parquet $(DATA)/*.csv
