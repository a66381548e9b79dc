"""Images: checking that an editor's image can be published."""

from __future__ import annotations

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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "image_too_large", {"pixels": "过多", "limit": MAX_IMAGE_PIXELS}
    except (OSError, SyntaxError, ValueError) as exc:
        text = str(exc)
        reason = "文件已损坏或不完整" if "truncated" in text or "broken" in text else "无法识别为图片"
        return "image_unreadable", {"reason": reason}
    return None
