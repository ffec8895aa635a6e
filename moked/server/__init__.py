"""Running Moked: `moked serve` (gunicorn, with WhiteNoise for static files), `moked worker` (the
Huey background worker), `moked reencrypt-secrets`, and the checks of a production set-up
(`moked check --deploy`).
Production settings come from the environment; see README.md.
"""
