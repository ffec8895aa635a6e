"""Mail when no mail server is configured (no `EMAIL_URL`): each message is kept whole as an
`.eml` file in `MOKED_DATA_DIR/mail/` and announced on the console in one line.

Django's console backend prints every message whole, HTML alternative and all, which buries the
worker's console; the files open in any mail program, links included.
"""

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_hex

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def mail_folder() -> Path:
    return Path(settings.DATA_DIR) / "mail"


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, email_messages) -> int:
        folder = mail_folder()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            path = folder / f"{stamp}-{token_hex(4)}.eml"
            path.write_bytes(message.message().as_bytes())
            shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
            with self._lock:
                self.stream.write(f"mail to {', '.join(message.recipients())}: {message.subject} ({shown})\n")
                self.stream.flush()
            sent += 1
        return sent
