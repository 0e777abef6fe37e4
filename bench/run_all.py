"""Run every benchmark against a fresh production build and write bench/results/latest.json.

    make bench            # or: python bench/run_all.py [--seconds 30]

Targets (2-core machine): event round trip p95 <= 50 ms and p99 <= 100 ms with 100 clients;
Lighthouse mobile performance >= 90, accessibility >= 95, best practices >= 95 on login, home
and the outbound wizard; one goods-cell edit on 500 rows <= 5 KB; a 10 MB photo stored in
<= 300 ms with <= 150 MB extra memory; login at bcrypt cost 12 p95 <= 600 ms with 20 at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, seed_users, start_bench_server, stop_app

import event_roundtrip
import lighthouse_pages
import login
import photo

logger = logging.getLogger("bench")
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    """Describe the machine the numbers come from."""
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal")))
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "chromium": chromium,
            "load_average_at_start": [round(value, 2) for value in os.getloadavg()]}


def goods_list(work_dir: Path) -> dict[str, object]:
    """Run the 500-row browser test, which writes its measurements to a file."""
    out = work_dir / "goods.json"
    env = dict(os.environ, ATA_BENCH_OUT=str(out))
    for name in ("DATABASE_URL", "ATA_DATA_DIR", "ATA_BCRYPT_ROUNDS"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/e2e/test_big_goods_list.py"], cwd=ROOT, env=env,
                   check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    """Run the benchmarks in turn and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="measured time of the round-trip run")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    work_dir = Path(tempfile.mkdtemp(prefix="ata-bench-"))
    results: dict[str, object] = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}

    logger.info("photo: storing a 10 MB phone photo")
    results["photo"] = photo.measure(work_dir / "photo")
    logger.info("goods list: 500 rows in Chromium")
    results["goods_list"] = goods_list(work_dir)

    process, server = start_bench_server(work_dir / "server", bcrypt_rounds=12)
    try:
        logger.info("server up at %s; seeding accounts", server.url)
        clients = seed_users(100, prefix="load")
        signers = seed_users(20, prefix="login", rounds=12)
        visitor = seed_users(1, prefix="lh")[0]
        logger.info("event round trips: 100 clients for %.0f s", args.seconds)
        results["event_roundtrip"] = asyncio.run(event_roundtrip.measure(server.url, clients, args.seconds))
        logger.info("logins: 20 at once at bcrypt cost 12")
        results["login"] = asyncio.run(login.measure(server.url, signers))
        logger.info("lighthouse: login, home, outbound wizard")
        results["lighthouse"] = lighthouse_pages.measure(server.url, visitor, work_dir / "lighthouse")
    finally:
        stop_app(process)
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]

    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / "latest.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    logger.info("results written to %s", out.relative_to(ROOT))
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
