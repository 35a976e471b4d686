"""``python -m hiresim``: the command line."""

import sys

from hiresim.cli.main import main

sys.exit(main())
