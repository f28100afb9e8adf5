"""A PNG of a report page, taken by headless Chromium (Debian's `chromium`), for the README.

    python scripts/screenshot_report.py out/report/index.html docs/report.png [--width 1280] [--height 2000]
    python scripts/screenshot_report.py 'out/report/articles/ff/ff709a4e24d0ba61.html#f-ID' docs/report-article.png

`make run` builds out/report for the seeds. A page is given as a path (a #fragment may follow); the
browser runs with a fresh profile and no network, and the picture is checked not to be blank.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def screenshot(page: str, png: Path, width: int = 1280, height: int = 2000) -> None:
    path, _, fragment = page.partition("#")
    if not Path(path).is_file():
        sys.exit(f"screenshot_report: {path}: no such page (run `make run` first)")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("screenshot_report: chromium not found (apt-get install chromium)")
    url = Path(path).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                               "--virtual-time-budget=5000", f"--screenshot={png.resolve()}", url],
                              capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not png.is_file():
        sys.exit(f"screenshot_report: chromium failed: {done.stderr.strip()[-500:]}")
    _check_not_blank(png)


def _check_not_blank(png: Path) -> None:
    try:
        from PIL import Image, ImageStat
    except ImportError:  # Pillow comes with the test extras; without it the check is skipped
        return
    with Image.open(png) as image:
        if ImageStat.Stat(image.convert("L")).stddev[0] < 10:
            sys.exit(f"screenshot_report: {png}: the page looks blank")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a report page (path, optionally with #fragment)")
    parser.add_argument("png", type=Path, help="PNG to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    screenshot(args.page, args.png, args.width, args.height)
    print(f"{args.png}: {args.width}x{args.height}")


if __name__ == "__main__":
    main()
