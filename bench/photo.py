"""A 10 MB phone photo checked and stored: time and extra memory of ``store_image``.

The photo is made here: 4032 × 3024 (12 MP, what phones save by default), noisy enough to
weigh about 10 MB as a JPEG, with EXIF orientation 6 (taken upright) and a GPS position, both of
which the check has to handle. Each policy runs in a fresh process, so that the peak resident
memory (``ru_maxrss``) counts only this upload.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

TARGET_BYTES = 10 * 1024 * 1024
POLICIES = {
    "default (no resize)": {},
    "resize long side to 2000 px": {"resize_long_side": 2000},
}


def make_phone_photo(path: Path) -> int:
    """Write a 12 MP JPEG of about 10 MB with orientation and GPS tags; return its size."""
    from PIL import Image, ImageChops

    size = (4032, 3024)
    gradient = Image.linear_gradient("L").resize(size)
    channels = [ImageChops.add(gradient.rotate(angle, expand=False).resize(size), Image.effect_noise(size, sigma),
                               scale=1.6, offset=-40)
                for angle, sigma in ((0, 30), (90, 24), (180, 34))]
    image = Image.merge("RGB", channels)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    for quality in (92, 94, 95, 96, 97, 98):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, exif=exif)
        if buffer.tell() >= TARGET_BYTES * 0.95:
            break
    path.write_bytes(buffer.getvalue())
    return path.stat().st_size


def _measure_one(photo: Path, policy_args: dict) -> dict[str, object]:
    """Run inside the child process: one store_image call, its wall time and the peak memory it added."""
    from ata_reflex.domain.images import ImagePolicy
    from ata_reflex.models import User
    from ata_reflex.services.db import session_scope
    from ata_reflex.services.files import store_image

    data = photo.read_bytes()
    username = f"photo{os.getpid()}"
    with session_scope() as db:
        user = User(username=username, username_key=username, email=f"{username}@example.com",
                    email_key=f"{username}@example.com", password_hash="!", is_active=True)
        db.add(user)
        db.flush()
        owner_id = user.id
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with session_scope() as db:
        view = store_image(db, owner_id=owner_id, kind="bench", original_name="IMG_0001.JPG", data=data,
                           policy=ImagePolicy(**policy_args))
    elapsed_ms = (time.perf_counter() - started) * 1000
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"ms": round(elapsed_ms, 1), "extra_peak_mb": round((peak_kb - before_kb) / 1024, 1),
            "stored_bytes": view.size_bytes, "stored_size": f"{view.width}x{view.height}"}


def measure(work_dir: Path) -> dict[str, object]:
    """Make the photo, then store it once per policy in a fresh process against a fresh database."""
    work_dir.mkdir(parents=True, exist_ok=True)
    photo = work_dir / "phone-photo.jpg"
    size = make_phone_photo(photo)
    results: dict[str, object] = {"photo_bytes": size, "photo_pixels": "4032x3024"}
    for label, args in POLICIES.items():
        data_dir = work_dir / f"data-{len(results)}"
        data_dir.mkdir()
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{data_dir / 'ata.db'}", ATA_DATA_DIR=str(data_dir))
        subprocess.run([sys.executable, "-c", "from ata_reflex.models import *; import sqlmodel; "
                        "from ata_reflex.services.db import get_engine; sqlmodel.SQLModel.metadata.create_all(get_engine())"],
                       env=env, check=True, cwd=Path(__file__).resolve().parents[1])
        runs = []
        for _ in range(3):
            output = subprocess.run([sys.executable, __file__, str(photo), json.dumps(args)], env=env, check=True,
                                    capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
            runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
        results[label] = {"runs": runs, "best_ms": min(run["ms"] for run in runs),
                          "worst_ms": max(run["ms"] for run in runs),
                          "extra_peak_mb": max(run["extra_peak_mb"] for run in runs)}
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(json.dumps(_measure_one(Path(sys.argv[1]), json.loads(sys.argv[2]))))
