"""Pure functions over tables: trends, significance, rates, hotspots (no Django).

The strategic assessment's core, one module each (import from the module):

- :mod:`~cspkit.analysis.periods`: months, quarters, financial years ("2021/22"), comparison
  periods, counts by period with excluded months.
- :mod:`~cspkit.analysis.policy`: the one comparison policy (usable months, like for like,
  baseline years, small counts, one significance level) every output goes through, with
  :mod:`~cspkit.analysis.dispersion` (the overdispersion-aware test of monthly counts) and
  :mod:`~cspkit.analysis.wording` (comparisons in words).
- :mod:`~cspkit.analysis.significance`: the Poisson E-test and Wheeler's Z of period totals.
- :mod:`~cspkit.analysis.seasonal` and :mod:`~cspkit.analysis.irregular`: irregular months and
  years against a seasonal negative binomial forecast; declared breaks.
- :mod:`~cspkit.analysis.comparisons` and :mod:`~cspkit.analysis.trends`: year-on-year
  comparisons of a district's crime and of partner measures, from the store.
- :mod:`~cspkit.analysis.rates`: rates per 1,000 residents by ward, ward cluster, district.
- :mod:`~cspkit.analysis.peers` and :mod:`~cspkit.analysis.funnel`: the district's rates
  against its peers', ranked, with funnel-plot limits.
- :mod:`~cspkit.analysis.harm`: harm-weighted counts (ONS Crime Severity Score approach).
- :mod:`~cspkit.analysis.disclosure`: suppression of small sensitive counts in public tables.
"""
