"""`python -m bpviz.app` opens the window, even without the `bpviz` command."""

import sys

from bpviz.app.launch import run_app

sys.exit(run_app())
