"""The production web server's settings (gunicorn), read by ``samen serve``.

The application is loaded once, in gunicorn's master process, before the workers are forked
(``preload_app``), and the master then does what a worker's first request would otherwise pay
for (``warm``). A new worker, after a restart, a crash or ``--max-requests``, is a fork of a warm
master: it answers at once, and its first request costs about what a later one does. Each worker
opens its database connection right after the fork, not during its first request.

Extra arguments of ``samen serve`` (``--bind``, ``--workers``, ...) override these settings.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from typing import Any

preload_app = True
# Threads in each worker: a request that waits for the database (a commit waits for the disk)
# leaves the worker's processor to another request. Django and samen keep per-request state in
# the request, thread-locals and context variables; each thread has its own database connection.
worker_class = "gthread"
threads = 4

logger = logging.getLogger("samen.serve")


def warm() -> dict[str, int]:
    """Load, in this process, what the first request of a page would otherwise load: the URL
    conf and its views, every template (compiled into the cached loader), the translation
    catalogs, model metadata, the static files manifest, the API schema, the password hasher's
    library and a module a view imports late. Touches no database; returns counts."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import get_resolver
    from django.utils import translation

    counts: dict[str, int] = {}
    resolver = get_resolver()
    for model in apps.get_models():
        model._meta.get_fields()
        model._meta._forward_fields_map  # type: ignore[attr-defined]  # noqa: B018
        model._meta.fields_map  # noqa: B018
        str(model._base_manager.all().query)  # the compiler's per-field caches; no query
    counts["models"] = len(apps.get_models())
    for code, _name in settings.LANGUAGES:
        translation.check_for_language(code)
        with translation.override(code):
            translation.gettext("Dutch")
            counts["url patterns"] = _urls(resolver)
    counts["languages"] = len(settings.LANGUAGES)
    counts["templates"] = _compile_templates()
    staticfiles_storage.exists("")  # the storage is set up (the manifest read) on first use
    for hasher in get_hashers():
        if getattr(hasher, "library", None):
            hasher._load_library()  # type: ignore[attr-defined]
    counts["schema paths"] = _api_schema()
    _late_imports()
    counts["modules loaded by a first request"] = _first_request()
    return counts


def _first_request() -> int:
    """Send the login page through the whole middleware once, as an anonymous visitor over
    HTTPS (it reads no database), and import what a logged-in request loads on first use: the
    context processors, the session serializer and message storage, the SQL compiler, the
    authentication backends. Returns how many modules that loaded."""
    import importlib
    import io
    import sys

    from django.conf import settings
    from django.contrib.auth import get_backends
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.shortcuts import resolve_url
    from django.template import engines

    before = len(sys.modules)
    for engine in engines.all():
        inner: Any = getattr(engine, "engine", None)  # Django's own backend
        if inner is not None:
            inner.template_context_processors  # noqa: B018 - imports them
    for name in (settings.SESSION_SERIALIZER, settings.MESSAGE_STORAGE):
        importlib.import_module(name.rpartition(".")[0])
    connection.ops.compiler("SQLCompiler")
    get_backends()
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": resolve_url(settings.LOGIN_URL),
        "QUERY_STRING": "",
        "SERVER_NAME": host.lstrip("."),
        "SERVER_PORT": "443",
        "HTTP_HOST": host.lstrip("."),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "REMOTE_ADDR": "127.0.0.1",
        "SCRIPT_NAME": "",
    }
    body = get_wsgi_application()(environ, _ignore_start)  # type: ignore[arg-type]
    b"".join(body)
    close = getattr(body, "close", None)
    if close is not None:
        close()
    return len(sys.modules) - before


def _urls(resolver: Any) -> int:
    """Compile every URL pattern's regular expression and build the reverse lookup tables, of
    the URL conf and of the resolver of each namespace, in the active language (all are built
    lazily, per language): reversing each name once does it. Returns the number of names."""
    from django.urls import NoReverseMatch, reverse

    names = _url_names(resolver)
    for name in names:
        try:
            reverse(name)
        except NoReverseMatch:
            continue  # a name with arguments: the tables are built all the same
    return len(names)


def _url_names(resolver: Any, namespace: str = "") -> list[str]:
    from django.urls import URLResolver

    names = []
    for pattern in resolver.url_patterns:
        pattern.pattern.regex  # noqa: B018 - compiled on first use
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            names += _url_names(pattern, f"{namespace}{inner}:" if inner else namespace)
        elif pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def _ignore_start(status: str, headers: Any, exc_info: Any = None) -> None:
    return None


def _compile_templates() -> int:
    """Every template of the project and the apps, compiled into the cached template loader."""
    from pathlib import Path

    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.template.utils import get_app_template_dirs

    compiled = 0
    for engine in engines.all():
        folders = [Path(d) for d in engine.dirs] + [
            Path(d) for d in get_app_template_dirs("templates")
        ]
        for folder in folders:
            for path in folder.rglob("*.html"):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):  # pragma: no cover
                    continue
                compiled += 1
    return compiled


