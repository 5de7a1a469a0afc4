"""Action plans: per priority (or cross-cutting theme) and year, owned by a subgroup, with a
high-level outcome, indicators, measurable actions, funding bids, progress updates and an
equalities analysis."""
