"""Areas and their relations: LSOA -> ward -> district -> CSP -> police force area."""
