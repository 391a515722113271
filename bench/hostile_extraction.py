"""CPU of the pure extractor on crafted files of a given size: every shape an attacker might repeat.

    python -m bench.hostile_extraction [--mb 1]

Each shape is written once as one body line of about --mb megabytes and once as lines of 2,000
characters; the CPU time of archive.ingest.extract.extract on each is printed (the issue's bound:
5 s for a 1 MB file; the ingest's per-file budget, ARCHIVE_EXTRACT_SECONDS, fails anything past 30 s).
Writes nothing.
"""
import argparse
import time

from archive.ingest.extract import extract

SHAPES = {
    "digits and slashes": "1/", "digits and dots": "1.", "digits": "1", "dates": "12/5/2020 ",
    "a name, then spaces": None, "spaces, then a name": None,
    "name, post": "Nguyễn Văn An, Chủ tịch UBND tỉnh, ", "names and semicolons": "Nguyễn Văn An; ",
    "non-breaking spaces": "\u00a0", "words joined by nbsp": "Ông\u00a0Nguyễn\u00a0Văn\u00a0An\u00a0",
    "posts before names": "Bí thư Tỉnh ủy Phó Chủ tịch UBND tỉnh ", "posts and commas": "Ủy viên Ban Chấp hành, ",
    "codes": "15-NQ/TW ", "codes glued": "15-NQ/TW/", "documents": "Nghị quyết số 15-NQ/TW của Ban Chấp hành về ",
    "dashes": "- ", "capitalised places": "Hà Nội ", "commas": ", ", "quotes": "“", "brackets": "(",
    "ông": "ông ", "và": "và ", "tabs": "\t", "dots": ".", "list colons": "Các đồng chí: ", "hyphens": "Phó-",
    "one letter": "a", "capitals": "A", "Số": "Số ", "ngày": "ngày ",
}


def body(name, size):
    unit = SHAPES[name]
    if name == "a name, then spaces":
        return "Ông Nguyễn Văn An" + " " * size + ", Chủ tịch"
    if name == "spaces, then a name":
        return "Chủ tịch UBND tỉnh" + " " * size + "Nguyễn Văn An phát biểu"
    return unit * (size // len(unit))


def cpu(text):
    start = time.process_time()
    extract(text, "crafted.txt")
    return time.process_time() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0)
    size = int(parser.parse_args(argv).mb * 1_000_000)
    cpu("Tiêu đề\n\nÔng Nguyễn Văn An, Chủ tịch UBND tỉnh, phát biểu.\n")  # pyvi loaded once
    worst = 0.0
    for name in SHAPES:
        one_line = cpu(f"Tiêu đề bài báo về hội nghị\nMột đoạn mở đầu ngắn.\n{body(name, size)}\n")
        lines = "\n".join([body(name, 2000)] * max(1, size // 2000))
        many = cpu(f"Tiêu đề bài báo về hội nghị\n{lines}\n")
        worst = max(worst, one_line, many)
        print(f"{name:24} one line {one_line:6.2f} s   lines {many:6.2f} s", flush=True)
    print(f"worst {worst:.2f} s of CPU for {size:,} characters")


if __name__ == "__main__":
    main()
