"""The control-character check of read.py, against Unicode's own definition."""
import sys
import unicodedata

from archive.ingest.read import _CONTROL_RE, _mostly_text


def test_control_pattern_is_exactly_category_cc_without_text_breaks():
    wanted = {chr(i) for i in range(sys.maxunicode + 1)
              if unicodedata.category(chr(i)) == "Cc" and chr(i) not in "\n\r\t\f\v"}
    found = {chr(i) for i in range(sys.maxunicode + 1) if _CONTROL_RE.match(chr(i))}
    assert found == wanted


def test_mostly_text_tolerates_a_few_controls_only():
    text = "Hội nghị Ban Chấp hành Đảng bộ tỉnh.\n" * 40
    assert _mostly_text(text + "\x07\x1b")
    assert not _mostly_text(text + "\x07" * (len(text) // 100))
