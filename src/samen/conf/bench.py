"""Settings of the benchmark's server (``python -m samen.operations.bench``): the one settings
module, in whatever mode the environment says (the benchmark runs it in production mode), plus
a first middleware that reports the SQL queries of each request in response headers.

Only for the benchmark's scratch databases: it refuses a database that is not one (a SQLite
file under a folder named ``bench``, or a PostgreSQL database whose name starts with ``bench``),
so that the headers never appear on a real installation.
"""

from django.core.exceptions import ImproperlyConfigured

from samen.conf.settings import *  # noqa: F403
from samen.conf.settings import DATABASES, MIDDLEWARE
from samen.operations.bench.guard import is_bench_database

if not is_bench_database(DATABASES["default"]):
    raise ImproperlyConfigured(
        "samen.conf.bench serves only a benchmark database: a SQLite file under a folder named "
        "'bench' or a PostgreSQL database whose name starts with 'bench'"
    )

MIDDLEWARE = ["samen.operations.bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
