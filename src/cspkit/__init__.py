"""cspkit: the yearly cycle of a Community Safety Partnership, from open data to decision."""

__version__ = "0.1.0"
