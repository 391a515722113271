"""The fault counter of bench/extraction_faults.py counts what it says, on articles written here."""
import io

from bench.extraction_faults import run

ARTICLE = """Bộ trưởng Ngoại giao Mỹ thăm Hà Nội

Ngoại trưởng Mỹ John Kerry hội đàm với Bộ trưởng Bộ Ngoại giao Phạm Bình Minh.
Ông Lê Văn Tùng, Hiệu trưởng Trường THPT Đinh Tiên Hoàng, cho biết học sinh đã sẵn sàng.
"""


def test_counts_people_posts_and_bodies_named_after_people(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = io.StringIO()
    counts = run(tmp_path, sample_size=5, out=out)
    assert counts["articles"] == 1
    assert counts["persons"] == 3
    assert counts["name is a country"] == 0 and counts["name with a country prefix"] == 0
    # "Trường THPT Đinh Tiên Hoàng" is a school named after a person, not a second person's title.
    assert counts["position joining two titles"] == 0
    assert counts["title not line 1"] == 0
    assert "Lê Văn Tùng\tHiệu trưởng Trường THPT Đinh Tiên Hoàng" in out.getvalue()
