"""Create (or update) a login for the admin with one of the newsroom's roles."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

ROLES = {"reporter": "Reporter", "editor": "Editor", "superuser": None}


class Command(BaseCommand):
    help = (
        "Create a staff login for the admin as a reporter, an editor or a superuser. The password is "
        "asked for, or read from the environment variable named by --password-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the login name")
        parser.add_argument("--role", choices=sorted(ROLES), required=True, help="what the user may do")
        parser.add_argument("--email", default="", help="an e-mail address (optional)")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="read the password from this environment variable instead of asking",
        )

    def handle(self, *args, username, role, email, password_env, **options):
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"the environment variable {password_env} is empty or not set")
        else:
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("the passwords differ")
        group = None
        if ROLES[role]:
            group = Group.objects.filter(name=ROLES[role]).first()
            if group is None:
                raise CommandError(f"the {ROLES[role]} group does not exist: run `manage.py migrate` first")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        created = user.pk is None
        user.email = email or user.email
        user.is_staff = True
        user.is_superuser = role == "superuser"
        user.set_password(password)
        user.save()
        user.groups.set([group] if group else [])
        self.stdout.write(f"{'Created' if created else 'Updated'} {role} “{username}”.")
