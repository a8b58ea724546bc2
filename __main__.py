"""``python -m bluecarbon``: the engine's command line (core/cli.py); imports no qgis."""

import sys

from .core.cli import main

if __name__ == "__main__":
    sys.exit(main())
