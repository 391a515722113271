import codecs
import unicodedata

import pytest

from archive.ingest.read import UnreadableFile, decode


def test_utf8_with_bom_and_crlf():
    decoded = decode(codecs.BOM_UTF8 + "Tỉnh ủy\r\nHội nghị\rKết thúc".encode())
    assert decoded.text == "Tỉnh ủy\nHội nghị\nKết thúc"


def test_utf16_with_bom():
    assert decode("Hội nghị".encode("utf-16")).text == "Hội nghị"


def test_nfd_is_composed():
    text = decode(unicodedata.normalize("NFD", "Bí thư Tỉnh ủy").encode()).text
    assert text == "Bí thư Tỉnh ủy" and unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"  \n", "empty"), (b"\xff\xfe\xfa\x00\x00\xd8", "utf-16"), (b"abc\x00def", "binary"),
])
def test_unreadable_files_say_why(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(data)
