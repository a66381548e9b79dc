"""Images: checking that an editor's image can be published."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from PIL import Image

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# 40 megapixels: more than any phone photo, far below what exhausts a CI machine.
MAX_IMAGE_PIXELS = 40_000_000


def image_problem(path: Path) -> tuple[str, dict] | None:
    """Why an image cannot be published (message key and values), or None when it
    opens and decodes completely."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return "image_unreadable", {"reason": f"不支持的格式 {image.format}（可用 JPEG、PNG、WebP、GIF）"}
                pixels = image.width * image.height
                if pixels > MAX_IMAGE_PIXELS:
                    return "image_too_large", {"pixels": pixels, "limit": MAX_IMAGE_PIXELS}
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        return "image_too_large", {"pixels": found.group(1) if found else "过多", "limit": MAX_IMAGE_PIXELS}
    except (OSError, SyntaxError, ValueError) as exc:
        text = str(exc)
        reason = "文件已损坏或不完整" if "truncated" in text or "broken" in text else "无法识别为图片"
        return "image_unreadable", {"reason": reason}
    return None


# Photos are re-encoded for the web: bounded size for old phones, EXIF (which can hold
# a resident's GPS position) dropped, orientation applied.
WEB_MAX_SIDE = 1200
WEB_QUALITY = 80
RESIZE_VERSION = "1"  # bump when the output of web_image changes


def web_image(path: Path) -> tuple[bytes, int, int]:
    """The image re-encoded for publishing, with its width and height."""
    import io

    from PIL import ImageOps

    with Image.open(path) as image:
        fmt = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail((WEB_MAX_SIDE, WEB_MAX_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if fmt == "PNG" or fmt == "GIF":
            image.save(out, format="PNG", optimize=True)
        elif fmt == "WEBP":
            image.save(out, format="WEBP", quality=WEB_QUALITY, method=4)
        else:
            image.convert("RGB").save(out, format="JPEG", quality=WEB_QUALITY, optimize=True, progressive=True)
        return out.getvalue(), image.width, image.height


def web_size(path: Path) -> tuple[int, int]:
    """The size ``web_image`` gives this image, read from its header only."""
    with Image.open(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    scale = min(1.0, WEB_MAX_SIDE / max(width, height))
    if scale == 1.0:
        return width, height
    # Pillow's thumbnail keeps the aspect ratio, rounding the short side.
    if width >= height:
        return WEB_MAX_SIDE, max(1, round(height * scale))
    return max(1, round(width * scale)), WEB_MAX_SIDE
