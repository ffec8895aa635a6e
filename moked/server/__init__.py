"""Serving Moked: `moked serve` runs gunicorn (WhiteNoise serves the static files).

Production settings come from the environment; see README.md.
"""
