"""Lets a plain `pytest` run these tests headless too (tools/run-tests sets it anyway)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
