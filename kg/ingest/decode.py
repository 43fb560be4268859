"""Bytes → text: detect the encoding of a Chinese document rather than guess it.

Government pages come as UTF-8 (with or without BOM), GB2312/GBK/GB18030 and, from Taiwan or
Hong Kong sources, Big5. Strict UTF-8 is tried first (it almost never decodes other encodings
by accident); otherwise charset-normalizer chooses among the Chinese legacy encodings.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import InputError

_LEGACY_CANDIDATES = ["gb18030", "big5", "utf_16"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Bytes below 32 other than \t \n \v \f \r: counted with bytes.translate, not a Python loop.
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "gb_2312": "gb18030", "euc-cn": "gb18030", "big5-hkscs": "big5hkscs",
            "utf8": "utf-8", "utf-8": "utf-8"}


def looks_binary(data: bytes) -> bool:
    """True for bytes that are plainly not text: NULs (outside UTF-16) or many control bytes."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 50)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return _ALIASES.get(name, name)


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` when the bytes are not text."""
    if not data.strip():
        raise InputError("empty document")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"UTF-8 BOM but invalid UTF-8 at byte {exc.start}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("UTF-16 BOM but invalid UTF-16") from None
        if _cjk_ratio(text) < 0.05 or _control_ratio(text) > 0.01:
            raise InputError("decoded as UTF-16 but holds no Chinese text; wrong encoding?")
        return text, "utf-16"
    if looks_binary(data):
        raise InputError("binary file, not a text or HTML document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        declared = _declared_charset(data)
        if declared and declared != "utf-8":
            try:
                return data.decode(declared), declared
            except (UnicodeDecodeError, LookupError):
                pass
    best = from_bytes(data, cp_isolation=_LEGACY_CANDIDATES).best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the text encoding (not UTF-8, GB18030 or Big5)")
    encoding = _ALIASES.get(best.encoding.lower(), best.encoding.lower())
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"undecodable bytes (best guess {encoding} fails)") from None
    if _cjk_ratio(text) < 0.05:
        raise InputError(f"decoded as {encoding} but holds no Chinese text; wrong encoding?")
    return text, encoding


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v") / len(sample)


def _cjk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") / len(sample)
