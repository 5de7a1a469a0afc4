"""A document as data: sections of paragraphs, lists, tables and figures, rendered three ways.

One :class:`Document` is rendered to HTML (:mod:`cspkit.reports.html`), PDF (the same HTML through
WeasyPrint, :mod:`cspkit.reports.pdf`) and Word (:mod:`cspkit.reports.word`), so the three never
drift apart. Every table and figure carries a ``source``: the data, period and query it came from,
listed in the document's appendix of sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cspkit.reports.logo import Logo

__all__ = [
    "Block",
    "BulletList",
    "Callout",
    "Document",
    "Figure",
    "Paragraph",
    "Section",
    "SourceNote",
    "Table",
    "format_cell",
    "slug",
]


@dataclass(frozen=True)
class Paragraph:
    """Plain text; ``**bold**`` marks emphasis."""

    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Callout:
    """A highlighted box: a warning about the data, or a key finding."""

    text: str
    kind: str = "note"  # "note" | "warning"


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    source: str = ""
    numeric: tuple[bool, ...] | None = None
    """Which columns are right-aligned numbers; guessed from the first row when None."""

    def cells(self) -> tuple[tuple[str, ...], ...]:
        """The rows as printed: numbers with thousands separators; a column whose numbers
        are all whole is printed without decimals ("11,688", never "11,688.0")."""
        whole = [all(_whole(r[i]) for r in self.rows if i < len(r)) for i in
                 range(len(self.columns))]
        def shown(i: int, v: Any) -> str:
            if i < len(whole) and whole[i] and isinstance(v, float) and v == v:
                return format_cell(int(v))
            return format_cell(v)

        return tuple(tuple(shown(i, v) for i, v in enumerate(row)) for row in self.rows)

    def is_numeric(self) -> tuple[bool, ...]:
        if self.numeric is not None:
            return self.numeric
        first = self.rows[0] if self.rows else ()
        return tuple(
            isinstance(v, int | float) and not isinstance(v, bool) for v in first
        ) or tuple(False for _ in self.columns)


@dataclass(frozen=True)
class Figure:
    """A chart as a Vega-Lite specification (one spec for web and print)."""

    caption: str
    spec: dict[str, Any]
    alt_text: str
    source: str = ""


Block = Paragraph | BulletList | Callout | Table | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return slug(self.title)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def sub(self, title: str) -> Section:
        child = Section(title)
        self.subsections.append(child)
        return child


@dataclass(frozen=True)
class SourceNote:
    """One line of the appendix of sources: which table or figure, and where it came from."""

    label: str
    caption: str
    source: str


@dataclass
class Document:
    title: str
    subtitle: str = ""
    organisation: str = ""
    issued: date | None = None
    sections: list[Section] = field(default_factory=list)
    sources_title: str = "Appendix: sources of figures and tables"
    notices: Sequence[str] = ()
    """Short lines for the title page (e.g. licence attributions)."""
    logo: Logo | None = None
    """The publishing partnership's logo, above its name on the title page."""
    author: str = ""
    """The file's author property; the organisation when blank."""
    category: str = ""
    """The kind of document (e.g. "Committee report"), in the file's properties."""
    keywords: Sequence[str] = ()
    short_title: str = ""
    """The title in page footers, when the full title is too long for one."""
    page_per_section: bool = True
    """Start each top-level section on a new page (a committee report's sections flow instead)."""

    def section(self, title: str) -> Section:
        s = Section(title)
        self.sections.append(s)
        return s

    def walk(self) -> Iterator[tuple[int, Section]]:
        """Every section with its depth (1 for top level), in reading order."""

        def visit(sections: list[Section], depth: int) -> Iterator[tuple[int, Section]]:
            for s in sections:
                yield depth, s
                yield from visit(s.subsections, depth + 1)

        yield from visit(self.sections, 1)

    def anchors(self) -> dict[int, str]:
        """``id(section)`` -> a unique HTML id made from its title."""
        seen: dict[str, int] = {}
        out: dict[int, str] = {}
        for _, s in self.walk():
            base = s.anchor
            seen[base] = seen.get(base, 0) + 1
            out[id(s)] = base if seen[base] == 1 else f"{base}-{seen[base]}"
        return out

    def numbered(self) -> dict[int, str]:
        """``id(table or figure)`` -> "Table 3" / "Figure 2", in reading order."""
        labels: dict[int, str] = {}
        counts = {"Table": 0, "Figure": 0}
        for _, s in self.walk():
            for b in s.blocks:
                if isinstance(b, Table | Figure):
                    kind = type(b).__name__
                    counts[kind] += 1
                    labels[id(b)] = f"{kind} {counts[kind]}"
        return labels

    def source_notes(self) -> list[SourceNote]:
        labels = self.numbered()
        notes = []
        for _, s in self.walk():
            for b in s.blocks:
                if isinstance(b, Table | Figure):
                    notes.append(SourceNote(labels[id(b)], b.caption, b.source or "not stated"))
        return notes


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _whole(value: Any) -> bool:
    """A blank, a non-number, or a number with nothing after the point."""
    if isinstance(value, float):
        return value != value or value.is_integer()
    return True


def format_cell(value: Any) -> str:
    """Numbers with thousands separators, one decimal for floats; blanks as an en dash."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)
