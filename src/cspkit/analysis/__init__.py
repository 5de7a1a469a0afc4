"""Pure functions over tables: trends, significance, rates, hotspots (no Django).

The strategic assessment's core, one module each (import from the module):

- :mod:`~cspkit.analysis.periods`: months, quarters, financial years ("2021/22"), comparison
  periods, counts by period with excluded months.
- :mod:`~cspkit.analysis.significance`: Poisson E-test and Wheeler's Z for every change.
- :mod:`~cspkit.analysis.seasonal` and :mod:`~cspkit.analysis.irregular`: irregular months and
  years against a seasonal negative binomial forecast; declared breaks.
- :mod:`~cspkit.analysis.comparisons` and :mod:`~cspkit.analysis.trends`: year-on-year
  comparisons of a district's crime and of partner measures, from the store.
- :mod:`~cspkit.analysis.rates`: rates per 1,000 residents by ward, ward cluster, district.
- :mod:`~cspkit.analysis.harm`: harm-weighted counts (ONS Crime Severity Score approach).
- :mod:`~cspkit.analysis.disclosure`: suppression of small sensitive counts in public tables.
"""
