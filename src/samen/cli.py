"""The ``samen`` command: demo, serve, worker, settings-doc and every manage.py command."""

from __future__ import annotations

import io
import os
import sys


def _setup(mode: str | None = None) -> None:
    if mode is not None:
        os.environ.setdefault("SAMEN_MODE", mode)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.conf.settings")


DEMO_HELP = """usage: samen demo [--no-serve]

Migrate the demo database (SQLite in SAMEN_DATA_DIR, ./var by default), load fictional demo
data when the database is new, clear login lockouts left from earlier runs, print the demo
accounts and serve http://127.0.0.1:$PORT/ (PORT, default 8000) until Ctrl+C.

  --no-serve   prepare the database and stop (no server)
  -h, --help   show this help and stop
"""


def demo(argv: list[str]) -> None:
    """Migrate the demo database, load demo data when it is new, print the accounts, serve."""
    unknown = [arg for arg in argv if arg not in {"--no-serve"}]
    if unknown:
        print(DEMO_HELP, end="", file=sys.stdout if _wants_help(unknown) else sys.stderr)
        sys.exit(0 if _wants_help(unknown) else 2)
    _setup("demo")
    import django
    from django.core.management import call_command

    django.setup()
    port = os.environ.get("PORT", "8000")
    call_command("migrate", interactive=False, verbosity=0)
    from samen.demo import describe_accounts, has_data, load_demo_data

    if not has_data():
        print("samen: new database, loading demo data …", flush=True)
        load_demo_data()
    # A lockout from an earlier run (five wrong passwords) would outlive the restart.
    call_command("axes_reset", stdout=io.StringIO())
    print(describe_accounts(), flush=True)
    if "--no-serve" in argv:
        return
    print(f"samen demo: http://127.0.0.1:{port}/  (stop with Ctrl+C)", flush=True)
    _gunicorn(["--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"])


def _wants_help(argv: list[str]) -> bool:
    return any(arg in {"-h", "--help", "help"} for arg in argv)


def serve(argv: list[str]) -> None:
    """Production web server (gunicorn). Extra arguments go to gunicorn.

    The application is loaded and warmed once in gunicorn's master before the workers are
    forked (``samen.operations.gunicorn_conf``), so a restarted server answers quickly and a new
    worker's first request costs about what a later one does."""
    _setup()
    config = ["--config", "python:samen.operations.gunicorn_conf"]
    _gunicorn([*config, *(argv or ["--bind", "0.0.0.0:8000", "--workers", "3"])])


def _gunicorn(args: list[str]) -> None:
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "samen.conf.wsgi:application", "--access-logfile", "-", *args]
    run()


def worker(argv: list[str]) -> None:
    """The background task worker (django-tasks database backend)."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samen", "db_worker", *argv])


def generate_key(argv: list[str]) -> None:
    """Print a new key for SAMEN_FIELD_ENCRYPTION_KEYS."""
    from cryptography.fernet import Fernet

    print(Fernet.generate_key().decode())


def settings_doc(argv: list[str]) -> None:
    """Print the settings reference (docs/settings.md) from the declarations."""
    _setup("test")
    from samen.conf.docs import settings_markdown

    print(settings_markdown(), end="")


def _catalogs() -> list[tuple[str, object]]:
    from pathlib import Path

    locale = Path(__file__).resolve().parent / "locale"
    return sorted((po.parent.parent.name, po) for po in locale.glob("*/LC_MESSAGES/django.po"))


def compile_messages(argv: list[str]) -> None:
    """Compile the gettext catalogs (.po -> .mo) with Babel: no GNU gettext needed."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for language, po in _catalogs():
        with open(po, "rb") as source:  # type: ignore[call-overload]
            catalog = read_po(source, locale=language)
        with open(str(po)[:-3] + ".mo", "wb") as target:
            write_mo(target, catalog)


def check_messages(argv: list[str]) -> None:
    """Fail when a catalog (nl, en, fr) misses a translation, or misses strings of the code."""
    from samen.ui.i18n import catalog_problems

    problems = catalog_problems()
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print("translation catalogs nl, en and fr are complete")


def main() -> None:
    argv = sys.argv[1:]
    command = argv[0] if argv else "help"
    handlers = {
        "demo": demo,
        "serve": serve,
        "worker": worker,
        "generate-key": generate_key,
        "settings-doc": settings_doc,
        "compile-messages": compile_messages,
        "check-messages": check_messages,
    }
    if command in handlers:
        if command not in {"demo", "serve", "worker"} and _wants_help(argv[1:]):
            # The command's own description, instead of running it.
            print(f"usage: samen {command}\n\n{(handlers[command].__doc__ or '').strip()}")
            return
        handlers[command](argv[1:])
        return
    _setup()
    from django.core.management import execute_from_command_line

    # manage.py's commands, with dashes allowed: `samen audit-verify` == `audit_verify`.
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    execute_from_command_line(["samen", *argv])


if __name__ == "__main__":
    main()
