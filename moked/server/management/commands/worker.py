from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (Huey): SLA checks every minute, and the other queued jobs."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, help="threads (default from MOKED_WORKER_THREADS, 2)")

    def handle(self, workers, **options):
        queue = settings.HUEY.get("url") or settings.HUEY.get("filename")
        self.stdout.write(f"Moked worker: queue {settings.HUEY['huey_class']} at {queue}")
        arguments = ["--workers", str(workers)] if workers else []
        call_command("run_huey", *arguments)
