from getpass import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.accounts.actions import create_first_administrator
from samen.accounts.models import User


class Command(BaseCommand):
    help = "Create an administrator account (the first account of a new installation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument(
            "--municipality",
            required=True,
            help="Name of the municipality organisation; created when it does not exist.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username} already exists")
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("the passwords differ")
        try:
            validate_password(password, User(username=username, full_name=options["full_name"]))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = create_first_administrator(
            username=username,
            full_name=options["full_name"],
            password=password,
            municipality_name=options["municipality"],
        )
        self.stdout.write(
            f"administrator {user.username} created; they set up two-factor login at first login"
        )
