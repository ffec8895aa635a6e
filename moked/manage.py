"""The `moked` command line: Django's manage.py, installed as a console script."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; `moked create-token` and `moked create_token` are the same command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "moked"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
