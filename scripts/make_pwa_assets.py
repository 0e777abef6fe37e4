"""Write the installable-app files under assets/: icons, favicon, the web app manifest and the offline page.

The manifest and the offline page carry Chinese text, which lives in the catalogue; this script
renders them from it so that the catalogue stays the one place for user-facing words. Run it
after changing those texts or the theme colour, and commit what it writes:

    python scripts/make_pwa_assets.py
"""

from __future__ import annotations

import html
import json
import logging
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ata_reflex.catalogue import text  # noqa: E402

logger = logging.getLogger(__name__)

ASSETS = ROOT / "assets"
THEME_COLOUR = "#0b5cad"
BACKGROUND_COLOUR = "#ffffff"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


def _font(size: int) -> ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    """Draw the app icon: "ATA" in white on the theme colour.

    A maskable icon fills the whole square and keeps its mark inside the central 80 % safe zone,
    because launchers crop it to a circle or a rounded square; the plain one has rounded corners.
    """
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size, size), fill=THEME_COLOUR)
        text_width_share = 0.5
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=THEME_COLOUR)
        text_width_share = 0.7
    font = _font(size // 3)
    left, top, right, bottom = draw.textbbox((0, 0), "ATA", font=font)
    scale = text_width_share * size / (right - left)
    font = _font(int(size // 3 * scale))
    left, top, right, bottom = draw.textbbox((0, 0), "ATA", font=font)
    draw.text(((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top), "ATA", font=font,
              fill="#ffffff")
    return image


def manifest() -> dict[str, object]:
    """Return the web app manifest: Chinese names, standalone display and the three icons."""
    return {
        "name": text("app.full_name"),
        "short_name": text("app.name"),
        "description": text("pwa.description"),
        "lang": "zh-CN",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }


def offline_page() -> str:
    """Return the page the service worker shows when a page cannot be loaded from the network."""
    title = html.escape(text("pwa.offline_title"))
    body = html.escape(text("pwa.offline_body"))
    retry = html.escape(text("pwa.offline_retry"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="{THEME_COLOUR}">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; padding: 2em 1.5em; color: #1c2024; max-width: 480px;
  margin-inline: auto; }}
h1 {{ font-size: 1.4em; }}
button {{ font-size: 1em; padding: 0.8em 1.2em; width: 100%; border: 0; border-radius: 8px; color: #fff;
  background: {THEME_COLOUR}; }}
</style>
</head>
<body>
<h1 id="offline-title">{title}</h1>
<p>{body}</p>
<button id="offline-retry" type="button" onclick="location.reload()">{retry}</button>
</body>
</html>
"""


def write_assets(target: Path = ASSETS) -> list[Path]:
    """Write every generated file under ``target`` and return their paths."""
    icons = target / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    written = []
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False),
                                 ("icon-maskable-512.png", 512, True)):
        path = icons / name
        draw_icon(size, maskable=maskable).save(path, optimize=True)
        written.append(path)
    path = target / "favicon.ico"
    draw_icon(64, maskable=False).save(path, sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    written.append(path)
    path = target / "manifest.webmanifest"
    path.write_text(json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    path = target / "offline.html"
    path.write_text(offline_page(), encoding="utf-8")
    written.append(path)
    return written


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for written_path in write_assets():
        logger.info("wrote %s", written_path.relative_to(ROOT))
