#!/usr/bin/python3
"""A real SMTP server for the outbox tests (Debian's python3-aiosmtpd): every message it takes
is appended as one JSON line to the file named by the first argument (recipients, Message-ID,
decoded subject and text). A recipient whose address starts with "nobody@" is refused with
550, as a mail server refuses an unknown mailbox. Prints "listening PORT" once it listens."""
import email
import email.policy
import json
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path):
        self.path = path

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "rcpt": envelope.rcpt_tos,
            "mail_from": envelope.mail_from,
            "message_id": msg["Message-ID"],
            "subject": str(msg["Subject"]),
            "kind": msg["X-Qorgan-Kind"],
            "text": body.get_content() if body else "",
            "at": time.time(),
        }
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    port = free_port()
    controller = Controller(Recorder(sys.argv[1]), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
