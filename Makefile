# The verbs of this project. `make run` and `make test` need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: run test messages lint check clean superuser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key

## run: install, migrate, load the content and serve the site at http://127.0.0.1:$(PORT)/
run: $(STAMP) .secret_key
	SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py migrate --noinput
	SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py load_content
	SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "The site is at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## superuser: create a staff account for the admin
superuser: $(STAMP) .secret_key
	SECRET_KEY="$$(cat .secret_key)" $(BIN)/python manage.py createsuperuser

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
