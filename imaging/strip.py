"""Lossless metadata stripping: the pixels are copied byte for byte, the rest is dropped.

Each stripper walks the container (JPEG segments, PNG chunks, WebP RIFF chunks, GIF
blocks) as a stream, a megabyte at a time, writes what a viewer needs to `dst`, and hands
everything it drops (metadata, anything after the end of the image) to `dropped`, which
may raise to stop. Raises ImageRejected when the structure is broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from imaging import ImageRejected

CHUNK = 1024 * 1024
Sink = Callable[[bytes], None]


def _ignore(data: bytes) -> None:
    return None


class Reader:
    """Buffered sequential reads with exact lengths; short data means a damaged file."""

    def __init__(self, stream: BinaryIO, kind: str) -> None:
        stream.seek(0)
        self.stream = stream
        self.kind = kind
        self.buf = b""
        self.pos = 0

    def damaged(self) -> ImageRejected:
        return ImageRejected(f"the {self.kind} file is damaged or incomplete")

    def fill(self, n: int) -> bool:
        """Make at least n bytes available; False at the end of the stream."""
        if len(self.buf) - self.pos >= n:
            return True
        rest = self.buf[self.pos :]
        self.buf = rest + self.stream.read(max(CHUNK, n - len(rest)))
        self.pos = 0
        return len(self.buf) >= n

    def read(self, n: int) -> bytes:
        if not self.fill(n):
            raise self.damaged()
        data = self.buf[self.pos : self.pos + n]
        self.pos += n
        return data

    def pipe(self, n: int, sink: Sink) -> None:
        """Pass the next n bytes to `sink`, a piece at a time."""
        while n > 0:
            if not self.fill(1):
                raise self.damaged()
            take = min(n, len(self.buf) - self.pos)
            sink(self.buf[self.pos : self.pos + take])
            self.pos += take
            n -= take

    def drain(self, sink: Sink) -> None:
        """Pass whatever is left to `sink`."""
        if self.pos < len(self.buf):
            sink(self.buf[self.pos :])
        self.buf, self.pos = b"", 0
        while chunk := self.stream.read(CHUNK):
            sink(chunk)


# --- JPEG -------------------------------------------------------------------------------

JPEG_KEEP_APP = {
    0xE0: b"JFIF\x00",  # density
    0xE2: b"ICC_PROFILE\x00",  # colour profile
    0xEE: b"Adobe",  # colour transform of CMYK/YCCK files
}


def _jpeg_keep(marker: int, payload: bytes) -> bool:
    if marker == 0xFE or 0xE0 <= marker <= 0xEF:
        prefix = JPEG_KEEP_APP.get(marker)
        return prefix is not None and payload.startswith(prefix)
    return True


def _jpeg_copy_entropy(reader: Reader, dst: BinaryIO) -> None:
    """Copy compressed pixel data up to (not including) the next real marker."""
    while True:
        if not reader.fill(2):
            raise reader.damaged()
        buf, start = reader.buf, reader.pos
        i = buf.find(b"\xff", start)
        while 0 <= i < len(buf) - 1:
            following = buf[i + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
                i = buf.find(b"\xff", i + 2)
            elif following == 0xFF:  # fill byte before a marker
                i += 1
            else:
                dst.write(buf[start:i])
                reader.pos = i
                return
        end = len(buf) if i < 0 else i  # keep a lone trailing 0xFF for the next read
        dst.write(buf[start:end])
        reader.pos = end


def jpeg_strip(
    stream: BinaryIO, dst: BinaryIO, *, exif: bytes | None = None, dropped: Sink = _ignore
) -> None:
    """Copy a JPEG without its APPn/COM metadata; `exif` (an APP1 payload) is put first."""
    reader = Reader(stream, "JPEG")
    if reader.read(2) != b"\xff\xd8":
        raise reader.damaged()
    dst.write(b"\xff\xd8")
    if exif:
        dst.write(b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif)
    while True:
        if reader.read(1) != b"\xff":
            raise reader.damaged()
        marker = reader.read(1)[0]
        while marker == 0xFF:  # fill bytes
            marker = reader.read(1)[0]
        if marker == 0xD9:
            dst.write(b"\xff\xd9")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            dst.write(bytes([0xFF, marker]))
            continue
        length = int.from_bytes(reader.read(2), "big")
        if length < 2:
            raise reader.damaged()
        payload = reader.read(length - 2)
        if _jpeg_keep(marker, payload):
            dst.write(bytes([0xFF, marker]) + length.to_bytes(2, "big") + payload)
        else:
            dropped(payload)
        if marker == 0xDA:  # start of scan: the compressed pixels follow
            _jpeg_copy_entropy(reader, dst)
    reader.drain(dropped)


# --- PNG ----------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
    b"sBIT", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT", b"cICP",
}  # fmt: skip


def png_strip(stream: BinaryIO, dst: BinaryIO, *, dropped: Sink = _ignore) -> None:
    """Copy a PNG (or APNG) keeping only the chunks that affect how it looks."""
    reader = Reader(stream, "PNG")
    if reader.read(8) != PNG_SIGNATURE:
        raise reader.damaged()
    dst.write(PNG_SIGNATURE)
    while True:
        header = reader.read(8)
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        if kind in PNG_KEEP:
            dst.write(header)
            reader.pipe(length + 4, dst.write)  # data and CRC
        else:
            reader.pipe(length, dropped)
            reader.read(4)
        if kind == b"IEND":
            break
    reader.drain(dropped)


# --- WebP ---------------------------------------------------------------------------------

WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
VP8X_EXIF_FLAG, VP8X_XMP_FLAG = 0x08, 0x04


def webp_strip(stream: BinaryIO, dst: BinaryIO, *, dropped: Sink = _ignore) -> None:
    """Copy a WebP without its EXIF and XMP chunks (and clear their flags)."""
    reader = Reader(stream, "WebP")
    header = reader.read(12)
    if header[:4] != b"RIFF" or header[8:] != b"WEBP":
        raise reader.damaged()
    remaining = int.from_bytes(header[4:8], "little") - 4
    start = dst.tell()
    dst.write(b"RIFF\x00\x00\x00\x00WEBP")
    kept = 0
    while remaining >= 8:
        chunk_header = reader.read(8)
        kind, length = chunk_header[:4], int.from_bytes(chunk_header[4:], "little")
        padded = length + (length & 1)
        remaining -= 8 + padded
        if kind == b"VP8X" and length >= 10:
            body = bytearray(reader.read(padded))
            body[0] &= ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG) & 0xFF
            dst.write(chunk_header + bytes(body))
            kept += 8 + padded
        elif kind in WEBP_KEEP:
            dst.write(chunk_header)
            reader.pipe(padded, dst.write)
            kept += 8 + padded
        else:
            reader.pipe(padded, dropped)
    if not kept:
        raise reader.damaged()
    end = dst.tell()
    dst.seek(start + 4)
    dst.write((kept + 4).to_bytes(4, "little"))
    dst.seek(end)
    reader.drain(dropped)


# --- GIF ------------------------------------------------------------------------------------

GIF_KEEP_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # looping


def _gif_sub_blocks(reader: Reader, sink: Sink) -> None:
    while True:
        size = reader.read(1)
        sink(size)
        if size == b"\x00":
            return
        sink(reader.read(size[0]))


def gif_strip(stream: BinaryIO, dst: BinaryIO, *, dropped: Sink = _ignore) -> None:
    """Copy a GIF (animated or not) without comments and application metadata."""
    reader = Reader(stream, "GIF")
    header = reader.read(13)
    if header[:6] not in (b"GIF87a", b"GIF89a"):
        raise reader.damaged()
    flags = header[10]
    dst.write(header + (reader.read(3 * 2 ** ((flags & 7) + 1)) if flags & 0x80 else b""))
    while True:
        introducer = reader.read(1)
        if introducer == b"\x3b":
            dst.write(introducer)
            break
        if introducer == b"\x21":
            label = reader.read(1)
            if label == b"\xf9":
                dst.write(introducer + label)
                _gif_sub_blocks(reader, dst.write)
                continue
            first = reader.read(1)
            block = reader.read(first[0]) if first[0] else b""
            if label == b"\xff" and block[:11] in GIF_KEEP_APPLICATIONS:
                dst.write(introducer + label + first + block)
                _gif_sub_blocks(reader, dst.write)
            else:
                dropped(block)
                if first[0]:
                    _gif_sub_blocks(reader, dropped)
        elif introducer == b"\x2c":
            descriptor = reader.read(9)
            local = descriptor[8]
            table = reader.read(3 * 2 ** ((local & 7) + 1)) if local & 0x80 else b""
            dst.write(introducer + descriptor + table + reader.read(1))  # + LZW code size
            _gif_sub_blocks(reader, dst.write)
        else:
            raise reader.damaged()
    reader.drain(dropped)


STRIPPERS = {"png": png_strip, "webp": webp_strip, "gif": gif_strip}
