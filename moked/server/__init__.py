"""Running Moked: `moked serve` (gunicorn, with WhiteNoise for static files) and `moked worker`
(the Huey background worker). Production settings come from the environment; see README.md.
"""
