"""Running Moked: `moked serve` (gunicorn, WhiteNoise), `moked worker` (Huey), `moked reencrypt-secrets`
and the checks of a production set-up (`moked check --deploy`); see docs/operations/.
"""
