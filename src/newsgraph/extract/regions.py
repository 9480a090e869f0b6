"""Institutions and forces named after a region of a country: "the Catalan parliament", "Tigrayan forces".

The knowledge base knows these regions' adjectives apart from country adjectives (``KnowledgeBase.region_of``)
because "the Catalan government" is not Spain's government: coding it as the country would merge the
regional body with the national one it is often at odds with. Each such body is one actor per region and
sector, coded with the region's country as GDELT geocodes it; a region's armed forces are rebels (REB),
not the national military.
"""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.extract import names
from newsgraph.extract.actor_roles import RoleInfo
from newsgraph.extract.mention_state import LocalActor, MentionBuilder


def regional_body(b: MentionBuilder, span: Span, info: RoleInfo) -> LocalActor | None:
    """The region's own body if a region adjective modifies the phrase's head, else None.

    Single office-holders ("the Catalan president") are left to the person rules, and a phrase that
    also names another country ("Spanish police in Catalan towns") is not regional.
    """
    if info.sector is None or info.singular_person:
        return None
    head = span.root
    region = next((r for t in span if t.i < head.i and (r := b.kb.region_of(t.text)) is not None), None)
    if region is None or (info.country is not None and info.country != region.country):
        return None
    sector = "REB" if info.sector == "MIL" else info.sector
    key = f"region:{region.name.lower()}:{sector}"
    return LocalActor(key, names.strip_det(span.text), "GROUP", region.country, sector)
