"""The relevance measurement's own parts (bench/search_quality.py), without ../shared: the judged
query set's shape, the measures on rankings worked out by hand, the baselines' query syntax."""
import sqlite3

import pytest

from bench import search_quality as sq


def test_the_judged_queries_cover_the_kinds_and_are_judged():
    queries = sq.load_judgments()
    assert len(queries) >= 40 and len({q["id"] for q in queries}) == len(queries)
    kinds = {q["kind"] for q in queries}
    assert {"accented topic", "unaccented topic", "name", "code", "province + topic"} <= kinds
    assert all(q["intent"] and q["q"] for q in queries)
    judged = [q for q in queries if q["judgments"]]
    assert len(judged) >= 40 and all(set(q["judgments"].values()) <= {0, 1, 2} for q in judged)


def test_ndcg_and_precision_by_hand():
    grades = {"a": 2, "b": 1, "c": 0}
    assert sq.ndcg(["a", "b", "c"], grades) == pytest.approx(1.0)
    # b first, a second: (1/1 + 3/log2(3)) / (3/1 + 1/log2(3))
    assert sq.ndcg(["b", "a"], grades) == pytest.approx((1 + 3 / 1.5849625) / (3 + 1 / 1.5849625))
    assert sq.ndcg(["x", "y"], grades) == 0.0 and sq.ndcg(["a"], {}) == 0.0
    assert sq.precision(["a", "b", "c", "x"], grades) == pytest.approx(0.2)


@pytest.mark.parametrize("tokenizer, q, expected", [
    ("unicode61 remove_diacritics 2", "giá vàng", {"gold", "other"}),
    ("unicode61 remove_diacritics 2", "gia vang", {"gold", "other"}),
    ("unicode61 remove_diacritics 0", "gia vang", set()),
    ("unicode61 remove_diacritics 0", '"vàng giá"', {"other"}),
    ("unicode61 remove_diacritics 2", "giá -vàng", {"price"}),
    ("unicode61 remove_diacritics 2", "91-KL/TU", {"code"}),
    ("unicode61 remove_diacritics 2", "vàng OR gạo", {"gold", "other", "price"}),
])
def test_the_baselines_read_words_phrases_exclusions_and_codes(tokenizer, q, expected):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE b0 USING fts5(title, body, file UNINDEXED, tokenize = '{tokenizer}')")
    conn.executemany("INSERT INTO b0 VALUES (?, ?, ?)", [
        ("Giá vàng tăng", "Giá vàng trong nước", "gold"), ("Chợ", "vàng giá rẻ", "other"),
        ("Giá gạo", "giá gạo xuất khẩu", "price"), ("Kết luận", "Thực hiện Kết luận 91-KL/TU", "code"),
    ])
    assert set(sq.baseline_top(conn, "b0", q)) == expected
