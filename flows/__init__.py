"""Prefect flows. Importing this package keeps Prefect offline-friendly (no analytics, no
tracking) and sends the project's own module logs to the run logs in the UI; the same modules
also log outside flow runs (the CLI, loading the tagger), where those records stay local instead
of raising a warning. These are set before any flow module imports Prefect; an explicit setting
in the environment wins."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "newsroom,db")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
