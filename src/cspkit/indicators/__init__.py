"""Indicators: what the partnership measures, their targets, measurements and RAG status.

An indicator's values are either computed from the analytical store by a named query
(:mod:`cspkit.indicators.queries`, no Django) or entered by a person.
"""
