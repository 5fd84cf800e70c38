"""Services: the stages combined with storage (``db/``). Batch ingest of files (``ingesting``)
and web sources (``web``), re-tagging (``retagging``), learning the topic model (``training``),
run records (``runs``). No Prefect here: ``tasks/`` wraps these functions."""
