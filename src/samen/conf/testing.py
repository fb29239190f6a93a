"""Settings for the test suite: the one settings module in test mode (fast hashing, no lockout)."""

import copy
import os
from pathlib import Path

os.environ["SAMEN_MODE"] = "test"
os.environ.setdefault("SAMEN_DATA_DIR", str(Path(__file__).resolve().parents[3] / "var" / "test"))

from samen.conf.settings import *  # noqa: F403

# The test database on SQLite does not wait for the disk at each commit (synchronous=OFF instead
# of FULL): a crash of a test run loses a database made for that run. The crash safety of the
# real settings is tested on a server of its own (operations/tests/test_crash_safety.py).
DATABASES = copy.deepcopy(DATABASES)  # noqa: F405 - not the dict of samen.conf.settings
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _options = DATABASES["default"]["OPTIONS"]
    _options["init_command"] = _options["init_command"].replace(
        "synchronous=FULL", "synchronous=OFF"
    )
