"""The committed installable-app files match what scripts/make_pwa_assets.py renders from the catalogue."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"


def _script():
    spec = importlib.util.spec_from_file_location("make_pwa_assets", ROOT / "scripts" / "make_pwa_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_manifest_matches_catalogue():
    """The committed manifest is the one the script renders."""
    committed = json.loads((ASSETS / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert committed == _script().manifest()


def test_manifest_is_standalone():
    """The app opens without browser chrome."""
    assert _script().manifest()["display"] == "standalone"


def test_offline_page_matches_catalogue():
    """The committed offline page is the one the script renders."""
    assert (ASSETS / "offline.html").read_text(encoding="utf-8") == _script().offline_page()


def test_icons_have_their_sizes():
    """Each icon named in the manifest exists at the size it claims."""
    for icon in _script().manifest()["icons"]:
        with Image.open(ASSETS / icon["src"].lstrip("/")) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_maskable_icon_fills_corners():
    """The maskable icon has no transparent corner, since launchers crop it themselves."""
    with Image.open(ASSETS / "icons" / "icon-maskable-512.png") as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_write_assets_into_folder(tmp_path):
    """The script writes the three icons, the favicon, the manifest and the offline page."""
    written = _script().write_assets(tmp_path)
    assert sorted(path.name for path in written) == sorted(
        ["icon-192.png", "icon-512.png", "icon-maskable-512.png", "favicon.ico", "manifest.webmanifest", "offline.html"])
