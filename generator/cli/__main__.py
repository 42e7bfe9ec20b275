"""`python -m generator.cli`, as `pingan` and `python -m generator`."""

import sys

from . import main

sys.exit(main())
