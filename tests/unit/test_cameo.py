"""The codebook table: complete, zero-padded, and consistent with CAMEO's own rules."""

from __future__ import annotations

import pytest

from newsgraph.knowledge.cameo import ROOT_NAMES, cameo_codes, code, quad_class_of


def test_all_twenty_roots_present() -> None:
    table = cameo_codes()
    assert {f"{i:02d}" for i in range(1, 21)} <= set(table)
    assert {c.root for c in table.values()} == set(ROOT_NAMES)
    assert len(table) > 290


def test_leading_zeros_kept() -> None:
    assert code("0233").name.startswith("Appeal for humanitarian")
    assert code("010").root == "01"
    assert code("10").root == "10"
    assert code("23").code == "023"  # a lost leading zero is restored


def test_unknown_subcode_falls_back_to_parent() -> None:
    assert code("1909").code == "190"
    with pytest.raises(KeyError):
        code("99")


def test_plover_map() -> None:
    assert code("190").plover == "ASSAULT"
    assert code("173").plover == "COERCE"
    assert code("042").plover == "CONSULT" and code("042").plover_mode == "visit"
    assert code("1231").plover == "REJECT"
    assert code("112").plover == "ACCUSE"
    assert code("023").plover == "REQUEST"
    assert code("010").plover is None  # PLOVER has no "make statement"


def test_goldstein_range_and_known_values() -> None:
    assert all(-10.0 <= c.goldstein <= 10.0 for c in cameo_codes().values())
    assert code("190").goldstein == -10.0
    assert code("057").goldstein == 8.0
    assert code("0874").goldstein == 10.0


def test_quad_class_rule() -> None:
    for c in cameo_codes().values():
        assert c.quad_class == quad_class_of(c.root)
    assert [quad_class_of(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
