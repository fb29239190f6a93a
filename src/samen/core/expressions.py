"""Query expressions every app shares."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Expression

# A parameter's place in Django's SQL, or an escaped percent sign.
_PLACEHOLDER = re.compile(r"%%|%s")


class LiteralsOnSQLite(Expression):
    """``expression`` with its parameters written into the SQL as literals on SQLite, as the
    schema editor writes them into an index on the expression.

    SQLite uses an index on an expression (for a range or an order) only for the same
    expression, and a bound parameter is never the same as the literal the index holds. So a
    query that should read a page of an expression index (``casework.models.intake``'s urgency
    order) writes the expression's values into its SQL on SQLite. Only for expressions whose
    values are the code's own constants (statuses, numbers, fixed moments), never values a
    user gave: those stay bound parameters. On other databases the expression is unchanged."""

    def __init__(self, expression: Any) -> None:
        super().__init__(output_field=expression.output_field)
        self.expression = expression

    def get_source_expressions(self) -> list[Any]:
        return [self.expression]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.expression,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return compiler.compile(self.expression)  # type: ignore[no-any-return]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.expression)
        # The schema editor's quoting, the one the index was made with (not entered: only its
        # quote_value is used).
        editor = connection.SchemaEditorClass(connection)
        literals = iter(params)

        def written(placeholder: re.Match[str]) -> str:
            if placeholder.group() == "%%":
                return "%%"
            # The query is still %-formatted with the other parameters: a percent sign of a
            # value stays escaped.
            return str(editor.quote_value(next(literals))).replace("%", "%%")

        return _PLACEHOLDER.sub(written, sql), ()
