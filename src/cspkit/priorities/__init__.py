"""Priorities and cross-cutting themes, who delivers them, and how they align with the county's
community safety agreement and the Police and Crime Commissioner's plan."""
