"""``python -m stancekit``: the same as the ``stancekit`` command."""

import sys

from .cli import main

sys.exit(main())
