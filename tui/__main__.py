"""``python -m tui`` does what ``cables`` does."""

import sys

from .cli import main

sys.exit(main())
