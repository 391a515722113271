"""The Whoosh engine's private Whoosh names are all listed (engines/whoosh/private.py), the
installed Whoosh has every one, and start-up refuses another Whoosh version, naming it."""
import re
from pathlib import Path

import whoosh
from django.core import checks

from archive.search.engines.whoosh import private

ENGINE = Path(__file__).resolve().parent.parent.parent / "archive" / "search" / "engines" / "whoosh"
_USE_RE = re.compile(r"\b(\w+)\.(_[a-z]\w*)|getattr\((\w+), \"(_[a-z]\w*)\"")
_OWN_RE = re.compile(r"def (_\w+)|\w\.(_\w+)(?=[\w., ]*=[^=])|^\s*(_\w+)\s*=|class (_\w+)", re.M)


def test_every_private_name_the_engine_uses_is_ours_or_listed():
    sources = {path.name: path.read_text(encoding="utf-8") for path in ENGINE.glob("*.py") if path.name != "private.py"}
    ours = {name for text in sources.values() for m in _OWN_RE.finditer(text) for name in m.groups() if name}
    listed = private.names()
    unlisted = set()
    for filename, text in sources.items():
        for m in _USE_RE.finditer(text):
            owner, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if owner == "os":  # os._exit: the standard library's, public by its documentation
                continue
            if name in listed:
                continue
            # An attribute we set ourselves, unless Whoosh's class sets it too (then it is Whoosh's).
            if name in ours and not any(name == n for _, n, _ in private.USED):
                continue
            unlisted.add((filename, f"{owner}.{name}"))
    assert not unlisted, sorted(unlisted)


def test_the_installed_whoosh_has_every_listed_name():
    assert private.installed_version() == private.WHOOSH_VERSION
    assert private.missing() == []


def test_start_up_refuses_another_whoosh_version_naming_it(monkeypatch):
    from archive.search import checks as search_checks

    assert not [e for e in search_checks.check_search_engine(None) if e.level >= checks.ERROR]
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
    errors = [e for e in search_checks.check_search_engine(None) if e.level >= checks.ERROR]
    assert errors and "2.7.5" in errors[0].msg and "2.7.4" in errors[0].msg
