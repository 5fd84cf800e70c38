"""``python -m newsroom.cli``: the command line."""

from newsroom.cli.app import app

app()
