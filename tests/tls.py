"""A self-signed certificate for 127.0.0.1 and the local Odoo server behind https, for the tests that need TLS."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest

from carteira_gui.adapters.odoo.server import OdooTestServer


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made with the openssl command (else the test skips)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed: no self-signed certificate can be made for the test")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class TlsOdooServer(OdooTestServer):
    """The local Odoo server behind https with a given certificate."""

    def __init__(self, dataset: Any, cert: Path, key: Path, **kwargs: Any) -> None:
        super().__init__(dataset, **kwargs)
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(cert, key)

    def start(self) -> TlsOdooServer:
        super().start()
        assert self._httpd is not None
        self._httpd.socket = self._tls.wrap_socket(self._httpd.socket, server_side=True)
        return self

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"
