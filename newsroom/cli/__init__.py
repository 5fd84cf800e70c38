"""The top layer: the ``newsroom`` command line (:mod:`newsroom.cli.app`) and the operations on a
Prefect server behind ``deploy``, ``run`` and ``serve`` (:mod:`newsroom.cli.operations`)."""

from newsroom.cli.app import app

__all__ = ["app"]
