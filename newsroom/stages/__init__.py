"""Pure stages: reading, fetching, extracting, cleaning, datelines, metadata, topics, places.

Each module does one step on text or bytes, and none touches the database or Prefect
(``tests/test_layers.py`` checks): they import only :mod:`newsroom.core` and one another.
:func:`newsroom.stages.pipeline.process_item` runs them all on one item.
"""
