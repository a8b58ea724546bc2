"""``python -m bluecarbon.core``: the engine's command line (:mod:`.cli`); imports no qgis."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
