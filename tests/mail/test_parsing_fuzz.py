"""The parse contract under fuzzing: any bytes give a ParsedMessage or an UnparseableMessage with a
reason, never another exception, and never the internal-error safety net (which would mean a bug).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moked.mail.parsing import ParsedMessage, UnparseableMessage, parse
from tests.examples import examples
from tests.shared_data import MAIL_CORPUS, require

CORPUS = MAIL_CORPUS
FUZZ = settings(
    max_examples=examples(300), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

SEEDS = [
    b"From: Dana <dana@acme.example>\r\nSubject: =?utf-8?B?16nXnNeV150=?=\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain; charset=windows-1255\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n=F9=EC=E5=ED\r\n--b\r\n"
    b"Content-Type: application/pdf; name*=utf-8''%D7%93.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    b"JVBERi0xLjQ=\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nhi\r\n--b--\r\n",
    b"From: MAILER-DAEMON@mx.example\r\nContent-Type: multipart/report; report-type=delivery-status;"
    b' boundary="r"\r\n\r\n--r\r\n\r\nfailed\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\n'
    b"Final-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n",
    b"From: a@b.example\nContent-Type: text/plain\n\nbegin 644 x.bin\n#86)C\n`\nend\n",
]


def corpus_seeds() -> list[bytes]:
    if not CORPUS.is_dir():
        return []
    return [
        path.read_bytes()
        for path in sorted(CORPUS.rglob("*"))
        if path.is_file() and path.stat().st_size < 16_000
    ]


ALL_SEEDS = SEEDS + corpus_seeds()


def test_the_mutations_start_from_the_corpus():
    """Without the corpus the fuzzers below mutate only three seeds: say so (fail under CI)."""
    require(CORPUS)
    assert len(ALL_SEEDS) - len(SEEDS) > 100


def check_contract(raw: bytes) -> None:
    try:
        message = parse(raw)
    except UnparseableMessage as exc:
        assert exc.reason
        assert not exc.reason.startswith("internal error"), exc.reason
        return
    assert isinstance(message, ParsedMessage)
    assert isinstance(message.text, str) and isinstance(message.reply_text, str)
    assert message.date is None or message.date.tzinfo is not None
    for address in [message.sender, *message.to, *message.cc, *message.reply_to]:
        if address is not None:
            assert "@" in address.address and address.address == address.address.lower()
    for attachment in message.attachments:
        assert attachment.filename and "/" not in attachment.filename and "\\" not in attachment.filename
        assert attachment.content_type == attachment.content_type.lower()
        assert isinstance(attachment.data, bytes)
    assert all(isinstance(defect, str) for defect in message.defects)


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(raw):
    check_contract(raw)


@st.composite
def mutated(draw) -> bytes:
    """A seed message with a few byte-level edits: flips, insertions of MIME-ish fragments,
    deletions, truncation and duplication."""
    data = bytearray(draw(st.sampled_from(ALL_SEEDS)))
    fragments = [
        b"\r\n",
        b"\n\n",
        b"--",
        b"=?",
        b"?=",
        b"=?utf-8?B?",
        b";",
        b'"',
        b"\\",
        b"\x00",
        b"\xff",
        b"begin 644 ",
    ]
    fragments += [
        b"Content-Type: multipart/mixed; boundary=",
        b"Content-Transfer-Encoding: base64\r\n",
        b"charset=x",
    ]
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        if operation == "flip" and position < len(data):
            data[position] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            data[position:position] = draw(st.sampled_from(fragments) | st.binary(max_size=12))
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 64))]
        elif operation == "truncate":
            del data[position:]
        elif operation == "duplicate":
            data[position:position] = data[position : position + draw(st.integers(1, 200))]
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_messages(raw):
    check_contract(raw)


HEADER_TOKENS = [*"aé ש€<>@\"(),;:\\=?_.-'\t", "=?utf-8?Q?", "?=", "=?x?B?", "\udce9"]
HEADER_TEXT = (
    st.lists(st.sampled_from(HEADER_TOKENS), max_size=40)
    .map("".join)
    .map(lambda text: text.encode("utf-8", "surrogateescape"))
)


@st.composite
def mime_part(draw, depth: int = 0) -> bytes:
    """A structurally plausible MIME part with hostile parameters and bodies."""
    if depth < 3 and draw(st.booleans()):
        boundary = draw(st.sampled_from(["b1", "--b--", "x y", ""])) + str(depth)
        kind = draw(st.sampled_from(["mixed", "alternative", "related", "report", "signed"]))
        children = draw(st.lists(mime_part(depth + 1), max_size=3))
        body = b"".join(b"--" + boundary.encode() + b"\r\n" + child + b"\r\n" for child in children)
        if draw(st.booleans()):
            body += b"--" + boundary.encode() + b"--\r\n"
        header = f'Content-Type: multipart/{kind}; boundary="{boundary}"'.encode()
        return header + b"\r\n\r\n" + body
    content_type = draw(
        st.sampled_from(
            [
                "text/plain",
                "text/html",
                "message/rfc822",
                "message/delivery-status",
                "text/rfc822-headers",
                "application/ms-tnef",
                "image/png",
                "application/octet-stream",
                "",
            ]
        )
    )
    charset = draw(
        st.sampled_from(["utf-8", "windows-1255", "windows-1256", "iso-2022-jp", "utf-7", "bogus", "utf-16"])
    )
    encoding = draw(st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "x-uuencode", "weird"]))
    name = draw(HEADER_TEXT)
    body = draw(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
    return (
        f'Content-Type: {content_type}; charset={charset}; name="'.encode()
        + name
        + b'"\r\nContent-Transfer-Encoding: '
        + encoding.encode()
        + b"\r\nContent-Disposition: "
        + draw(st.sampled_from([b"attachment", b"inline", b"attachment; filename*=utf-8''%D7%90%", b"weird"]))
        + b"\r\n\r\n"
        + body
    )


@FUZZ
@given(
    subject=HEADER_TEXT,
    sender=HEADER_TEXT,
    extra=st.lists(
        st.tuples(st.sampled_from([b"To", b"Cc", b"Date", b"Message-ID", b"Return-Path"]), HEADER_TEXT)
    ),
    body=mime_part(),
)
def test_generated_mime_structures(subject, sender, extra, body):
    headers = b"From: " + sender + b"\r\nSubject: " + subject + b"\r\n"
    headers += b"".join(name + b": " + value + b"\r\n" for name, value in extra)
    check_contract(headers + body)


@pytest.mark.parametrize("seed", SEEDS)
def test_seeds_parse(seed):
    assert isinstance(parse(seed), ParsedMessage)
