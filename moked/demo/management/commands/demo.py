import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moked.demo import content
from moked.demo.catalogue import seed_catalogue
from moked.demo.catalogue_requests import seed_live_requests
from moked.demo.generate import demo_loaded, load_demo


class Command(BaseCommand):
    help = (
        "Create demo data: organisations in Israel, Iran, Finland and the UK, their people, groups, "
        "services and realistic tickets with full histories. Does nothing if the demo is already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=2000, help="how many tickets (default 2000)")
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed: the same seed, the same demo"
        )
        parser.add_argument("--reset", action="store_true", help="delete ALL data first, then load the demo")
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="bring the database up to date first (saves `make demo` starting Django twice)",
        )
        parser.add_argument(
            "--processes",
            type=int,
            help="replay the histories in this many processes at once (default: one per CPU, at most 4; "
            "SQLite only)",
        )

    def handle(self, tickets, seed, reset, migrate, processes, **options):
        if tickets < 0:
            raise CommandError("--tickets must be 0 or more.")
        if processes is not None and processes < 1:
            raise CommandError("--processes must be 1 or more.")
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("The demo data is already loaded (use --reset to load it again).")
            self.add_catalogue()
            self.print_logins()
            return
        self.stdout.write(f"Loading the demo with {tickets} tickets…")
        started = time.monotonic()
        demo = load_demo(
            tickets,
            seed=seed,
            processes=processes,
            progress=lambda done, total: self.stdout.write(f"  {done}/{total}"),
        )
        seconds = time.monotonic() - started
        # After the history: a few catalogue requests on their way, as a visitor would make them.
        seed_live_requests()
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: {demo.tickets} tickets.")
            + f" ({seconds:.0f} s, {demo.processes} process{'es' if demo.processes > 1 else ''};"
            + f" {demo.models} classification model{'s' if demo.models != 1 else ''} trained)"
        )
        self.print_logins()
        self.stdout.write(f"\nAPI token of admin: {demo.api_key}")
        self.stdout.write(
            f'  curl -H "Authorization: Token {demo.api_key}" {settings.MOKED_BASE_URL}/api/v1/tickets/'
        )

    def add_catalogue(self):
        """A demo loaded before the service catalogue existed gets it (its items, the clients'
        managers and groups); one that has it is left as it is."""
        from moked.people.models import Person

        with transaction.atomic():
            added = seed_catalogue(Person.objects.filter(username=content.STAFF[0][0]).first())
        if added.items:
            self.stdout.write(f"Added the service catalogue: {added.items} catalogue items.")
        requests = seed_live_requests()
        if requests:
            self.stdout.write(f"Added {requests} catalogue requests on their way (docs/using/demo.md).")

    def print_logins(self):
        from moked.people.models import Person

        self.stdout.write(f"\nDemo logins (password for all: {content.PASSWORD}):")
        usernames = [s[0] for s in content.STAFF] + [
            f"{spec.code.lower()}.{kind}" for spec in content.ORGANISATIONS for kind in ("manager", "user")
        ]
        for person in Person.objects.filter(username__in=usernames).select_related("organisation"):
            where = f", {person.organisation.code}" if person.organisation_id else ""
            self.stdout.write(f"  {person.username:<14} {person.name} ({person.get_role_display()}{where})")
