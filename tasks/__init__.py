"""Prefect tasks: thin wrappers that give the plain batch functions retries, logs and a place
in the UI."""
