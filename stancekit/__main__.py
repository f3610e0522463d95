"""``python -m stancekit``: the same as the ``stancekit`` command."""

import sys

from .cli import main

# Guarded so that worker processes started with spawn or forkserver, which import the
# main module under another name, do not run the command again.
if __name__ == "__main__":
    sys.exit(main())
