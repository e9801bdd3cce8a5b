"""PDF files for upload tests: a real one (printed by Chromium), and hostile ones."""

import io
import zlib
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

REAL_PDF = (Path(__file__).resolve().parent / "source" / "rapport-annuel.pdf").read_bytes()


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    return written(writer)


def pdf_with_open_action(**action):
    """A one-page PDF that runs ``action`` (e.g. /S /JavaScript) when opened."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    entries = {
        NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
        for key, value in action.items()
    }
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(entries))
    return written(writer)


def pdf_with_attachment():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00not really a program")
    return written(writer)


def pdf_with_script_in_an_object_stream():
    """A PDF 1.5 whose opening action, a script, sits compressed in an object stream: its
    bytes spell neither /JavaScript nor /JS."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    }
    hidden = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    objects[5] = (
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream"
    )
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def html_polyglot():
    """The reviewed attack: PDF's first bytes, padding past the first kilobyte, then a web
    page with a script, then PDF's last bytes."""
    return (
        b"%PDF-1.4\n%" + b"A" * 1500 + b"\n"
        b"<html><body><script>fetch('/admin/auth/user/add/')</script></body></html>\n%%EOF\n"
    )
