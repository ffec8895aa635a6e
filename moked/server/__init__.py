"""Running Moked: `moked serve` (gunicorn, with WhiteNoise for static files) and `moked worker`
(the Huey background worker), and the checks of a production set-up (`moked check --deploy`).
Production settings come from the environment; see README.md.
"""
