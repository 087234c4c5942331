"""One upload through Django's WSGI handler in a fresh process; prints peak RSS (KiB).

Usage: python -m tests.bench.ingest_memory PHOTO WORKDIR. The multipart body is written to
a file first and handed to the handler as wsgi.input, so nothing but the server's own
handling is measured.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

from tests.bench.isolated import django_setup_isolated


def memory_kib(field: str) -> int:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc (reset by clear_refs)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def peak_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # 5: reset the peak RSS to the current RSS


def main(photo: Path, work: Path) -> None:
    django_setup_isolated(work)
    from django.contrib.auth.models import Permission, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler

    from tests.factory import make_event

    event = make_event(public_id=f"bench-{uuid.uuid4().hex[:8]}")
    user = User.objects.create_user("crew-bench", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_photo"))
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()

    boundary = "----bench" + uuid.uuid4().hex
    body = work / "body.bin"
    with body.open("wb") as out, photo.open("rb") as src:
        disposition = f'form-data; name="photos"; filename="{photo.name}"'
        out.write(
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
            "Content-Type: image/jpeg\r\n\r\n".encode()
        )
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    handler = WSGIHandler()
    csrf = "a" * 32
    peak_reset()
    baseline = memory_kib("VmHWM")
    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": f"/g/{event.public_id}/upload/",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": stream,
            "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(body.stat().st_size),
            "HTTP_ACCEPT": "application/json",
            "HTTP_COOKIE": f"sessionid={session.session_key}; csrftoken={csrf}",
            "HTTP_X_CSRFTOKEN": csrf,
        }
        statuses = []
        response = handler(environ, lambda status, headers: statuses.append(status))
        answer = b"".join(response)
    peak = memory_kib("VmHWM")
    print(
        json.dumps(
            {
                "status": statuses[0],
                "baseline_kib": baseline,
                "peak_kib": peak,
                "answer": json.loads(answer),
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
