"""Images: which files are publishable images, and their web version.

The one place that decides it. ``image_problem`` says, in plain Chinese, why a file
cannot be published (it never raises, whatever the file holds); ``web_image`` gives the
re-encoded file that is published instead of the original, and ``web_size`` its size,
read from the header only, for the ``width``/``height`` of the pages. Both go through
``fit_size``, so the size a page announces is the size of the published file.

The format is decided by the content, not the extension: a phone photo with a second
image inside (Pillow's "MPO"), a PNG saved as ``.jpg`` or a photo saved as ``.jfif``
are published; a BMP renamed ``.png`` is not.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from PIL import Image

try:  # colour management: in Pillow's wheels, but an optional part of Pillow
    from PIL import ImageCms
except ImportError:  # pragma: no cover
    ImageCms = None

from .messages import msg

# File names the build treats as images (compared lower-case): re-encoded, never
# published as they are. A photo saved by Windows or a browser may end in .jfif, .jpe,
# .pjpeg or .pjp: they are JPEG files.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".png", ".webp", ".gif"})

# Format found in the content (Pillow's name) → format of the published file. MPO is a
# JPEG with a second image after it (phones' depth maps and previews): the first is
# published. A GIF becomes a PNG (still: only the first frame of an animation).
PUBLISHED_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
IMAGE_FORMATS = set(PUBLISHED_FORMAT)
ALLOWED = "可用 JPEG、PNG、WebP、GIF"

# 40 megapixels: more than any phone photo, far below what exhausts a CI machine.
MAX_IMAGE_PIXELS = 40_000_000

# Photos are re-encoded for the web: bounded size for old phones, metadata (EXIF can hold
# a resident's GPS position) dropped, orientation applied, colours converted to sRGB.
WEB_MAX_SIDE = 1200
WEB_QUALITY = 80
RESIZE_VERSION = "2"  # bump when the output of web_image changes

_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIDEWAYS = {5, 6, 7, 8}  # orientations that swap width and height

# macOS writes "._name" files (AppleDouble / AppleSingle) next to copied files.
_APPLE_DOUBLE = (b"\x00\x05\x16\x07", b"\x00\x05\x16\x00")
# Openings of the supported formats: a file that starts like one but cannot be opened
# is damaged, not something else.
_SUPPORTED_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

_BROKEN = "文件已损坏或不完整"
_UNKNOWN = "无法识别为图片"


class ImageProblem(ValueError):
    """A file that cannot be published as an image; ``key`` and ``values`` are the
    message (see ``messages.py``, with ``value`` the path as the editor wrote it)."""

    def __init__(self, path: Path, key: str, values: dict) -> None:
        super().__init__(path, key, values)
        self.path = path
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return msg(self.key, value=str(self.path), **self.values)


def is_image_name(name: str) -> bool:
    """Whether a file name (or a ``/``-separated path, as MkDocs' ``src_uri``) is one the
    build publishes as an image: an image extension, any case, and not a hidden file
    (``.name``, which MkDocs does not publish, nor macOS' ``._name``)."""
    base = PurePosixPath(name).name
    return not base.startswith(".") and PurePosixPath(base).suffix.lower() in IMAGE_SUFFIXES


def fit_size(width: int, height: int) -> tuple[int, int]:
    """The published size of an upright ``width``×``height`` image: unchanged when its
    longest side fits ``WEB_MAX_SIDE``; otherwise the longest side becomes exactly
    ``WEB_MAX_SIDE`` and the other keeps the aspect ratio, rounded half up, at least 1.

    ``fit_size(h, w)`` is ``fit_size(w, h)`` reversed, so a sideways photo can be
    resized before or after it is turned."""
    long_side, short_side = max(width, height), min(width, height)
    if long_side <= WEB_MAX_SIDE:
        return width, height
    scaled = max(1, (2 * short_side * WEB_MAX_SIDE + long_side) // (2 * long_side))  # exact integers
    return (WEB_MAX_SIDE, scaled) if width >= height else (scaled, WEB_MAX_SIDE)


def image_problem(path: Path, rel: str | None = None) -> tuple[str, dict] | None:
    """Why a file cannot be published as an image (message key and values), or None
    when ``web_image`` will publish it. Never raises, whatever the file holds.

    ``rel`` is the path as the editor wrote it (checked for hidden folders and files,
    which the site does not publish); without it, the file name is checked."""
    try:
        with _open(path) as (image, header):
            name = rel if rel is not None else path.name
            reason = _name_problem(name)
            if reason:
                raise ImageProblem(path, "image_unreadable", {"reason": reason})
            _decode(image, header)
    except ImageProblem as problem:
        return problem.key, problem.values
    return None


def web_size(path: Path) -> tuple[int, int]:
    """The size ``web_image`` gives this image, read from its header only.
    Raises ``ImageProblem`` (as ``web_image`` does) when it cannot be published."""
    with _open(path) as (_, header):
        return fit_size(*header.upright_size)


def web_image(path: Path) -> tuple[bytes, int, int]:
    """The image re-encoded for publishing, with its width and height: first frame only,
    turned upright, longest side at most ``WEB_MAX_SIDE``, in sRGB, with no metadata
    (EXIF, GPS, XMP, ICC profile, comments, PNG text). JPEG and MPO give a JPEG, PNG
    and GIF a PNG, WebP a WebP. Raises ``ImageProblem`` when ``image_problem`` (on the
    content) would report one."""
    with _open(path) as (image, header):
        frame = _render(image, header)
        out = io.BytesIO()
        published = PUBLISHED_FORMAT[header.format]
        if published == "JPEG":
            frame.save(out, format="JPEG", quality=WEB_QUALITY, optimize=True, progressive=True)
        elif published == "WEBP":
            frame.save(out, format="WEBP", quality=WEB_QUALITY, method=4)
        else:
            frame.save(out, format="PNG", optimize=True)
        return out.getvalue(), frame.width, frame.height


def web_src(rel: str) -> str:
    """The URL of an image at ``rel`` (relative, ``/``-separated), percent-encoded so
    that a ``#``, ``?``, ``%``, space or Chinese character in its name still finds it."""
    return quote(rel, safe="/")


# -- inside ------------------------------------------------------------------------------


def _name_problem(rel: str) -> str | None:
    parts = [p for p in PurePosixPath(rel).parts if p not in (".", "..")]
    if any(p.startswith(".") for p in parts):
        return "文件名或文件夹名以「.」开头，网站不会发布这种隐藏文件：请去掉开头的「.」"
    suffix = PurePosixPath(rel).suffix
    if suffix.lower() not in IMAGE_SUFFIXES:
        shown = f"扩展名「{suffix}」不是图片的扩展名" if suffix else "文件名没有扩展名"
        return f"{shown}：请用 .jpg、.png、.webp 或 .gif"
    return None


@dataclass(frozen=True)
class _Header:
    format: str  # Pillow's name, one of PUBLISHED_FORMAT
    size: tuple[int, int]  # as stored in the file
    orientation: int  # EXIF orientation, 1 to 8

    @property
    def upright_size(self) -> tuple[int, int]:
        width, height = self.size
        return (height, width) if self.orientation in _SIDEWAYS else (width, height)

    @property
    def stored_target(self) -> tuple[int, int]:
        """The published size, before the image is turned upright."""
        width, height = fit_size(*self.upright_size)
        return (height, width) if self.orientation in _SIDEWAYS else (width, height)


@contextmanager
def _open(path: Path) -> Iterator[tuple[Image.Image, _Header]]:
    """``with _open(path) as (image, header)``: the file opened by Pillow, its header
    checked (format, pixels, orientation); every failure, then or in the block, is an
    ``ImageProblem``. Pillow's warnings (possible decompression bomb, corrupt EXIF) are
    silenced: the problems are reported here, in Chinese."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fp = path.open("rb")
        except PermissionError:
            raise ImageProblem(path, "image_unreadable", {"reason": "没有读取这个文件的权限"}) from None
        except OSError:
            raise ImageProblem(path, "image_unreadable", {"reason": "读取文件时出错：请重新复制这个文件"}) from None
        with fp:
            try:
                head = fp.read(1024)
                fp.seek(0)
            except OSError:
                raise ImageProblem(path, "image_unreadable", {"reason": "读取文件时出错：请重新复制这个文件"}) from None
            if not head:
                raise ImageProblem(
                    path, "image_unreadable", {"reason": "文件是空的（0 字节）：请重新复制或导出这张图片"}
                )
            if head.startswith(_APPLE_DOUBLE):
                reason = "这是苹果电脑复制文件时生成的附属文件（文件名以 ._ 开头），不是照片：请删除它，引用不带 ._ 的那张照片"
                raise ImageProblem(path, "image_unreadable", {"reason": reason})
            try:
                image = Image.open(fp)
            except Exception as exc:  # see _problem
                raise _problem(path, exc, head) from exc
            with image:
                header = _header(path, image)
                try:
                    yield image, header
                except ImageProblem:
                    raise
                except Exception as exc:  # see _problem
                    raise _problem(path, exc) from exc


def _header(path: Path, image: Image.Image) -> _Header:
    if image.format not in IMAGE_FORMATS:
        raise ImageProblem(path, "image_unreadable", {"reason": f"不支持的格式 {image.format}（{ALLOWED}）"})
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageProblem(path, "image_unreadable", {"reason": _BROKEN})
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageProblem(path, "image_too_large", {"pixels": width * height, "limit": MAX_IMAGE_PIXELS})
    return _Header(image.format, (width, height), _orientation(image))


def _problem(path: Path, exc: Exception, head: bytes | None = None) -> ImageProblem:
    """The problem Pillow's exception means. Pillow's plugins raise many types for bad
    data (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError,
    struct.error, ZeroDivisionError…), so any Exception is read as a bad file."""
    if isinstance(exc, Image.DecompressionBombError):
        found = re.search(r"\((\d+) pixels\)", str(exc))
        return ImageProblem(
            path, "image_too_large", {"pixels": found.group(1) if found else "过多", "limit": MAX_IMAGE_PIXELS}
        )
    if isinstance(exc, MemoryError):
        return ImageProblem(path, "image_unreadable", {"reason": "图片太大，处理时内存不足"})
    if head is not None and isinstance(exc, Image.UnidentifiedImageError):
        return ImageProblem(path, "image_unreadable", {"reason": _unidentified(head)})
    return ImageProblem(path, "image_unreadable", {"reason": _BROKEN})


def _unidentified(head: bytes) -> str:
    """Why Pillow recognised no image in a file that starts with ``head``."""
    if head.startswith(_SUPPORTED_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return _BROKEN
    other = None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in text:
        other = "SVG"
    elif head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        other = "HEIC"
    elif head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        other = "AVIF"
    elif head.startswith(b"%PDF"):
        other = "PDF"
    return f"不支持的格式 {other}（{ALLOWED}）" if other else _UNKNOWN


def _orientation(image: Image.Image) -> int:
    """EXIF orientation (1 to 8) from the header; 1 when absent or unreadable.
    A PNG's is read only when its eXIf chunk comes before the pixels (as the PNG
    specification asks): Pillow would otherwise decode the whole image to find it."""
    if image.format == "GIF" or (image.format == "PNG" and "exif" not in image.info):
        return 1
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # a damaged EXIF block (Pillow's TIFF reader raises many types) does not matter
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _decode(image: Image.Image, header: _Header) -> tuple[Image.Image, tuple[float, float, float, float] | None]:
    """The first frame, decoded completely (a damaged file fails here), in L, LA, RGB,
    RGBA or CMYK; with the box of the original image in it when JPEG decoded it at a
    reduced scale. What ``image_problem`` checks: the rest cannot fail for a file's sake."""
    target = header.stored_target
    box = None
    if target != image.size:
        # JPEG decodes at 1/2, 1/4 or 1/8 scale, keeping at least twice the target size
        # (as Image.thumbnail does); box is the original image in the reduced one.
        drafted = image.draft(None, (target[0] * 2, target[1] * 2))
        box = drafted[1] if drafted else None
    image.load()
    return _plain_mode(image), box


def _render(image: Image.Image, header: _Header) -> Image.Image:
    """The published image: decoded, resized to exactly ``fit_size`` (so ``web_size`` is
    its size by construction), turned upright, in sRGB, in a mode its published format
    takes, without metadata."""
    frame, box = _decode(image, header)
    target = header.stored_target
    if frame.size != target or box is not None:
        frame = frame.resize(target, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    if header.orientation in _TRANSPOSE:
        frame = frame.transpose(_TRANSPOSE[header.orientation])
    frame = _srgb(frame, image.info.get("icc_profile"))
    frame = _published_mode(frame, PUBLISHED_FORMAT[header.format])
    frame.info = {}  # comments, ICC profile, transparency, EXIF, XMP: none is published
    return frame


def _plain_mode(image: Image.Image) -> Image.Image:
    """The image in L, LA, RGB, RGBA or CMYK, which resize with LANCZOS (Pillow
    resizes "P" and "1" with NEAREST) and hold 8 bits per channel."""
    mode = image.mode
    if "transparency" in image.info and mode in ("1", "L", "P", "RGB"):
        return image.convert("RGBA")  # palette or colour key with a transparent colour
    if mode == "P":
        return image.convert("RGB")
    if mode in ("PA", "La", "RGBa"):
        return image.convert("RGBA")
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I"):  # 16-bit greyscale PNG: Pillow would clip, not scale, to 8 bits
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")) if ImageCms else None


def _srgb(frame: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours converted to sRGB with the image's own ICC profile (phones shoot in
    Display P3; print files are CMYK), since the profile itself is not published.
    Without a profile, or with one that cannot be used, CMYK is converted plainly."""
    if icc and ImageCms and frame.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            colour = frame.convert("RGB") if frame.mode == "RGBA" else frame
            converted = ImageCms.profileToProfile(colour, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a damaged or unusual profile: the colours as they are
        if converted is not None:
            if frame.mode == "RGBA":
                converted.putalpha(frame.getchannel("A"))
            return converted
    return frame.convert("RGB") if frame.mode == "CMYK" else frame


def _published_mode(frame: Image.Image, published: str) -> Image.Image:
    if published == "JPEG":
        return frame if frame.mode in ("L", "RGB") else frame.convert("RGB")
    if published == "WEBP":
        return frame if frame.mode in ("RGB", "RGBA") else frame.convert("RGBA" if "A" in frame.getbands() else "RGB")
    return frame  # PNG takes L, LA, RGB and RGBA
