"""Reads the e-mails Django's file-based backend wrote during a browser test."""

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

# The file-based backend writes every message followed by a line of 79 dashes.
_SEPARATOR = re.compile(rb"^-{79}\r?\n", re.MULTILINE)


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[EmailMessage]:
        if not self.folder.exists():
            return []
        messages = []
        for path in sorted(self.folder.iterdir(), key=lambda item: (item.stat().st_mtime_ns, item.name)):
            for chunk in _SEPARATOR.split(path.read_bytes()):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk.lstrip(), policy=email.policy.default))
        return messages

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages() if address in message.get("To", "")]

    def single_message_to(self, address: str) -> EmailMessage:
        messages = self.messages_to(address)
        assert len(messages) == 1, (
            f"expected exactly one e-mail to {address}, found {len(messages)}: "
            f"{[message.get('Subject') for message in self.messages()]}"
        )
        return messages[0]


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, f"the e-mail {message.get('Subject')!r} has no plain-text part"
    return body.get_content()


def links_to(text: str, path_fragment: str) -> list[str]:
    """Every absolute link in `text` whose path contains `path_fragment`."""
    return [link for link in re.findall(r"https?://[^\s<>\"']+", text) if path_fragment in link]
