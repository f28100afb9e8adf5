# factex — `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
INPUT  ?= seeds
OUT    ?= out
WORKERS ?= 2

.PHONY: install run test score bench model clean

$(BIN)/factex: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m compileall -q src  # (as a wheel's install does: not left to a first run that may not write it)
	@touch $@

install: $(BIN)/factex

run: install
	$(BIN)/factex run $(INPUT) --out-dir $(OUT) --report

test: install
	$(BIN)/python -m pytest

score: run
	$(PYTHON) $(SHARED)/eval/score.py --gold $(SHARED)/gold/seeds --facts $(OUT)/facts.jsonl --records $(OUT)/records.jsonl

bench: install
	$(BIN)/python -m benchmarks.bench --corpus $(SHARED)/corpus --workers $(WORKERS) $(BENCH_ARGS)

model: install
	$(BIN)/python scripts/train_ner.py --data $(SHARED)/data/ner/ANERcorp-CamelLabSplits --out models/ner_ar

clean:
	rm -rf $(OUT) .pytest_cache build dist
