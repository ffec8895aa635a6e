from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background worker (Huey): the periodic jobs (SLA checks, mail, webhooks, rules) "
        "and the queued ones. With several workers, give all but one --no-periodic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, help="threads (default from MOKED_WORKER_THREADS, 2)")
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="only run queued jobs; leave the periodic ones to the one worker that schedules them",
        )

    def handle(self, workers, no_periodic, **options):
        queue = settings.HUEY.get("url") or settings.HUEY.get("filename")
        role = "queued jobs only" if no_periodic else "queued and periodic jobs"
        self.stdout.write(f"Moked worker ({role}): queue {settings.HUEY['huey_class']} at {queue}")
        arguments = ["--workers", str(workers)] if workers else []
        if no_periodic:
            arguments.append("--no-periodic")
        else:
            # The scheduling worker clears the locks of periodic jobs a killed worker left behind
            # (they would block those jobs for good); the jobs stay safe if one was still running.
            arguments.append("--flush-locks")
        call_command("run_huey", *arguments)
