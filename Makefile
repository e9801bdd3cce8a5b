# The verbs of this project. `make run` and `make test` need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# What the site needs (requirements.txt), then what the tests and tools add: exact versions
# with their hashes, so that every machine installs what CI tested. `make lock` renews them.
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes

.PHONY: run test lock messages lint clean superuser serve edge loadtest backup restore archive bench audit screenshots

$(SITE_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(TEST_STAMP): $(SITE_STAMP) requirements-test.txt
	$(PIP_INSTALL) -r requirements-test.txt
	touch $@

## lock: pin the newest versions pyproject.toml allows into requirements*.txt
lock: $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
	$(PIP_COMPILE) -o requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra s3 -c requirements.txt -o requirements-s3.txt pyproject.toml
	$(PIP_COMPILE) --extra test -c requirements-s3.txt -o requirements-test.txt pyproject.toml

PIP_COMPILE = $(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

# Only its owner may read it. SECRET_KEY in the environment, when set, wins over it.
.secret_key:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key

## run: install, migrate, load the content and serve the site at http://127.0.0.1:$(PORT)/
run: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "The site is at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## superuser: create a staff account for the admin
superuser: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py createsuperuser $(if $(DJANGO_SUPERUSER_PASSWORD),--noinput)

## test: the whole test suite (browser tests need Debian's chromium)
test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## messages: extract interface strings into the .po files and compile them
messages: $(SITE_STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l en --add-location=file --ignore=.venv --ignore=staticfiles --ignore=node_modules
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

## lint: ruff, missing migrations and Django's checks
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) staticfiles .test-media

## serve: the production way on loopback: gunicorn (gunicorn.conf.py), WhiteNoise, JSON logs
serve: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "The site is at http://127.0.0.1:$(PORT)/ (gunicorn; Ctrl-C stops it)"
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

## edge: nginx (deploy/nginx.conf) at http://127.0.0.1:$(EDGE_PORT)/ in front of `make serve`
EDGE_PORT ?= 8080
edge: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	PORT=$(PORT) EDGE_PORT=$(EDGE_PORT) $(BIN)/python scripts/edge.py

## loadtest: 50 clients for 30 s on each kind of page, against a `make serve` it starts and stops
loadtest: $(SITE_STAMP) .secret_key
	PORT=$(PORT) scripts/loadtest.sh

## backup: the whole content and the uploaded files in backups/cities-<date>.tar.gz
backup: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py backup_site

## archive: the public site as static files in archive/, and archive.zip and archive.warc.gz
## (ARCHIVE_URL: where it will be served; http://localhost:8000 by default)
archive: $(SITE_STAMP) .secret_key
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py archive_site

## restore: ARCHIVE=backups/cities-<date>.tar.gz back into an empty database
restore: $(SITE_STAMP) .secret_key
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/cities-<date>.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore_site "$(ARCHIVE)"

## bench: speed of each page on a large data set (1,000 partners, 5,000 initiatives), with wrk
bench: $(SITE_STAMP)
	$(BIN)/python scripts/bench.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

## audit: axe-core, html-validate and Lighthouse on each kind of page (needs Node.js 20+, npm)
audit: $(TEST_STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/audit.py

## screenshots: the main pages at 390 and 1280 px wide, into docs/screenshots/
screenshots: $(TEST_STAMP)
	$(BIN)/python scripts/screenshots.py
