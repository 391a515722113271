# Nghị sự — everything a fresh machine with Python 3.11 and make needs.
# The machine's Python 3.11: Debian's /usr/bin/python3.11 when it can make a virtualenv, else the
# first python3.11 on PATH. Debian's has libpython linked into the executable; the pyenv build found
# first on PATH here loads it as a shared library, and ran the ingest slower (bench/README.md).
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3.11)
endif
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= $(or $(ARCHIVE_DATA_DIR),var)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup lock lint migrate ingest-seeds index chromium test test-postgres serve loadtest bench search-quality extraction-score clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# requirements.txt is the lock: every package, transitive ones included, pinned by pip-tools from
# requirements.in (`make lock` after changing it).
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

lock: setup
	$(PY) -m piptools compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt requirements.in

lint: setup
	$(VENV)/bin/ruff check .

migrate: setup
	ARCHIVE_DATA_DIR=$(DATA) $(PY) manage.py migrate --noinput -v0

ingest-seeds: migrate
	ARCHIVE_DATA_DIR=$(DATA) $(PY) manage.py ingest seeds

index: ingest-seeds
	ARCHIVE_DATA_DIR=$(DATA) $(PY) manage.py rebuild_index --noinput -v0

run: index
	@echo "Nghị sự: http://$(HOST):$(PORT)/"
	ARCHIVE_DATA_DIR=$(DATA) $(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium, never a downloaded browser; without root or apt they skip.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
			|| echo "chromium could not be installed: browser tests will skip"; \
	fi

test: lint chromium
	$(PY) -m pytest

# The whole suite against a throwaway PostgreSQL cluster (installed from Debian when missing),
# then the search suite again on the PostgreSQL search engine: tests/search on both engines.
test-postgres: setup
	.ci/with-postgres sh -c '$(PY) -m pytest && ARCHIVE_SEARCH_ENGINE=postgres $(PY) -m pytest tests/search'

# Production: gunicorn + WhiteNoise, settings from the environment (DJANGO_SECRET_KEY,
# DATABASE_URL, DJANGO_ALLOWED_HOSTS, ARCHIVE_DATA_DIR); DEBUG off unless asked for.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1) + 1)' 2>/dev/null || echo 3)
serve: setup
	ARCHIVE_DATA_DIR=$(DATA) $(PY) manage.py collectstatic --noinput -v0  # WhiteNoise serves the .gz/.br it writes
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} ARCHIVE_DATA_DIR=$(DATA) exec $(VENV)/bin/gunicorn archive.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --graceful-timeout 10

# Load test (not part of `make test`): gunicorn on 127.0.0.1, 20 clients searching and browsing for
# 60 s over the seeds + 10,000 synthetic articles (built once under $(DATA)/loadtest-10000).
# 2 further clients send only the worst requests (bench/loadtest.py --hostile). LOADTEST_DATA=DIR serves an
# archive built already, e.g. the 100,000-article one of `make bench N=100000` (var/bench/run-…/data).
LOADTEST_ARTICLES ?= 10000
LOADTEST_HOSTILE ?= 2
LOADTEST_DATA ?=
loadtest: setup
	ARCHIVE_DATA_DIR=$(DATA) $(PY) bench/loadtest.py --articles $(LOADTEST_ARTICLES) --clients 20 --duration 60 \
		--hostile $(LOADTEST_HOSTILE) $(if $(LOADTEST_DATA),--data $(LOADTEST_DATA))

# Ingest, index and search N synthetic articles with SQLite FTS5 as the peer (make bench N=10000);
# results in bench/results/. Niced: it shares the machine. Not part of make test.
# ENGINE=postgres: the PostgreSQL search engine on a throwaway PostgreSQL server (no FTS5 peer).
N ?= 1000
ENGINE ?= whoosh
bench: setup
ifeq ($(ENGINE),postgres)
	ARCHIVE_DATA_DIR=$(DATA) ARCHIVE_SEARCH_ENGINE=postgres nice -n 10 .ci/with-postgres $(PY) -m bench.run --n $(N)
else
	ARCHIVE_DATA_DIR=$(DATA) nice -n 10 $(PY) -m bench.run --n $(N)
endif

# Measured relevance (issue #25): nDCG@10 and P@10 of our search and two SQLite FTS5 baselines on the
# judged queries of bench/search_quality.jsonl, over an archive of ../shared's baomoi-2013 corpus, real
# articles and the test articles, built once under QUALITY_DATA and reused. BAOMOI=DIR: the corpus
# unpacked already. Skips, saying why, without ../shared. Not part of make test.
QUALITY_DATA ?= $(DATA)/search-quality
BAOMOI ?=
search-quality: setup
	nice -n 10 $(PY) -m bench.search_quality --data $(QUALITY_DATA) $(if $(BAOMOI),--baomoi $(BAOMOI))

# Score extraction against a gold file (the export schema) in a throwaway archive: the seeds by
# default; `make extraction-score GOLD=../shared/real/gold.jsonl ARTICLES=../shared/real/articles`.
GOLD ?= tests/data/seeds_gold.jsonl
ARTICLES ?= seeds
MIN_F1 ?= 0.95
extraction-score: setup
	$(PY) manage.py score_extractions $(GOLD) --articles $(ARTICLES) --min-f1 $(MIN_F1)

clean:
	rm -rf $(VENV) var .pytest_cache
