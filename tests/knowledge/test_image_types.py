"""Images are known by their first bytes, not by their names; SVG and everything else is refused."""

import pytest

from moked.knowledge.image_types import image_type


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\r", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBP", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVE", None),
        (b"<svg xmlns=", None),
        (b"<html><script>", None),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_an_image_is_known_by_its_first_bytes(head, expected):
    assert image_type(head) == expected
