# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCAL_PG_URL := postgres://postgres@127.0.0.1:5432/newsroom

.PHONY: run test test-sqlite test-postgres superuser lint format serve-setup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

# A local secret for this checkout only (git-ignored); production sets SECRET_KEY instead.
.secret_key: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

serve-setup: $(VENV)/.requirements .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_sample
	$(BIN)/python manage.py import_articles --profile wikinews --extract articles/sample/wikinews/
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

## Serve the archive with gunicorn + whitenoise on http://$(HOST):$(PORT) (SQLite unless DATABASE_URL is set).
run: serve-setup
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/, 'make superuser' for a login)"
	HTTPS=$${HTTPS:-0} HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

## Run the whole suite on SQLite, then on PostgreSQL when one is reachable.
test: $(VENV)/.requirements-dev .secret_key
	@set -u; sqlite=fail; postgres=skipped; \
	if $(MAKE) --no-print-directory test-sqlite; then sqlite=passed; fi; \
	pg_url="$${DATABASE_URL:-}"; \
	if [ -z "$$pg_url" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null; then \
	  pg_url="$(LOCAL_PG_URL)"; fi; \
	if [ -n "$$pg_url" ]; then \
	  if DATABASE_URL="$$pg_url" $(MAKE) --no-print-directory test-postgres; then postgres=passed; else postgres=fail; fi; \
	else echo "PostgreSQL not reachable (no DATABASE_URL, nothing on 127.0.0.1:5432): skipping that run."; fi; \
	echo "Backends: SQLite $$sqlite; PostgreSQL $$postgres"; \
	[ "$$sqlite" = passed ] && [ "$$postgres" != fail ]

test-sqlite: $(VENV)/.requirements-dev .secret_key
	@echo "== test suite on SQLite"
	env -u DATABASE_URL HTTPS=0 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.requirements-dev .secret_key
	@echo "== test suite on PostgreSQL ($${DATABASE_URL%%@*}@…)"
	HTTPS=0 $(BIN)/pytest $(PYTEST_ARGS)

## An editor login for /admin/ (asks for a name and a password).
superuser: serve-setup
	$(BIN)/python manage.py createsuperuser

lint: $(VENV)/.requirements-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.requirements-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache
