"""Settings for the test suite: the one settings module in test mode (fast hashing, no lockout)."""

import os
from pathlib import Path

os.environ["SAMEN_MODE"] = "test"
# Each parallel worker (pytest-xdist) gets a data folder of its own: attachments, mail files
# and generated secrets of one worker never meet another's.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
os.environ.setdefault(
    "SAMEN_DATA_DIR", str(Path(__file__).resolve().parents[3] / "var" / "test" / _WORKER)
)

from samen.conf.settings import *  # noqa: E402, F403
