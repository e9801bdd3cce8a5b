# The verbs of this project. `make run` and `make test` need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: run test messages lint check clean superuser serve loadtest backup restore bench audit screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Only its owner may read it. SECRET_KEY in the environment, when set, wins over it.
.secret_key:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key

## run: install, migrate, load the content and serve the site at http://127.0.0.1:$(PORT)/
run: $(STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "The site is at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## superuser: create a staff account for the admin
superuser: $(STAMP) .secret_key
	$(BIN)/python manage.py createsuperuser

## test: the whole test suite (browser tests need Debian's chromium)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## messages: extract interface strings into the .po files and compile them
messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l en --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

## lint: ruff, missing migrations and Django's checks
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) staticfiles .test-media

## serve: the production way on loopback: gunicorn (gunicorn.conf.py), WhiteNoise, JSON logs
serve: $(STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "The site is at http://127.0.0.1:$(PORT)/ (gunicorn; Ctrl-C stops it)"
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

## loadtest: 50 clients for 30 s on each kind of page, against a `make serve` it starts and stops
loadtest: $(STAMP) .secret_key
	PORT=$(PORT) scripts/loadtest.sh

## backup: the whole content and the uploaded files in backups/cities-<date>.tar.gz
backup: $(STAMP) .secret_key
	$(BIN)/python manage.py backup_site

## restore: ARCHIVE=backups/cities-<date>.tar.gz back into an empty database
restore: $(STAMP) .secret_key
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/cities-<date>.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore_site "$(ARCHIVE)"

## bench: speed of each page on a large data set (1,000 partners, 5,000 initiatives), with wrk
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

## audit: axe-core, html-validate and Lighthouse on each kind of page (needs Node.js 20+, npm)
audit: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/audit.py

## screenshots: the main pages at 390 and 1280 px wide, into docs/screenshots/
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py
