"""Place-name data: Vietnam's provinces before and after 1 July 2025, and their newspapers.

Provisional minimal version (districts for a few provinces only); the full
gazetteer replaces it. Pure data and small lookups: no I/O, no Django.
"""
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    name: str
    kind: str
    aliases: tuple = ()
    districts: tuple = ()
    successor: str | None = None
    historical: bool = True
    current: bool = True


@dataclass(frozen=True)
class Newspaper:
    name: str
    province: str
    domains: tuple = ()
    markers: tuple = ()


_MERGED = {
    "Tuyên Quang": ["Hà Giang"], "Lào Cai": ["Yên Bái"], "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"], "Bắc Ninh": ["Bắc Giang"], "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"], "Ninh Bình": ["Hà Nam", "Nam Định"], "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"], "Quảng Ngãi": ["Kon Tum"], "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"], "Lâm Đồng": ["Đắk Nông", "Bình Thuận"], "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"], "Đồng Nai": ["Bình Phước"], "Tây Ninh": ["Long An"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"], "Vĩnh Long": ["Bến Tre", "Trà Vinh"], "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"], "An Giang": ["Kiên Giang"],
}
_UNCHANGED = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
              "Nghệ An", "Hà Tĩnh", "Cao Bằng"]
_CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
_ALIASES = {
    "Hồ Chí Minh": ("TP. Hồ Chí Minh", "TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh"),
    "Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu"),
}
_DISTRICTS = {
    "Đồng Tháp": ("Cao Lãnh", "Sa Đéc", "Hồng Ngự", "Tân Hồng", "Tam Nông", "Thanh Bình", "Tháp Mười",
                  "Lấp Vò", "Lai Vung", "Châu Thành"),
    "Bến Tre": ("Bến Tre", "Ba Tri", "Bình Đại", "Châu Thành", "Chợ Lách", "Giồng Trôm", "Mỏ Cày Bắc",
                "Mỏ Cày Nam", "Thạnh Phú"),
    "Hậu Giang": ("Vị Thanh", "Ngã Bảy", "Long Mỹ", "Châu Thành", "Châu Thành A", "Phụng Hiệp", "Vị Thủy"),
    "Thái Bình": ("Thái Bình", "Đông Hưng", "Hưng Hà", "Kiến Xương", "Quỳnh Phụ", "Thái Thụy", "Tiền Hải", "Vũ Thư"),
}


def _build():
    out = []
    for name in _UNCHANGED:
        out.append(Province(name, "thành phố" if name in _CITIES else "tỉnh", _ALIASES.get(name, ()),
                            _DISTRICTS.get(name, ()), name))
    for new, olds in _MERGED.items():
        out.append(Province(new, "thành phố" if new in _CITIES else "tỉnh", _ALIASES.get(new, ()),
                            _DISTRICTS.get(new, ()), new))
        for old in olds:
            out.append(Province(old, "tỉnh", _ALIASES.get(old, ()), _DISTRICTS.get(old, ()), new, True, False))
    return tuple(out)


PROVINCES = _build()
NEWSPAPERS = (
    Newspaper("Báo Đồng Tháp", "Đồng Tháp", ("baodongthap.vn", "baodongthap.com.vn"), ("ĐTO",)),
    Newspaper("Báo Đồng Khởi", "Bến Tre", ("baodongkhoi.vn",), ("BDK.VN",)),
    Newspaper("Báo Hậu Giang", "Hậu Giang", ("baohaugiang.com.vn",), ()),
    Newspaper("Báo Thái Bình", "Thái Bình", ("baothaibinh.com.vn",), ()),
)


def _k(name):
    return unicodedata.normalize("NFC", name).casefold().strip()


def by_name(name):
    wanted = _k(name)
    return next((p for p in PROVINCES if wanted in {_k(n) for n in (p.name, *p.aliases)}), None)


def historical_provinces():
    return tuple(p for p in PROVINCES if p.historical)


def current_provinces():
    return tuple(p for p in PROVINCES if p.current)


def successor_of(name):
    prov = by_name(name)
    return by_name(prov.successor) if prov and prov.successor else prov


def predecessors_of(name):
    prov = by_name(name)
    return tuple(p for p in PROVINCES if prov and p.successor == prov.name)
