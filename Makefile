# Blue Carbon Landscape: developer entry points. `make demo`, `make test`.
SHELL := /bin/bash
ROOT := $(CURDIR)
# BLUECARBON_VENV / BLUECARBON_BUILD move .venv and .build (the QGIS 3.40 chroot: .build-qgis340/)
export BLUECARBON_VENV ?= $(ROOT)/.venv
export BLUECARBON_BUILD ?= $(ROOT)/.build
VENV_PY := $(BLUECARBON_VENV)/bin/python
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

export QT_QPA_PLATFORM := offscreen
export PROJ_DATA ?= /usr/share/proj
export QGIS_CUSTOM_CONFIG_PATH := $(BLUECARBON_BUILD)/qgis-profile
export QGIS_PLUGINPATH := $(BLUECARBON_BUILD)/plugins
# -P: never put the repository root on sys.path, where our processing/ would hide QGIS's.
PYTEST := $(VENV_PY) -P -m pytest

.PHONY: setup test test-qgis340 lint demo bench clean package translations screenshots

setup:
	bash scripts/setup.sh

test: setup
	$(PYTEST) $(PYTEST_ARGS)

# the QGIS plugin repository's upload scan (flake8 + flake8-qgis per .flake8, bandit) and the Qt 6 check;
# on exactly the Python files the zip ships; `make test` runs it too
lint: setup
	$(PYTEST) tests/test_lint.py

# the same suite on QGIS 3.40 LTR in a Debian 13 chroot cached in /var/cache/bluecarbon (needs root)
test-qgis340:
	bash scripts/qgis340.sh test $(PYTEST_ARGS)

demo: setup
	bash scripts/demo.sh

bench: setup
	PYTHONPATH=$(BLUECARBON_BUILD)/plugins $(VENV_PY) bench/bench_fragmentation.py

# after changing texts in the code: add them to i18n/*.ts as unfinished, then translate them there (docs/translation.md)
translations:
	/usr/bin/python3 scripts/i18n.py update
	/usr/bin/python3 scripts/i18n.py compile

clean:
	rm -rf .build demo-output dist .pytest_cache .qgis-settings
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

package:
	/usr/bin/python3 scripts/i18n.py compile
	/usr/bin/python3 scripts/package.py dist/bluecarbon-$(VERSION).zip

# the dialog screenshots of the last `make test` (written to .build/screenshots) into docs/screenshots
screenshots:
	cp .build/screenshots/*.png docs/screenshots/
