"""Background jobs: the tasks that failed for good in the worker, kept for admins to see (the
worker itself is `moked worker`, Huey)."""
