import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Moked with gunicorn (default http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("MOKED_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MOKED_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("MOKED_THREADS", "1")))
        parser.add_argument("--no-collectstatic", action="store_true", help="skip collecting static files")

    def handle(self, bind, workers, threads, no_collectstatic, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        from gunicorn.app.base import BaseApplication

        from moked.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                access_log = os.environ.get("MOKED_ACCESS_LOG", "-")  # "-": standard output; "": none
                if access_log:
                    self.cfg.set("accesslog", access_log)
                self.cfg.set("timeout", 60)
                self.cfg.set("post_worker_init", warm_up)

            def load(self):
                return application

        self.stdout.write(f"Moked serving on http://{bind}/ (data in {settings.DATA_DIR})")
        Server().run()


def warm_up(worker) -> None:
    """In each web worker, once it has loaded the application: build the knowledge search index in
    the background, so that the worker's first search does not wait for it."""
    from moked.knowledge.indexing import warm_up_in_background

    warm_up_in_background()
