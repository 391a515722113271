"""Zip files of article texts, saved pages and crawl exports → their members as Items.

Nothing is written to disk: members are read into memory within caps that a zip bomb cannot
pass (members, total and per-member uncompressed size counted as read, not as the zip claims,
and the compression ratio), so a crafted archive costs at most those caps. A member's identity
is the zip's key and its path inside ("crawl.zip/2024/bai-1.html"); a member whose name climbs
out (``..``, an absolute path, a drive) or is encrypted, or a zip inside a zip, is refused by
name, and the others go on. Pure: no Django.
"""
import posixpath
import zipfile

from archive.ingest.read import UnreadableFile
from archive.ingest.sources import HTML_SUFFIXES, TABLE_SUFFIXES, TEXT_SUFFIX, ZIP_SUFFIX, Item, kind_of, tabular
from archive.ingest.sources.html import MAX_PAGE_BYTES

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # uncompressed, all members read
MAX_RATIO = 200  # uncompressed / compressed; text compresses 3-10 times, a bomb thousands of times
_READ = 1024 * 1024


def _safe_name(name):
    """The member's path inside the zip, or None when it would climb out of it."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return posixpath.join(*parts) if parts else None


def _read(zf, info, limit):
    """The member's bytes, at most limit of them (counted as they come); UnreadableFile past it."""
    out, size = [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(_READ):
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(f"expands past {limit // 1048576} MB; not an article")
            if info.compress_size and size > MAX_RATIO * info.compress_size + _READ:
                raise UnreadableFile(f"expands more than {MAX_RATIO} times its compressed size (a zip bomb?)")
            out.append(chunk)
    return b"".join(out)


def expand(path, key, columns=None):
    """(items, problems) of one zip: problems are (label, reason) pairs."""
    items, problems, total = [], [], 0
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [], [(path, f"not a zip file we can read: {exc}")]
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            return [], [(path, f"{len(infos):,} members; a zip of at most {MAX_MEMBERS:,} is read")]
        for info in infos:
            label = f"{path}: {info.filename}"
            inner = _safe_name(info.filename)
            low = (inner or "").lower()
            if inner is None:
                problems.append((label, "a member whose path leaves the zip (.. or an absolute path): not read"))
                continue
            if not low.endswith((TEXT_SUFFIX, *HTML_SUFFIXES, *TABLE_SUFFIXES, ZIP_SUFFIX)):
                continue  # images, styles, scripts of saved pages
            if low.endswith(ZIP_SUFFIX):
                problems.append((label, "a zip inside a zip is not read; unzip it first"))
                continue
            if info.flag_bits & 0x1:
                problems.append((label, "an encrypted member: not read"))
                continue
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + _READ:
                problems.append((label, f"expands more than {MAX_RATIO} times its compressed size "
                                        f"({info.file_size:,} bytes from {info.compress_size:,}): a zip bomb?"))
                continue
            limit = tabular.MAX_TABLE_BYTES if low.endswith(TABLE_SUFFIXES) else MAX_PAGE_BYTES
            limit = min(limit, MAX_TOTAL_BYTES - total)
            try:
                data = _read(zf, info, limit)
            except UnreadableFile as exc:
                problems.append((label, str(exc)))
                if total + limit >= MAX_TOTAL_BYTES:
                    problems.append((path, f"stopped: its members expand past {MAX_TOTAL_BYTES // 1048576} MB"))
                    break
                continue
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                problems.append((label, f"cannot read the member: {exc}"))
                continue
            total += len(data)
            member_key = f"{key}/{inner}"[:255]
            if low.endswith(TABLE_SUFFIXES):
                try:
                    rows, row_problems = tabular.expand(path, member_key, data, columns, label=label)
                except UnreadableFile as exc:
                    problems.append((label, str(exc)))
                    continue
                items += rows
                problems += row_problems
            else:
                items.append(Item(path, member_key, kind_of(inner), data, movable=False, label=label))
    return items, problems
