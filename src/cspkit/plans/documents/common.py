"""What every section of the plan needs: the version's content, headings and names
(:class:`PlanContext`), and texts turned into paragraphs and lists (:func:`text_blocks`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cspkit.plans.texts import heading, paragraphs
from cspkit.reports.document import Block, BulletList, Paragraph, Section

if TYPE_CHECKING:
    from cspkit.plans.models import PlanVersion

__all__ = [
    "GOVERNANCE_KINDS",
    "LEAD_IN",
    "PlanContext", "context", "dedupe", "signed", "source", "text_blocks"]

BULLET_MAX = 250
MARKER = re.compile(r"^([a-z]\)|\d+[.)]|[-·•*])\s")
GOVERNANCE_KINDS = ("executive_group", "scrutiny_committee", "partnership")
LEAD_IN = {
    "executive_group": "The key functions of the executive group are to:",
    "partnership": "The {short} is responsible for:",
}


def text_blocks(text: str, markers: Mapping[str, Sequence[Block]] | None = None) -> list[Block]:
    """Paragraphs of ``text`` as blocks. After a paragraph ending with ":", the paragraphs that
    start with a list marker (``a)``, ``1.``, ``-``, ``·``) or are short (up to 250 characters)
    and do not end with "." or ":" make a bullet list. A paragraph ``[name]`` is replaced by
    ``markers[name]``."""
    markers = markers or {}
    out: list[Block] = []
    items: list[str] = []
    listing = False
    for para in paragraphs(text):
        if para.startswith("[") and para.endswith("]") and para[1:-1] in markers:
            if items:
                out.append(BulletList(tuple(items)))
                items = []
            out.extend(markers[para[1:-1]])
            listing = False
            continue
        marked = bool(MARKER.match(para))
        if listing and (marked or (len(para) <= BULLET_MAX and not para.endswith((":", ".")))):
            items.append(para.lstrip("·•-* ").strip())
            continue
        if items:
            out.append(BulletList(tuple(items)))
            items = []
        out.append(Paragraph(para))
        listing = para.endswith(":")
    if items:
        out.append(BulletList(tuple(items)))
    return out


@dataclass(frozen=True)
class PlanContext:
    """What every section needs: the version's content, headings and names."""

    content: Mapping[str, Any]
    headings: Mapping[str, str]
    name: str
    short: str
    title: str
    year: str
    year_label: str

    def h(self, key: str) -> str:
        return heading(self.headings, key, name=self.name, short=self.short, title=self.title,
                       year_label=self.year_label)

    def bodies(self, *kinds: str) -> list[Mapping[str, Any]]:
        return [b for b in self.content.get("bodies", []) if not kinds or b["kind"] in kinds]

    def body_name(self, key: str) -> str:
        for b in self.content.get("bodies", []):
            if b["key"] == key:
                return str(b["name"])
        return key

    @property
    def priorities(self) -> list[Mapping[str, Any]]:
        return list(self.content.get("priorities", []))


def context(version: PlanVersion) -> PlanContext:
    content = version.content
    name = str(content.get("partnership", {}).get("name") or version.partnership.name)
    partnership_body = next((b for b in content.get("bodies", [])
                             if b.get("kind") == "partnership"), None)
    short = str((partnership_body or {}).get("short_name") or name)
    return PlanContext(content, version.headings or {}, name, short, version.title, version.year,
                       version.year_label or version.year)


def signed(text: str, by: str) -> list[Block]:
    blocks = text_blocks(text)
    if by and blocks:  # a signature under nothing is left out with the text
        blocks.append(Paragraph(f"**{by}**"))
    return blocks


def source(version: PlanVersion, what: str) -> str:
    return f"{what}: plan version “{version.title}” of {version.partnership.name}"




def dedupe(sections: list[Section]) -> None:
    """Drop a paragraph that repeats one printed earlier in the document (a text written both
    on a body and on the version, say)."""
    seen: set[str] = set()

    def visit(section: Section) -> None:
        kept: list[Block] = []
        for b in section.blocks:
            if isinstance(b, Paragraph) and len(b.text) > 40:
                key = " ".join(b.text.lower().split())
                if key in seen:
                    continue
                seen.add(key)
            kept.append(b)
        section.blocks[:] = kept
        for sub in section.subsections:
            visit(sub)

    for s in sections:
        visit(s)