def _api_schema() -> int:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return len(schema.get("paths", {}))


def _late_imports() -> None:
    """Modules that a common page imports inside a function (the QR code of the two-factor
    set-up). The libraries of rare pages (fpdf for the subject access PDF, pypdf and
    python-docx for the hub's import) are left to their first use: importing them here would
    add about a second to every restart, a first PDF export costs it once per worker."""
    import importlib

    for name in ("qrcode", "qrcode.image.svg"):
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover - an optional module that is not installed
            continue


# --- gunicorn hooks -----------------------------------------------------------------------------


def when_ready(server: Any) -> None:
    """In the master, after the application was loaded and before the workers are forked."""
    from django.db import connections

    started = time.monotonic()
    try:
        counts = warm()
        counts["models queried"] = _warm_queries()
    except Exception as exc:  # a cold first request is better than no server
        logger.warning("warming the application failed: %s", type(exc).__name__)
        counts = {}
    finally:
        connections.close_all()  # a connection must never be shared by forked workers
    # What the master holds now is never freed: keep the collector away from it, so that a
    # worker's first collections neither walk it nor copy its memory pages.
    gc.collect()
    gc.freeze()
    logger.info(
        "application warmed in %.2f s: %s",
        time.monotonic() - started,
        ", ".join(f"{n} {what}" for what, n in counts.items()),
    )


def _warm_queries() -> int:
    """In the master: one query of every model that finds nothing, so that every worker is
    forked with the ORM's paths from building a query to reading its result already run (about
    0.1 s here, once, instead of in each thread of each worker before it may accept a request).
    The connection is closed before the fork. A database that does not answer yet is left to
    the workers."""
    from django.db import DatabaseError, connections

    try:
        connections["default"].ensure_connection()
    except DatabaseError:
        logger.warning("the database did not answer when the application was warmed")
        return 0
    return _empty_queries()


def post_worker_init(worker: Any) -> None:
    """In each new worker, before it accepts a request: send the login page through the
    application once more (a forked worker's first request copies the memory it touches from
    the master, page by page, and pays for it), and connect every thread to the database."""
    from django.db import DatabaseError

    try:
        _first_request()
        _connect_every_thread(worker)
    except DatabaseError:  # pragma: no cover - the first request reports it properly
        logger.warning("the database did not answer when the worker started")
    except Exception as exc:  # the worker serves all the same
        logger.warning("warming the worker failed: %s", type(exc).__name__)


def _connect_every_thread(worker: Any) -> None:
    """Open the database connection of every thread of the worker, and read through it the
    tables every logged-in request reads (``_models_of_every_request``). A threaded worker
    (``gthread``) serves a request on one of its threads, and each thread has a connection of
    its own (kept ``conn_max_age``), opened on the thread's first request: a new worker's first
    requests paid for connecting, and on PostgreSQL for a new server process that knows no
    table yet (16-21 ms against 6 ms warm, issue 16). Each thread of the pool takes one task
    (they wait for each other), so every one connects. The other tables are not read here: the
    ORM's side of their queries ran in the master already (``_warm_queries``), and reading all
    of them in every thread held a new worker back 0.4-0.6 s after a restart."""
    import threading

    from django.db import connections

    pool = getattr(worker, "tpool", None)
    threads = int(getattr(worker.cfg, "threads", 1) or 1)
    models = _models_of_every_request()
    if pool is None or threads < 2:
        connections["default"].ensure_connection()
        _empty_queries(models)
        return
    together = threading.Barrier(threads)

    def connect() -> None:
        # A thread busy elsewhere breaks the wait: connect all the same.
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait(timeout=10)
        connections["default"].ensure_connection()
        _empty_queries(models)

    for task in [pool.submit(connect) for _ in range(threads)]:
        task.result(timeout=60)


def _models_of_every_request() -> list[Any]:
    """What a logged-in request reads before its view: the session, the user with the models
    it points to (its organisation; its roles and municipalities, and their link tables), and
    the second factor's devices."""
    import importlib

    import django_otp
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import ManyToManyField

    user = get_user_model()
    session = importlib.import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    models: list[Any] = [session, user]
    for field in user._meta.get_fields():
        if field.is_relation and field.concrete and field.related_model is not None:
            models.append(field.related_model)
            if isinstance(field, ManyToManyField):
                models.append(field.remote_field.through)
    models += list(django_otp.device_classes())
    return list(dict.fromkeys(models))


def _empty_queries(models: Any = None) -> int:
    """One query of each model (every model by default) that finds nothing (``pk`` 0): the
    ORM's paths from building a query to reading its result, run once in this process, and the
    tables' descriptions read by the database server process of this connection. Reads no row.
    Returns how many models were queried."""
    from django.apps import apps

    queried = 0
    for model in apps.get_models() if models is None else models:
        try:
            model._base_manager.filter(pk=0).first()
        except Exception:  # noqa: S112 - a key that is not a number, a table not there
            continue
        queried += 1
    return queried
