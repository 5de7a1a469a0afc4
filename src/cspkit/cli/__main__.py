"""``python -m cspkit.cli``: the same as the ``cspkit`` command."""

from cspkit.cli import main

main()
