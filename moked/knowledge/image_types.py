"""Which image a file is, read from its first bytes rather than from its name. Pure: no Django.

Only images a browser shows and never runs: PNG, JPEG, GIF and WebP (not SVG, which can hold a
script)."""

# How many first bytes `image_type` needs.
HEAD_LENGTH = 12


def image_type(head: bytes) -> str | None:
    """The media type of the image whose file starts with `head`, or None when it is none of
    those accepted."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
