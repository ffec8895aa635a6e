"""Running Moked: `moked serve` (gunicorn, with WhiteNoise for static files), `moked worker` (the
Huey background worker), `moked reencrypt-secrets`, and Moked's own `moked check` checks.
Production settings come from the environment; see README.md.
"""
