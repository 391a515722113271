"""The fixed benchmark queries: with and without diacritics, phrases, names, codes, filters.

Names come from the corpus generator's rosters, so they exist at every size; the
list never depends on N and must never be tuned to what a run found.
"""
from archive.ingest import gazetteer
from bench import corpus


def _chair(seed, province_name, term):
    province = next(p for p in gazetteer.PROVINCES if p.name == province_name)
    return corpus.roster(seed, province, term)


def benchmark_queries(seed=1):
    """[{"q": …, optional "province"/"year"/"sort", "kind": label}] — at least 30."""
    dong_thap = _chair(seed, "Đồng Tháp", 2)
    thai_binh = _chair(seed, "Thái Bình", 1)
    nghe_an = _chair(seed, "Nghệ An", 0)
    queries = [
        ("topic", "chuyển đổi số"),
        ("folded", "chuyen doi so"),
        ("topic", "nông thôn mới"),
        ("folded", "nong thon moi"),
        ("phrase", '"dịch vụ công trực tuyến toàn trình"'),
        ("topic", "cải cách hành chính"),
        ("topic", "giải ngân vốn đầu tư công"),
        ("folded", "giai ngan von dau tu cong"),
        ("topic", "du lịch cộng đồng"),
        ("topic", "COVID-19 vắc xin"),
        ("topic", "phòng, chống tham nhũng"),
        ("folded", "phong chong tham nhung"),
        ("phrase", '"khu vực phòng thủ"'),
        ("topic", "xâm nhập mặn"),
        ("folded", "xam nhap man"),
        ("topic", "điện gió"),
        ("topic", "sầu riêng"),
        ("topic", "cá tra"),
        ("code", "27-NQ/TW"),
        ("code", "Nghị quyết 57"),
        ("code", "Kết luận số 76-KL/TW"),
        ("code", "Chỉ thị 05"),
        ("code", "nghi quyet 36"),
        ("name", dong_thap[0][0]),
        ("name folded", corpus_fold(dong_thap[2][0])),
        ("name", f"Bí thư Tỉnh ủy {thai_binh[0][0]}"),
        ("name", nghe_an[4][0]),
        ("place", "Đồng Tháp"),
        ("place folded", "tinh uy thai binh"),
        ("common", "kỳ họp thứ HĐND tỉnh"),
        ("common", "Ban Chấp hành Đảng bộ tỉnh"),
        ("common", "tỉnh"),
        ("topic", "Hội Nông dân"),
    ]
    out = [{"kind": kind, "q": q} for kind, q in queries]
    out += [
        {"kind": "filter year", "q": "sạt lở", "year": "2020"},
        {"kind": "filter province", "q": "khu công nghiệp", "province": "dong-thap"},
        {"kind": "sort newest", "q": "quy hoạch tỉnh", "sort": "newest"},
        {"kind": "filter only", "q": "", "province": "nghe-an", "year": "2014"},
    ]
    return out


def corpus_fold(text):
    from archive import text as vt

    return vt.strip_accents(text).lower()
