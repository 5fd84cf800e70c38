"""The bottom layer: domain types (``models``, ``counts``), errors, settings and progress events.

It imports nothing else of the project; everything else may import it.
"""
