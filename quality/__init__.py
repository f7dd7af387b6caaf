"""Evaluation and benchmark tools of the checkout (not shipped in the package): `python -m quality eval|bench`."""
