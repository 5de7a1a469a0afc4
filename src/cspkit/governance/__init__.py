"""Governance: the partnership's bodies, who chairs and sits on them, who reports to whom, and
the decisions its scrutiny committee records."""
