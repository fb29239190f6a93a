"""The one settings module of samen. Every environment variable is declared in ``env``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samen.conf import env
from samen.core.files import private_umask, secure_data_dir

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent

MODE_SETTING = env.declare(
    "SAMEN_MODE",
    "production, demo or test. Production refuses to start without its secrets; the demo "
    "generates and keeps its own in the data folder and shows a visible 'demo' banner.",
    "production",
)
DATA_DIR_SETTING = env.declare(
    "SAMEN_DATA_DIR",
    "Folder for the SQLite database, generated demo secrets and collected static files.",
    str(PROJECT_DIR / "var"),
)
SECRET_KEY_SETTING = env.declare(
    "SAMEN_SECRET_KEY",
    "Django's secret key (signs sessions and tokens). At least 50 random characters.",
    required_in_production=True,
)
FIELD_KEYS_SETTING = env.declare(
    "SAMEN_FIELD_ENCRYPTION_KEYS",
    "Comma-separated Fernet keys that encrypt personal data in the database. The first key "
    "encrypts; all keys decrypt, so a new key can be put in front to rotate. Make one with "
    "`samen generate-key`.",
    required_in_production=True,
)
BLIND_INDEX_KEY_SETTING = env.declare(
    "SAMEN_BLIND_INDEX_KEY",
    "Secret key (at least 32 random characters) of the blind index: the keyed hashes that find "
    "a person by exact name and date of birth without decrypting anything. Independent of the "
    "encryption keys, so rotating those needs no rebuild; changing this key needs "
    "`samen rebuild-blind-index`. Make one with `samen generate-key`.",
    required_in_production=True,
)
ALLOWED_HOSTS_SETTING = env.declare(
    "SAMEN_ALLOWED_HOSTS",
    "Comma-separated host names this server answers to, e.g. samen.example.nl.",
    required_in_production=True,
)
DATABASE_URL_SETTING = env.declare(
    "DATABASE_URL",
    "Database URL, e.g. postgres://samen:secret@db.example.nl:5432/samen. Without it samen "
    "uses SQLite (WAL) in the data folder.",
)
PREPARED_SETTING = env.declare(
    "SAMEN_DATABASE_PREPARED_STATEMENTS",
    "true to have PostgreSQL plan a query that repeats once per connection (prepared "
    "statements, with parameters bound by the server); false behind a connection pooler in "
    "transaction mode that does not keep prepared statements (PgBouncer before 1.21).",
    "true",
)
CSRF_ORIGINS_SETTING = env.declare(
    "SAMEN_CSRF_TRUSTED_ORIGINS",
    "Comma-separated origins (scheme and host) trusted for form posts behind a proxy.",
    "",
)
BEHIND_PROXY_SETTING = env.declare(
    "SAMEN_BEHIND_TLS_PROXY",
    "true when a reverse proxy terminates TLS and sets X-Forwarded-Proto.",
    "false",
)
IDLE_SETTING = env.declare(
    "SAMEN_SESSION_IDLE_MINUTES",
    "Minutes of inactivity after which a session ends and the user must log in again.",
    "30",
)
FAILURE_LIMIT_SETTING = env.declare(
    "SAMEN_LOGIN_FAILURE_LIMIT",
    "Failed logins (per user name and address) before the account is locked for the cool-off.",
    "5",
)
COOLOFF_SETTING = env.declare(
    "SAMEN_LOGIN_COOLOFF_MINUTES",
    "Minutes a locked-out login stays locked.",
    "15",
)
REQUIRE_2FA_SETTING = env.declare(
    "SAMEN_REQUIRE_2FA",
    "Require two-factor login (TOTP) for every role that can see personal data. Only the demo "
    "may turn this off; it then shows a warning banner.",
)
TASKS_SETTING = env.declare(
    "SAMEN_TASK_BACKEND",
    "immediate (tasks run in the web process, the demo default) or database (tasks are queued "
    "and run by `samen worker`, the production default).",
)
WEIGHING_TERM_SETTING = env.declare(
    "SAMEN_WEIGHING_TERM_DAYS",
    "Days within which a new signal should be weighed; older unweighed signals stand out.",
    "10",
)
REFERRAL_TERM_SETTING = env.declare(
    "SAMEN_REFERRAL_TERM_DAYS",
    "Days within which the receiving organisation should accept or decline a referral; older "
    "open referrals stand out as overdue on the weighing team's list.",
    "14",
)
EXPERT_ACCESS_SETTING = env.declare(
    "SAMEN_EXPERT_ACCESS_DAYS",
    "Days after an order's due date during which the expert or provider may still open the "
    "order (the default of its access period; the coordinator may set another end date).",
    "7",
)
REPORTING_YEAR_START_SETTING = env.declare(
    "SAMEN_REPORTING_YEAR_START_MONTH",
    "Month (1 to 12) in which the reporting year of the yearly account to the council starts; "
    "1 is the calendar year. Year 2026 then runs from that month of 2026 to the month before it "
    "in 2027.",
    "1",
)
RETENTION_CASE_SETTING = env.declare(
    "SAMEN_RETENTION_CLOSED_CASE_YEARS",
    "Years after its closure that a closed case (with its signal, plan, contributions, meeting "
    "items and attachments) is kept; then the daily retention task removes it. 5 is the term of "
    "the 2017 Dutch model covenant for the person-oriented approach.",
    "5",
)
RETENTION_SIGNAL_SETTING = env.declare(
    "SAMEN_RETENTION_UNADMITTED_SIGNAL_MONTHS",
    "Months after its last weighing that a signal that was not admitted (no concern, referred "
    "to care, handed to police) is kept. A municipal choice: record it in the processing "
    "register.",
    "12",
)
RETENTION_PERSON_SETTING = env.declare(
    "SAMEN_RETENTION_PERSON_MONTHS",
    "Months after their last case closed that a person with no open case keeps name, aliases, "
    "date of birth, contact details and related persons; then these are erased. A person is "
    "removed entirely with their last case.",
    "60",
)
RETENTION_ATTACHMENT_SETTING = env.declare(
    "SAMEN_RETENTION_ATTACHMENT_YEARS",
    "Years after the closure of its case that an attachment (row and encrypted file) is kept. "
    "At most the case term: attachments never outlive their case.",
    "5",
)
RETENTION_AUDIT_SETTING = env.declare(
    "SAMEN_RETENTION_AUDIT_YEARS",
    "Years the audit log is kept. The daily retention run removes older entries behind a chain "
    "checkpoint, so that audit-verify still checks the rest (see docs/retention.md).",
    "7",
)
RETENTION_CONTACT_SETTING = env.declare(
    "SAMEN_RETENTION_NETWORK_CONTACT_MONTHS",
    "Months after a contact person of a partner organisation left the network (the date the "
    "coordinator records) that their details are kept; then the daily retention task removes "
    "them. Contact persons still in the network are kept.",
    "12",
)
RETENTION_KEY_FIGURE_SETTING = env.declare(
    "SAMEN_RETENTION_KEY_FIGURE_MONTHS",
    "Months after their consent that a key figure is kept unless another term is agreed with "
    "them: the default of each key figure's own term ('kept until'), which the coordinator can "
    "change. Withdrawing consent removes a key figure at once.",
    "24",
)
RETENTION_PARTICIPANT_SETTING = env.declare(
    "SAMEN_RETENTION_TRAINING_PARTICIPANT_YEARS",
    "Years after a training session that the names of its registered participants are kept (to "
    "know who is trained); then they are removed and kept only as a count per organisation and "
    "sector.",
    "5",
)
HUB_PUBLIC_SETTING = env.declare(
    "SAMEN_HUB_PUBLIC",
    "true to let anonymous visitors read the knowledge hub (city profiles, practices, documents, "
    "search; it holds no personal data); false to require a login to read it. Editing always "
    "needs the hub editor role.",
    "false",
)
BASE_URL_SETTING = env.declare(
    "SAMEN_BASE_URL",
    "The address users reach samen at, for links in e-mail, e.g. https://samen.example.nl.",
    "http://127.0.0.1:8000",
)
SMTP_HOST_SETTING = env.declare(
    "SAMEN_SMTP_HOST",
    "Mail server for notifications. Without it, messages are written to standard output (in "
    "the demo: to files in the data folder's mail/ folder).",
)
SMTP_PORT_SETTING = env.declare("SAMEN_SMTP_PORT", "Port of the mail server (STARTTLS).", "587")
SMTP_USER_SETTING = env.declare("SAMEN_SMTP_USER", "User name at the mail server.", "")
SMTP_PASSWORD_SETTING = env.declare("SAMEN_SMTP_PASSWORD", "Password at the mail server.", "")
MAIL_FROM_SETTING = env.declare(
    "SAMEN_MAIL_FROM", "Sender address of notifications.", "samen@localhost"
)
RATE_ANONYMOUS_SETTING = env.declare(
    "SAMEN_RATE_LIMIT_ANONYMOUS",
    "Requests per client address of visitors who are not logged in, on any page (e.g. 120/m: "
    "a number, a slash and a period of s, m, h or d, optionally with a count such as 15m). "
    "`off` switches the limit off.",
    "120/m",
)
RATE_REPORTS_SETTING = env.declare(
    "SAMEN_RATE_LIMIT_REPORTS",
    "Posts per client address of the public report form, the receipt-code follow-up and the "
    "reporter's additions. `off` switches the limit off.",
    "20/h",
)
RATE_LOGIN_SETTING = env.declare(
    "SAMEN_RATE_LIMIT_LOGIN_FAILURES",
    "Failed logins per client address across all user names (against password spraying); "
    "the per user name lockout is SAMEN_LOGIN_FAILURE_LIMIT. `off` switches the limit off.",
    "30/15m",
)
RATE_API_SETTING = env.declare(
    "SAMEN_RATE_LIMIT_API",
    "API requests per user (per client address without a login). `off` switches it off.",
    "300/5m",
)
RATE_API_WRITES_SETTING = env.declare(
    "SAMEN_RATE_LIMIT_API_WRITES",
    "API requests that change something (POST) per user. `off` switches the limit off.",
    "60/h",
)
LOG_LEVEL_SETTING = env.declare(
    "SAMEN_LOG_LEVEL", "Log level of samen's structured (JSON) logs.", "INFO"
)
ORGANISATION_NAME_SETTING = env.declare(
    "SAMEN_ORGANISATION_NAME",
    "The name of the organisation that runs samen, shown in the header, the footer and the "
    "privacy and accessibility statements, e.g. Gemeente Rivierstad (the demo's default).",
    "",
)
BRAND_DIR_SETTING = env.declare(
    "SAMEN_BRAND_DIR",
    "Folder with the organisation's own look, served as static files under /static/brand/: "
    "tokens.css (NL Design System design tokens, e.g. --basis-color-accent-1-bg-default, on "
    ":root) and logo.svg or logo.png. Without it samen uses neutral example tokens and no logo.",
    "",
)
CONTACT_EMAIL_SETTING = env.declare(
    "SAMEN_CONTACT_EMAIL",
    "E-mail address for questions about samen and for accessibility problems, shown on the "
    "contact page and in the accessibility statement.",
    "",
)
CONTACT_PHONE_SETTING = env.declare(
    "SAMEN_CONTACT_PHONE",
    "Telephone number for questions, shown on the contact page, e.g. 14 030.",
    "",
)
PRIVACY_EMAIL_SETTING = env.declare(
    "SAMEN_PRIVACY_EMAIL",
    "E-mail address of the data protection officer, shown in the privacy statement.",
    "",
)

MODE = env.as_str(MODE_SETTING)
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured("SAMEN_MODE must be production, demo or test")
PRODUCTION = MODE == "production"
DEMO = MODE == "demo"
DATA_DIR = Path(env.as_str(DATA_DIR_SETTING))
# Whatever samen writes (database, attachments, backups, mail files) is its user's alone.
private_umask()
secure_data_dir(DATA_DIR)

if PRODUCTION:
    SECRET_KEY = env.require(SECRET_KEY_SETTING)
    FIELD_ENCRYPTION_KEYS = env.require(FIELD_KEYS_SETTING, env.as_list)
    BLIND_INDEX_KEY = env.require(BLIND_INDEX_KEY_SETTING)
    ALLOWED_HOSTS = env.require(ALLOWED_HOSTS_SETTING, env.as_list)
else:
    SECRET_KEY = env.as_str(SECRET_KEY_SETTING) or env.generated_secret(
        DATA_DIR, "secret_key", env.new_secret_key
    )
    FIELD_ENCRYPTION_KEYS = env.as_list(FIELD_KEYS_SETTING) or [
        env.generated_secret(
            DATA_DIR, "field_encryption_key", lambda: Fernet.generate_key().decode()
        )
    ]
    BLIND_INDEX_KEY = env.as_str(BLIND_INDEX_KEY_SETTING) or env.generated_secret(
        DATA_DIR, "blind_index_key", env.new_secret_key
    )
    ALLOWED_HOSTS = env.as_list(ALLOWED_HOSTS_SETTING) or ["127.0.0.1", "localhost", "testserver"]

for _key in FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "SAMEN_FIELD_ENCRYPTION_KEYS holds a key that is not a valid Fernet key"
        ) from exc
if len(BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured("SAMEN_BLIND_INDEX_KEY must have at least 32 characters")

DEBUG = False
WEIGHING_TERM_DAYS = env.as_int(WEIGHING_TERM_SETTING)
REFERRAL_TERM_DAYS = env.as_int(REFERRAL_TERM_SETTING)
EXPERT_ACCESS_DAYS = env.as_int(EXPERT_ACCESS_SETTING)
REPORTING_YEAR_START_MONTH = env.as_int(REPORTING_YEAR_START_SETTING)
if not 1 <= REPORTING_YEAR_START_MONTH <= 12:
    raise ImproperlyConfigured("SAMEN_REPORTING_YEAR_START_MONTH must be a month from 1 to 12")
RETENTION_CLOSED_CASE_YEARS = env.as_int(RETENTION_CASE_SETTING)
RETENTION_UNADMITTED_SIGNAL_MONTHS = env.as_int(RETENTION_SIGNAL_SETTING)
RETENTION_PERSON_MONTHS = env.as_int(RETENTION_PERSON_SETTING)
RETENTION_ATTACHMENT_YEARS = min(
    env.as_int(RETENTION_ATTACHMENT_SETTING), RETENTION_CLOSED_CASE_YEARS
)
RETENTION_AUDIT_YEARS = env.as_int(RETENTION_AUDIT_SETTING)
RETENTION_NETWORK_CONTACT_MONTHS = env.as_int(RETENTION_CONTACT_SETTING)
RETENTION_KEY_FIGURE_MONTHS = env.as_int(RETENTION_KEY_FIGURE_SETTING)
RETENTION_TRAINING_PARTICIPANT_YEARS = env.as_int(RETENTION_PARTICIPANT_SETTING)
BASE_URL = env.as_str(BASE_URL_SETTING)
DEFAULT_FROM_EMAIL = env.as_str(MAIL_FROM_SETTING)
if env.raw(SMTP_HOST_SETTING):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.as_str(SMTP_HOST_SETTING)
    EMAIL_PORT = env.as_int(SMTP_PORT_SETTING)
    EMAIL_HOST_USER = env.as_str(SMTP_USER_SETTING)
    EMAIL_HOST_PASSWORD = env.as_str(SMTP_PASSWORD_SETTING)
    EMAIL_USE_TLS = True
elif DEMO:
    # The demo keeps its mail as files in the data folder: nothing leaves the machine.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
REQUIRE_2FA = (
    env.as_bool(REQUIRE_2FA_SETTING) if env.raw(REQUIRE_2FA_SETTING) is not None else not DEMO
)
HUB_PUBLIC = env.as_bool(HUB_PUBLIC_SETTING)
# The organisation's identity: the demo shows its fictional municipality.
ORGANISATION_NAME = env.as_str(ORGANISATION_NAME_SETTING) or ("Gemeente Rivierstad" if DEMO else "")
CONTACT_EMAIL = env.as_str(CONTACT_EMAIL_SETTING) or ("samen@rivierstad.example" if DEMO else "")
CONTACT_PHONE = env.as_str(CONTACT_PHONE_SETTING)
PRIVACY_EMAIL = env.as_str(PRIVACY_EMAIL_SETTING) or ("privacy@rivierstad.example" if DEMO else "")
BRAND_DIR = Path(env.as_str(BRAND_DIR_SETTING)) if env.as_str(BRAND_DIR_SETTING) else None
if BRAND_DIR is not None and not BRAND_DIR.is_dir():
    raise ImproperlyConfigured(f"SAMEN_BRAND_DIR {BRAND_DIR} is not a folder")
if PRODUCTION and not REQUIRE_2FA:
    raise ImproperlyConfigured("SAMEN_REQUIRE_2FA cannot be turned off in production")
OIDC_CLIENT_ID_SETTING = env.declare(
    "SAMEN_OIDC_CLIENT_ID",
    "Single sign-on: samen's client id at the municipality's OpenID Connect provider (Entra ID, "
    "ADFS, Keycloak). With it and the endpoints below the login page offers single sign-on; "
    "local accounts keep working. See docs/identity-provider.md.",
    "",
)
OIDC_CLIENT_SECRET_SETTING = env.declare(
    "SAMEN_OIDC_CLIENT_SECRET", "Single sign-on: samen's client secret at the provider.", ""
)
OIDC_AUTHORIZATION_SETTING = env.declare(
    "SAMEN_OIDC_AUTHORIZATION_ENDPOINT",
    "Single sign-on: the provider's authorization endpoint (from its "
    "/.well-known/openid-configuration).",
    "",
)
OIDC_TOKEN_SETTING = env.declare(
    "SAMEN_OIDC_TOKEN_ENDPOINT", "Single sign-on: the provider's token endpoint.", ""
)
OIDC_USERINFO_SETTING = env.declare(
    "SAMEN_OIDC_USERINFO_ENDPOINT", "Single sign-on: the provider's userinfo endpoint.", ""
)
OIDC_JWKS_SETTING = env.declare(
    "SAMEN_OIDC_JWKS_ENDPOINT",
    "Single sign-on: the provider's key set (jwks_uri), to check the signature of ID tokens.",
    "",
)
OIDC_END_SESSION_SETTING = env.declare(
    "SAMEN_OIDC_END_SESSION_ENDPOINT",
    "Single sign-on: the provider's end_session_endpoint. Logging out of samen then also logs "
    "out at the provider.",
    "",
)
OIDC_SIGN_ALGORITHM_SETTING = env.declare(
    "SAMEN_OIDC_SIGN_ALGORITHM", "Single sign-on: the signing algorithm of ID tokens.", "RS256"
)
OIDC_SCOPES_SETTING = env.declare(
    "SAMEN_OIDC_SCOPES", "Single sign-on: the scopes samen asks for.", "openid email profile"
)
OIDC_USERNAME_CLAIM_SETTING = env.declare(
    "SAMEN_OIDC_USERNAME_CLAIM",
    "Single sign-on: the claim that names the samen user. An existing user is matched by the "
    "provider's subject (sub) once linked, else by this claim against the user name.",
    "preferred_username",
)
OIDC_ORGANISATION_CLAIM_SETTING = env.declare(
    "SAMEN_OIDC_ORGANISATION_CLAIM",
    "Single sign-on: the claim holding the user's organisation, by its name in samen. Needed "
    "to create accounts at the first login; empty: only existing accounts log in.",
    "",
)
OIDC_ROLES_CLAIM_SETTING = env.declare(
    "SAMEN_OIDC_ROLES_CLAIM",
    "Single sign-on: the claim holding role codes (e.g. case_manager). Empty: roles are kept in "
    "samen and the provider only authenticates. Roles from the claim that reach personal data "
    "still wait for a second person's approval in samen.",
    "",
)
OIDC_CREATE_USERS_SETTING = env.declare(
    "SAMEN_OIDC_CREATE_USERS",
    "Single sign-on: true to create an account at the first login of someone the provider "
    "knows, when the organisation claim names an organisation in samen; false to refuse "
    "everyone without an account.",
    "false",
)
OIDC_MFA_SETTING = env.declare(
    "SAMEN_OIDC_MFA",
    "Single sign-on: idp (the provider's ID token must show a second factor through acr or "
    "amr, below) or samen (samen's own authenticator code after the provider's login).",
    "samen",
)
OIDC_ACR_SETTING = env.declare(
    "SAMEN_OIDC_MFA_ACR_VALUES",
    "Single sign-on with SAMEN_OIDC_MFA=idp: acr values that count as a second factor "
    "(comma-separated); samen asks the provider for them.",
    "",
)
OIDC_AMR_SETTING = env.declare(
    "SAMEN_OIDC_MFA_AMR_VALUES",
    "Single sign-on with SAMEN_OIDC_MFA=idp: amr values that count as a second factor "
    "(comma-separated, RFC 8176).",
    "mfa,otp,hwk,sc,swk,fpt,face",
)
CLIENT_TOKEN_DAYS_SETTING = env.declare(
    "SAMEN_CLIENT_TOKEN_MAX_DAYS",
    "Machine clients: the longest a token may be valid, in days.",
    "366",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "samen.core",
    "samen.accounts",
    "samen.audit",
    "samen.privacy",
    "samen.casework",
    "samen.reports",
    "samen.programme",
    "samen.hub",
    "samen.operations",
    "samen.home",
    "samen.ui",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samen.audit.middleware.RequestIdMiddleware",
    "samen.core.api.ApiVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samen.core.headers.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samen.conf.locale.ChosenLanguageMiddleware",
    "samen.core.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samen.core.ratelimit.RateLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samen.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samen.ui.middleware.ErrorTitleMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.conf.urls"
WSGI_APPLICATION = "samen.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.accounts.context_processors.samen",
                "samen.ui.context_processors.site",
            ],
        },
    }
]

# Widgets through the Jinja2 templates Django ships for them, the rest of a form through the
# templates above: the same markup, a form page 5-17 % faster (samen.core.form_renderer).
FORM_RENDERER = "samen.core.form_renderer.WidgetRenderer"

_database_url = env.raw(DATABASE_URL_SETTING)
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No just-in-time compilation of queries: it pays off for analytical queries of
        # seconds, and costs a web page's query that is just over its threshold 10-20 ms of
        # compiling on every request (the yearly account's days to weighing, issue 16).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
        # A server that does not answer (a host that drops packets) fails a connection after
        # ten seconds, not after the operating system's TCP timeout of about two minutes: the
        # server's start (which connects before the workers are forked), a worker's threads and
        # a request then report it. ``?connect_timeout=`` in DATABASE_URL overrides it.
        _options.setdefault("connect_timeout", 10)
        # Prepared statements: a query a connection has sent twice is prepared, and from then
        # on PostgreSQL plans it once instead of on every request (planning a page's joins took
        # more time than running them: the case page's 26 statements 30 -> 20 ms, issue 16).
        # Needs server-side binding of parameters. Off for a pooler in transaction mode that
        # does not keep prepared statements (PgBouncer before 1.21).
        if env.as_bool(PREPARED_SETTING):
            _options.setdefault("server_side_binding", True)
            _options.setdefault("prepare_threshold", 2)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "samen.sqlite3"),
            "OPTIONS": {
                # Write transactions take the lock when they begin: the audit chain reads its
                # last entry and appends inside one transaction without a race.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # WAL with synchronous=FULL: a commit survives a crash of the process and of
                # the machine (docs/operations.md#crash-safety).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samen.accounts.backends.LocalAccountBackend",
    # Answers only the provider's callback, and only when single sign-on is configured.
    "samen.accounts.sso.SamenOIDCBackend",
]

# Single sign-on (mozilla-django-oidc reads the OIDC_* names). Empty values when it is off.
OIDC_RP_CLIENT_ID = env.as_str(OIDC_CLIENT_ID_SETTING)
OIDC_RP_CLIENT_SECRET = env.as_str(OIDC_CLIENT_SECRET_SETTING)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.as_str(OIDC_AUTHORIZATION_SETTING)
OIDC_OP_TOKEN_ENDPOINT = env.as_str(OIDC_TOKEN_SETTING)
OIDC_OP_USER_ENDPOINT = env.as_str(OIDC_USERINFO_SETTING)
OIDC_OP_JWKS_ENDPOINT = env.as_str(OIDC_JWKS_SETTING)
OIDC_OP_END_SESSION_ENDPOINT = env.as_str(OIDC_END_SESSION_SETTING)
OIDC_RP_SIGN_ALGO = env.as_str(OIDC_SIGN_ALGORITHM_SETTING)
OIDC_RP_SCOPES = env.as_str(OIDC_SCOPES_SETTING)
OIDC_USERNAME_CLAIM = env.as_str(OIDC_USERNAME_CLAIM_SETTING)
OIDC_ORGANISATION_CLAIM = env.as_str(OIDC_ORGANISATION_CLAIM_SETTING)
OIDC_ROLES_CLAIM = env.as_str(OIDC_ROLES_CLAIM_SETTING)
OIDC_CREATE_USER = env.as_bool(OIDC_CREATE_USERS_SETTING)
OIDC_MFA = env.as_str(OIDC_MFA_SETTING)
if OIDC_MFA not in {"idp", "samen"}:
    raise ImproperlyConfigured("SAMEN_OIDC_MFA must be idp or samen")
OIDC_MFA_ACR_VALUES = env.as_list(OIDC_ACR_SETTING)
OIDC_MFA_AMR_VALUES = env.as_list(OIDC_AMR_SETTING)
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout at the provider
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_OP_LOGOUT_URL_METHOD = "samen.accounts.sso.provider_logout_url"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
OIDC_CALLBACK_CLASS = "samen.accounts.sso.CallbackView"
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": " ".join(OIDC_MFA_ACR_VALUES)} if OIDC_MFA_ACR_VALUES else {}
)
OIDC_TIMEOUT = 10
CLIENT_TOKEN_MAX_DAYS = env.as_int(CLIENT_TOKEN_DAYS_SETTING)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions live in the database, so logout ends them server-side; every request renews the
# idle timer, so SESSION_COOKIE_AGE is the idle timeout.
SESSION_ENGINE = "samen.accounts.sessions"  # the database, saved without waiting for the disk
SESSION_COOKIE_AGE = env.as_int(IDLE_SETTING) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.as_list(CSRF_ORIGINS_SETTING)

AXES_FAILURE_LIMIT = env.as_int(FAILURE_LIMIT_SETTING)
AXES_COOLOFF_TIME = timedelta(minutes=env.as_int(COOLOFF_SETTING))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "samen.core.ratelimit.client_ip"

OTP_TOTP_ISSUER = "samen"

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
BEHIND_TLS_PROXY = env.as_bool(BEHIND_PROXY_SETTING)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Request bodies: the largest per route (URL name or "namespace:*"), in bytes; checked on
# Content-Length before anything reads the body (samen.core.limits). Django's own limit for
# form fields held in memory stays below the largest of these.
KB, MB = 1024, 1024 * 1024
REQUEST_BODY_DEFAULT_LIMIT = 1 * MB
REQUEST_BODY_LIMITS = {
    "accounts:login": 16 * KB,
    "casework:public_report": 256 * KB,
    "casework:report_follow_up": 16 * KB,
    "casework:report_status": 256 * KB,
    "casework:case_attachment": 10 * MB + 64 * KB,
    "hub:import": 20 * MB + 64 * KB,
    "hub:*": 4 * MB,
    "api:*": 512 * KB,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
API_PATH_PREFIX = "/api/"

# Rate limits (samen.core.ratelimit, counted by django-ratelimit): URL name or "namespace:*" ->
# (methods, key, rate); every request of an anonymous visitor counts against
# RATE_LIMIT_ANONYMOUS, failed logins per address against RATE_LIMIT_LOGIN_FAILURES.
RATE_LIMIT_ANONYMOUS = env.as_rate(RATE_ANONYMOUS_SETTING)
RATE_LIMIT_LOGIN_FAILURES = env.as_rate(RATE_LOGIN_SETTING)
RATE_LIMIT_LOGIN_ROUTE = "accounts:login"
_reports = env.as_rate(RATE_REPORTS_SETTING)
RATE_LIMITS = {
    "casework:public_report": [("POST", "ip", _reports)],
    "casework:report_follow_up": [("POST", "ip", _reports)],
    "casework:report_status": [("POST", "ip", _reports)],
    "api:*": [
        ("ALL", "user_or_ip", env.as_rate(RATE_API_SETTING)),
        ("POST", "user_or_ip", env.as_rate(RATE_API_WRITES_SETTING)),
    ],
}
RATELIMIT_USE_CACHE = "ratelimit"
# Who a request with an API token is, for the limits keyed per user (a machine client by its
# identity, not its address).
RATE_LIMIT_CLIENT_IDENTITY = "samen.accounts.clients.client_identity"
RATELIMIT_IP_META_KEY = "samen.core.ratelimit.client_ip"
# A database cache is shared by every worker and server and survives restarts; django-ratelimit
# warns that its increments are not atomic: concurrent requests may undercount by a few
# (docs/decisions/0009-rate-limits.md). Its table is made by migration core 0001.
# The default cache holds the counts kept between requests (``samen.core.kept``): per process,
# keyed by the generations read from the database on every request, so never stale. Its entries
# are small (one per user for the start page's counts, one per municipality and year for the
# yearly account, per municipality for the programme in numbers and the retention preview's
# references and dates, decision 0023); Django's default of 300 would cull a busy
# installation's start pages. In process memory: a shared cache would hold those references
# outside the encrypted database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "ratelimit": {
        "BACKEND": "samen.core.ratelimit_cache.RateLimitCache",
        "LOCATION": "samen_ratelimit_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    },
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Dates and numbers per language; English is formatted as in the United Kingdom (en-GB).
FORMAT_MODULE_PATH = ["samen.conf.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [SRC_DIR / "static"]
if BRAND_DIR is not None:
    STATICFILES_DIRS.append(("brand", BRAND_DIR))
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

_task_backend = env.as_str(TASKS_SETTING) or ("database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[_task_backend]
    }
}

REST_FRAMEWORK = {
    # Each class's challenge goes into WWW-Authenticate of a 401 (samen.core.api).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samen.accounts.clients.ClientTokenAuthentication",
        "samen.core.api.SamenSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "samen.core.api.ProblemCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "samen.core.api.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["samen.core.api.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "samen API",
    "DESCRIPTION": (
        "API of samen, following the Dutch API design rules (NLGov REST API Design Rules): "
        "camelCase field names, problem details (application/problem+json) for every error, "
        "an API-Version header on every response. Authentication: a machine client's token "
        "(Authorization: Bearer samen_..., registered per organisation with scopes) or a "
        "logged-in session with the second factor passed; without either the API answers 401 "
        "with WWW-Authenticate. "
        "CORS: none. The API sends no Access-Control-* headers, so browsers allow it only to "
        "pages of samen itself (same origin); other systems call it server to server."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVERS": [{"url": BASE_URL, "description": "this installation of samen"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "samen.conf.openapi.document_errors_and_headers",
    ],
    "EXTENSIONS_INFO": {"x-cors": {"allowedOrigins": [], "credentials": "same-origin only"}},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "samen.audit.middleware.RequestIdLogFilter"}},
    "formatters": {"json": {"()": "samen.audit.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.as_str(LOG_LEVEL_SETTING)},
    "loggers": {
        # Django's request logger would repeat URLs (which may hold references) at WARNING.
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        # django-axes logs user names and addresses at INFO; failures are in the audit log.
        "axes": {"level": "WARNING"},
        # fontTools logs every PDF's font subsetting at INFO, with the names of the glyphs
        # used: some 130 lines per document that tell which letters a document holds.
        "fontTools": {"level": "WARNING"},
    },
}

if MODE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AXES_ENABLED = False
    # Counters in memory, emptied before every test (samen/conftest.py).
    CACHES["ratelimit"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # Django's test client builds its middleware for every new client, so for every test:
    # WhiteNoise would list every static file each time (about 50 ms). Found per request instead.
    WHITENOISE_AUTOREFRESH = True

REST_KNOX = {
    # Tokens are recognisable (secret scanners) and stored as a SHA-512 hash; each carries the
    # expiry chosen at registration, never refreshed by use.
    "TOKEN_PREFIX": "samen_",
    "AUTO_REFRESH": False,
    "TOKEN_TTL": None,
}
