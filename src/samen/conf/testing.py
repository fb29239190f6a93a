"""Settings for the test suite: the one settings module in test mode (fast hashing, no lockout)."""

import os
from pathlib import Path

os.environ["SAMEN_MODE"] = "test"
os.environ.setdefault("SAMEN_DATA_DIR", str(Path(__file__).resolve().parents[3] / "var" / "test"))

from samen.conf.settings import *  # noqa: F403
