"""The gazetteer: the 63 units until 30 June 2025, the 34 from 1 July 2025, and how they map (no Django)."""
import ast
import unicodedata
from collections import Counter

import pytest

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.gazetteer import (
    NEWSPAPERS,
    PROVINCES,
    by_name,
    current_provinces,
    historical_provinces,
    predecessors_of,
    successor_of,
)

# Resolution 202/2025/QH15: new unit <- the old units that form it, the continuing one first.
MERGED = {
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}
UNCHANGED = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng",
)
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def names(provinces):
    return {p.name for p in provinces}


def all_names():
    """Every name, alias and district name in the gazetteer."""
    for p in PROVINCES:
        yield p.name
        yield from p.aliases
        yield from p.districts
    for paper in NEWSPAPERS:
        yield paper.name
        yield paper.province
        yield from paper.markers


def test_63_historical_units():
    assert len(historical_provinces()) == 63
    assert len(names(historical_provinces())) == 63


def test_34_current_units():
    assert len(current_provinces()) == 34
    assert names(current_provinces()) == set(MERGED) | set(UNCHANGED)


def test_every_new_unit_keeps_an_old_name_so_there_are_no_post_2025_only_entries():
    assert all(p.historical for p in PROVINCES)
    assert len(PROVINCES) == 63
    assert names(current_provinces()) <= names(historical_provinces())


def test_every_historical_unit_has_a_current_successor():
    current = names(current_provinces())
    for prov in historical_provinces():
        assert prov.successor in current, prov.name
        assert successor_of(prov.name).current
        assert successor_of(prov.name).name == prov.successor
        # A unit is current exactly when it is its own successor.
        assert prov.current == (prov.successor == prov.name)


@pytest.mark.parametrize("new, olds", sorted(MERGED.items()))
def test_merged_groups(new, olds):
    found = tuple(p.name for p in predecessors_of(new))
    assert found[0] == new and sorted(found) == sorted(olds)
    for old in olds:
        assert successor_of(old).name == new


def test_exactly_23_merged_groups_and_11_unchanged_units():
    groups = {p.name: tuple(q.name for q in predecessors_of(p.name)) for p in current_provinces()}
    merged = {new: olds for new, olds in groups.items() if len(olds) > 1}
    assert {new: set(olds) for new, olds in merged.items()} == {new: set(olds) for new, olds in MERGED.items()}
    assert sorted(new for new, olds in groups.items() if olds == (new,)) == sorted(UNCHANGED)
    assert len(MERGED) == 23 and len(UNCHANGED) == 11
    # 11 + 23 groups account for all 63 old units, each exactly once.
    assert sum(len(olds) for olds in groups.values()) == 63


def test_kinds():
    assert {p.name for p in PROVINCES if p.kind == "thành phố"} == CITIES
    assert {p.kind for p in PROVINCES} == {"tỉnh", "thành phố"}


def test_merged_away_units_have_no_predecessors():
    assert predecessors_of("Tiền Giang") == ()
    assert not by_name("Tiền Giang").current


def test_no_name_or_alias_is_shared_by_two_provinces():
    keys = Counter(n.casefold() for p in PROVINCES for n in {p.name, *p.aliases})
    assert [k for k, count in keys.items() if count > 1] == []
    # Not even when accents are dropped (the search folds them).
    folded = Counter(k for p in PROVINCES for k in {vt.fold(n) for n in (p.name, *p.aliases)})
    assert [k for k, count in folded.items() if count > 1] == []


def test_no_duplicate_districts_within_a_province():
    for prov in PROVINCES:
        assert len(set(prov.districts)) == len(prov.districts), prov.name


def test_every_name_is_nfc_in_the_stored_spelling():
    for name in all_names():
        assert unicodedata.is_normalized("NFC", name), name
        assert vt.normalize(name) == name, name  # hòa not hoà, thủy not thuỷ, single spaces


def test_every_historical_province_has_at_least_5_districts():
    for prov in historical_provinces():
        assert len(prov.districts) >= 5, prov.name


def test_dong_thap_districts():
    dong_thap = by_name("Đồng Tháp")
    assert "Lai Vung" in dong_thap.districts
    assert "Cao Lãnh" in dong_thap.districts
    assert "Sa Đéc" in dong_thap.districts


