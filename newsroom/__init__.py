"""Newsroom ingest and tagging pipeline.

The package holds the plain pipeline stages (reading, cleaning, datelines, metadata, topics) and the
command line. Prefect flows live in ``flows/``, batch tasks in ``tasks/``, storage in ``db/``.
"""

__version__ = "0.1.0"
