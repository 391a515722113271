"""CPU of the pure extractor per article, on a seeded sample of a folder of real articles.

    python -m bench.extraction_speed DIR [--n 2000] [--seed 2013]

Loads pyvi first (its models load once per process, not per article), then runs
archive.ingest.extract.extract on each sampled file and prints the median, p90, p99 and maximum of
time.process_time per article. Reads files and prints; it writes nothing.
"""
import argparse
import random
import statistics
import time
from pathlib import Path

from archive.ingest.extract import extract
from archive.ingest.read import decode


def run(folder, n=2000, seed=2013):
    files = sorted(Path(folder).glob("*.txt"))
    files = random.Random(seed).sample(files, min(n, len(files)))
    texts = [(p.name, decode(p.read_bytes()).text) for p in files]
    extract("Tiêu đề\n\nÔng Nguyễn Văn An, Chủ tịch UBND tỉnh, phát biểu.\n", "warm-up.txt")
    costs = []
    for name, text in texts:
        start = time.process_time()
        extract(text, name)
        costs.append((time.process_time() - start) * 1000)
    costs.sort()

    def pct(q):
        return costs[min(len(costs) - 1, int(q * len(costs)))]

    return {"articles": len(costs), "median": statistics.median(costs), "p90": pct(0.90), "p99": pct(0.99),
            "max": costs[-1]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args(argv)
    figures = run(args.folder, args.n, args.seed)
    print(f"{figures['articles']} articles: median {figures['median']:.2f} ms, p90 {figures['p90']:.2f}, "
          f"p99 {figures['p99']:.2f}, max {figures['max']:.1f} ms of CPU each")


if __name__ == "__main__":
    main()
