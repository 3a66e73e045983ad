# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= data
PORT ?= 8501
# Articles added in the dashboard ("Add articles") are kept here and read by every `make etl`.
INBOX := $(wildcard $(DATA)/inbox)

.PHONY: install etl run test lint bench evaluate clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

etl: install
	$(PY) -m etl run seeds $(INBOX) --out $(DATA)

run: etl
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.headless true -- --data $(DATA)

test: install
	$(PY) -m pytest -q -n 2

lint: install
	$(PY) -m ruff check etl dashboard tests benchmarks
	$(PY) -m mypy etl dashboard

evaluate: install
	$(PY) -m etl evaluate

bench: install
	$(PY) -m etl bench

clean:
	rm -rf $(VENV) $(DATA)/*.parquet $(DATA)/*.csv
