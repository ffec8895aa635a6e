from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moked.api.models import ApiToken


class Command(BaseCommand):
    help = "Print a new API token for a person (use it as `Authorization: Token <key>`)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, username, name, **options):
        try:
            person = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No person with the username {username!r}.") from None
        if not person.is_active:
            raise CommandError(f"{username!r} is disabled.")
        _, key = ApiToken.issue(person, name=name or "command line")
        self.stdout.write(key)
