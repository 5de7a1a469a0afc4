"""A synthetic partnership area for the demo and the tests, deterministic from a seed."""
