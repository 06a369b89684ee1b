"""Which SQL `dhub db query` runs without --write: exactly one statement that only reads.

The text is parsed by PostgreSQL's own parser (libpg_query, through pglast), never matched with
patterns, so comments, quoting and several statements in one string cannot smuggle a write past
the check. A read is SELECT, VALUES or TABLE (without FOR UPDATE/SHARE and without INTO), WITH
whose every part reads, SHOW, or EXPLAIN of a read without ANALYZE; and it calls no function that
reaches outside the database. The statement then runs in a READ ONLY transaction as the reader
role where one exists (``reader``), so the server refuses whatever the check let through.
"""

from dataclasses import dataclass

import pglast
from pglast import ast
from pglast.parser import ParseError
from pglast.visitors import Visitor

from datahub_seed.errors import QueryFailed, QueryRefused

# Functions that reach outside the database: files, programs, signals to other sessions, locks
# that outlive the query, server settings, WAL and replication. A reader role may not call most of
# them anyway; on a server without one, this list is what stands between a query and the machine.
OUTSIDE_PREFIXES = (
    "pg_read_",
    "pg_ls_",
    "pg_file_",
    "lo_",
    "pg_advisory",
    "pg_try_advisory",
    "dblink",
    "pg_create_",
    "pg_drop_",
    "pg_replication_",
    "pg_backup_",
    "pg_wal_",
    "pg_log_",
)
OUTSIDE_FUNCTIONS = {
    "pg_stat_file",
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_promote",
    "pg_switch_wal",
    "pg_logical_emit_message",
    "set_config",
    "pg_import_system_collations",
}
# Functions that run SQL text of their own, which no check of the outer statement can see (and
# which could, in a superuser's session, set the role back with set_config).
SQL_RUNNING_FUNCTIONS = {
    "ts_stat",
    "ts_rewrite",
    "query_to_xml",
    "query_to_xmlschema",
    "query_to_xml_and_xmlschema",
    "cursor_to_xml",
    "cursor_to_xmlschema",
}


@dataclass(frozen=True)
class Statement:
    """One statement of the text: its own text, what to call it, and its parse tree."""

    text: str
    command: str
    node: ast.Node


def split(sql: str) -> list[Statement]:
    """The statements of ``sql``, in order; a text PostgreSQL cannot parse is refused whole."""
    try:
        parsed = pglast.parse_sql(sql)
    except ParseError as error:
        raise QueryFailed(f"cannot parse the query: {error.args[0]}") from None
    statements = []
    for raw in parsed:
        # pglast types every field of a node as optional; its parser sets these on every statement.
        assert raw.stmt is not None and raw.stmt_location is not None
        end = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(sql)
        text = sql[raw.stmt_location : end].strip()
        statements.append(Statement(text, command_name(text), raw.stmt))
    if not statements:
        raise QueryFailed("the query holds no statement")
    return statements


def command_name(text: str) -> str:
    """What a person calls the statement: its first keyword, with the object for CREATE, DROP,
    ALTER and the like (``DROP TABLE``, ``CREATE ROLE``)."""
    words = [word.upper() for word in text.replace("(", " ").split()[:3]]
    if words[0] in ("CREATE", "DROP", "ALTER", "GRANT", "REVOKE", "LOCK") and len(words) > 1:
        return " ".join(words[:2])
    return words[0]


def refusals(statement: Statement) -> list[str]:
    """Why ``statement`` is not a read: empty when it is one."""
    node: ast.Node | None = statement.node
    if isinstance(node, ast.ExplainStmt):
        if any(option.defname == "analyze" for option in node.options or ()):
            return ["EXPLAIN ANALYZE runs the statement"]
        node = node.query
    if not isinstance(node, ast.SelectStmt | ast.VariableShowStmt):
        return [f"{statement.command} is not a read"]
    finder = _Finder()
    finder(node)
    return finder.problems


class _Finder(Visitor):
    """Walks a SELECT for what makes it more than a read."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def visit_SelectStmt(self, ancestors, node):
        if node.intoClause:
            self.problems.append("SELECT INTO creates a table")
        if node.lockingClause:
            self.problems.append("SELECT ... FOR UPDATE/SHARE locks rows")

    def visit_InsertStmt(self, ancestors, node):
        self.problems.append("INSERT is not a read")

    def visit_UpdateStmt(self, ancestors, node):
        self.problems.append("UPDATE is not a read")

    def visit_DeleteStmt(self, ancestors, node):
        self.problems.append("DELETE is not a read")

    def visit_MergeStmt(self, ancestors, node):
        self.problems.append("MERGE is not a read")

    def visit_FuncCall(self, ancestors, node):
        name = node.funcname[-1].sval.lower()
        if name in OUTSIDE_FUNCTIONS or name.startswith(OUTSIDE_PREFIXES):
            self.problems.append(f"{name}() reaches outside the database")
        elif name in SQL_RUNNING_FUNCTIONS:
            self.problems.append(f"{name}() runs SQL of its own, which cannot be checked")


def check_read(sql: str) -> Statement:
    """The one statement of ``sql`` if it only reads; ``QueryRefused`` naming every reason otherwise."""
    statements = split(sql)
    problems = [problem for statement in statements for problem in refusals(statement)]
    if problems:
        raise QueryRefused(f"refused: {'; '.join(dict.fromkeys(problems))}; pass --write to allow it")
    if len(statements) > 1:
        raise QueryRefused(
            f"refused: the query holds {len(statements)} statements and without --write dhub runs one;"
            " run them one at a time, or pass --write to run them all in one transaction"
        )
    return statements[0]


def check_writable(sql: str) -> list[Statement]:
    """The statements of ``sql`` for --write, which runs them all in one transaction that dhub
    commits: a statement that ends or opens transactions itself is refused."""
    statements = split(sql)
    own = [s.command for s in statements if isinstance(s.node, ast.TransactionStmt)]
    if own:
        raise QueryRefused(
            f"refused: {', '.join(dict.fromkeys(own))} would end dhub's transaction; --write runs every"
            " statement in one transaction and commits it at the end"
        )
    return statements
