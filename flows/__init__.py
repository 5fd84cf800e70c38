"""Prefect flows. Importing this package keeps Prefect offline-friendly: no analytics, no tracking
(set before any flow module imports Prefect; an explicit setting in the environment wins)."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
