"""`__any_of`: a column equal to one of a Python list of values, bound as ONE parameter.

`__in` with a list binds one parameter per value: PostgreSQL refuses more than 65,535 and parses each one, SQLite
refuses more than 32,766, and a province holds hundreds of thousands of members. PostgreSQL gets `= ANY(%s)` with the
list as one array; SQLite `IN (SELECT value FROM json_each(%s))` with the list as one JSON text.
"""

import json

from django.db.models import ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = self.rhs
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        if connection.vendor == "sqlite":
            return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(values)]
        if not values:
            return "1 = 0", params
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


IntegerField.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)
