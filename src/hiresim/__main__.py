"""``python -m hiresim``: the command line."""

import sys

from hiresim.cli import main

sys.exit(main())
