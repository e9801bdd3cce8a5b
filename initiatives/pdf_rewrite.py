"""Run in a process of its own, with limits (documents.py): a PDF on standard input, the same
document written anew by pypdf on standard output, so that what readers open is exactly
what the site read and checked. Exit status 3: it needs a password; 4: it cannot be read;
5: it needs more memory than allowed."""

import io
import logging
import resource
import sys

MEMORY_BYTES = 1024**3
CPU_SECONDS = 10


def main():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    logging.disable(logging.CRITICAL)
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            sys.exit(3)
        writer = PdfWriter(clone_from=reader)
        writer.pdf_header = reader.pdf_header  # the same PDF version
        output = io.BytesIO()
        writer.write(output)
    except MemoryError:
        sys.exit(5)
    except Exception:  # whatever a damaged or hostile file makes pypdf raise
        sys.exit(4)
    sys.stdout.buffer.write(output.getvalue())


if __name__ == "__main__":
    main()
