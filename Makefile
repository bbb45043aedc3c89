# The two commands a newcomer needs: `make demo` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint system-deps messages clean

$(STAMP): requirements.lock
	@test -x $(PY) || { PYTHON=$$(scripts/find-python) && echo "Using $$PYTHON" && $$PYTHON -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

system-deps:
	@scripts/install-system-deps

test: $(STAMP) system-deps
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0 || { echo "Missing migrations: run makemigrations -n"; exit 1; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	for app in dangvu/*/locale; do (cd $$app/.. && DJANGO_SETTINGS_MODULE=dangvu.settings PYTHONPATH=$(CURDIR) \
	  $(CURDIR)/$(VENV)/bin/django-admin makemessages -l vi --no-obsolete --no-location --ignore "tests/*" \
	  && DJANGO_SETTINGS_MODULE=dangvu.settings PYTHONPATH=$(CURDIR) $(CURDIR)/$(VENV)/bin/django-admin compilemessages); done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