def test_provincial_cities_are_districts_of_their_province():
    expected = {
        "Tiền Giang": "Mỹ Tho", "Hậu Giang": "Vị Thanh", "Bến Tre": "Bến Tre", "Trà Vinh": "Trà Vinh",
        "An Giang": "Long Xuyên", "Kiên Giang": "Phú Quốc", "Thái Bình": "Thái Bình",
    }
    for province, district in expected.items():
        assert district in by_name(province).districts, (province, district)
    assert {"Ngã Bảy", "Vị Thanh"} <= set(by_name("Hậu Giang").districts)
    assert {"Châu Đốc", "Long Xuyên"} <= set(by_name("An Giang").districts)
    assert "Rạch Giá" in by_name("Kiên Giang").districts


def test_bến_tre_goes_to_vĩnh_long():
    assert by_name("Bến Tre").successor == "Vĩnh Long"
    assert successor_of("Bến Tre") is by_name("Vĩnh Long")
    assert not by_name("Bến Tre").current


def test_hue_is_one_unit_historical_and_current():
    hue = by_name("Huế")
    assert hue.historical and hue.current and hue.successor == "Huế" and hue.kind == "thành phố"
    assert "Thừa Thiên Huế" in hue.aliases
    assert [p for p in PROVINCES if "Huế" in p.name] == [hue]


def test_by_name_matches_aliases_case_insensitively():
    assert by_name("TP. Hồ Chí Minh").name == "Hồ Chí Minh"
    assert by_name("thừa thiên huế").name == "Huế"
    assert by_name("  Đồng   Tháp ").name == "Đồng Tháp"
    assert by_name(unicodedata.normalize("NFD", "Bà Rịa – Vũng Tàu")).name == "Bà Rịa - Vũng Tàu"
    assert by_name("Sài Gòn").name == "Hồ Chí Minh"
    assert by_name("Atlantis") is None
    assert by_name("") is None


def test_unknown_names_raise():
    with pytest.raises(KeyError):
        successor_of("Atlantis")
    with pytest.raises(KeyError):
        predecessors_of("Atlantis")


def test_every_newspaper_province_exists():
    for paper in NEWSPAPERS:
        prov = by_name(paper.province)
        assert prov is not None and prov.name == paper.province, paper.name
        assert prov.historical


def test_one_party_newspaper_for_each_historical_unit():
    assert Counter(p.province for p in NEWSPAPERS) == Counter(names(historical_provinces()))
    assert len({p.name for p in NEWSPAPERS}) == len(NEWSPAPERS)


def test_newspaper_domains_and_markers_are_unique():
    domains = [d for p in NEWSPAPERS for d in p.domains]
    assert len(domains) == len(set(domains))
    assert all(d == d.lower() and "/" not in d and not d.startswith("www.") for d in domains)
    markers = [vt.fold(m) for p in NEWSPAPERS for m in p.markers]
    assert len(markers) == len(set(markers))


def test_known_newspapers():
    papers = {p.name: p for p in NEWSPAPERS}
    assert papers["Báo Đồng Tháp"].markers == ("ĐTO",)
    assert set(papers["Báo Đồng Tháp"].domains) == {"baodongthap.vn", "baodongthap.com.vn"}
    assert papers["Báo Đồng Khởi"].province == "Bến Tre" and papers["Báo Đồng Khởi"].markers == ("BDK.VN",)
    assert papers["Báo Sài Gòn Giải Phóng"].province == "Hồ Chí Minh"
    assert papers["Báo Hậu Giang"].domains == ("baohaugiang.com.vn",)
    assert papers["Báo Thái Bình"].domains == ("baothaibinh.com.vn",)


def test_data_is_immutable():
    with pytest.raises(AttributeError):
        PROVINCES[0].name = "x"
    assert isinstance(PROVINCES, tuple) and isinstance(NEWSPAPERS, tuple)
    assert all(isinstance(p.districts, tuple) and isinstance(p.aliases, tuple) for p in PROVINCES)


def test_module_imports_only_stdlib_and_does_no_io():
    tree = ast.parse(open(gazetteer.__file__, encoding="utf-8").read())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"dataclasses", "unicodedata", "functools", "re", "collections"}, imported
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not called & {"open", "input", "print", "exec", "eval", "__import__"}


def test_official_names_differ_only_where_the_short_name_misleads():
    from archive.ingest.gazetteer import official_name
    differing = {p.name: official_name(p.name) for p in PROVINCES if official_name(p.name) != p.name}
    assert differing == {"Hồ Chí Minh": "Thành phố Hồ Chí Minh", "Huế": "Thừa Thiên Huế"}
    assert all(by_name(official) is by_name(name) for name, official in differing.items())
