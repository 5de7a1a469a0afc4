"""Pure functions over tables: trends, significance, rates, hotspots (no Django)."""
