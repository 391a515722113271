from archive import text as vt


def test_unify_tones_moves_old_placement():
    assert vt.unify_tones("Tỉnh uỷ") == "Tỉnh ủy"
    assert vt.unify_tones("khoá X, hoà bình, khoẻ") == "khóa X, hòa bình, khỏe"
    assert vt.unify_tones("HOÀ") == "HÒA"


def test_unify_tones_leaves_qu_and_longer_syllables():
    assert vt.unify_tones("quý, quá, hoàng, thuyền") == "quý, quá, hoàng, thuyền"


def test_fold_is_accent_and_case_insensitive():
    assert vt.fold("Tỉnh Uỷ") == vt.fold("tỉnh ủy") == "tinh uy"
    assert vt.fold("Đồng Tháp") == "dong thap"


def test_key_keeps_diacritics():
    assert vt.key("Tỉnh uỷ") == vt.key("TỈNH ỦY")
    assert vt.key("án") != vt.key("an")


def test_expand_abbreviations_not_inside_codes():
    assert vt.expand_abbreviations("Chủ tịch HĐND tỉnh") == "Chủ tịch Hội đồng nhân dân tỉnh"
    assert vt.expand_abbreviations("Nghị quyết số 15-NQ/TW") == "Nghị quyết số 15-NQ/TW"


def test_slugify():
    assert vt.slugify("Lê Quốc Phong") == "le-quoc-phong"
    assert vt.slugify("Đồng Tháp: Tổng kết") == "dong-thap-tong-ket"


def test_unify_tones_shortcut_for_nfc_text_equals_the_decomposing_path():
    """unify_tones returns NFC text unchanged when no o/u precedes a toned a/e/y; checked
    against the plain version on text that has and lacks such pairs, composed or not."""
    import unicodedata

    from tests.ingest.test_extract_speed_equivalence import ref_unify_tones

    words = ["hoà", "HOÀ", "khoẻ", "uỷ", "Uỷ", "thuý", "quý", "quá", "hoàng", "thuyền", "oà", "uà", "oý", "uẹ",
             "qoà", "Quỳ", "QUÝ", "xoà",
             "hòa", "Tỉnh ủy", "Thừa Thiên Huế", "ĐẮK LẮK", "e\u0301\u0323", "o\u0323a", "Å", "ǅ", "ﬁ", ""]
    texts = set(words) | {" ".join(words), "\n".join(reversed(words))}
    texts |= {unicodedata.normalize(form, t) for t in list(texts) for form in ("NFD", "NFKC")}
    for text in texts:
        assert vt.unify_tones(text) == ref_unify_tones(text), text
    assert vt.unify_tones("Tỉnh uỷ khoá") == "Tỉnh ủy khóa"


def test_unify_tones_leaves_a_vowel_with_two_marks_alone():
    """hoặc: the dot below of ặ shares the vowel with its breve, so it is not the old tone
    placement; moving it made "họăc" of every "hoặc" (or), in stored titles and subjects too."""
    for word in ("hoặc", "Hoặc", "HOẶC", "hoạch", "khoằm", "oẳn"):
        assert vt.unify_tones(word) == word
        assert vt.normalize(f"Nghị quyết {word} Kế hoạch") == f"Nghị quyết {word} Kế hoạch"
    assert vt.key("hoặc") == "hoặc" != vt.key("họăc")
    assert vt.unify_tones("hoà hoặc khoẻ") == "hòa hoặc khỏe"
