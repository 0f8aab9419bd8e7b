"""The insert workload of `npm run bench -- --section datajoint-python`, run through DataJoint Python.

Declares a 1k-row lookup and two manual tables of (id, a, b, c), one where `a` is a foreign key to the lookup and
one where `a` is a plain column, then times `Table.insert` of the same 100k rows into each (median of --repeats,
after one untimed warm-up; the table is emptied between runs). Prints one JSON object on stdout.

The server comes from DataJoint's own variables: DJ_BACKEND (mysql | postgresql), DJ_HOST, DJ_PORT, DJ_USER, DJ_PASS.
If DataJoint cannot be imported, prints {"unavailable": reason} and exits with status 3.
"""

import argparse
import json
import os
import platform
import sys
import time

UNAVAILABLE = 3

try:
    import datajoint as dj
except Exception as error:  # ImportError, or a dependency failing while datajoint imports
    print(json.dumps({"unavailable": f"{type(error).__name__}: {error}", "python": sys.executable}))
    sys.exit(UNAVAILABLE)


def make_rows(count, lookup_rows):
    return [dict(id=i, a=i % lookup_rows, b=i * 0.5, c=f"row {i}") for i in range(count)]


def median(values):
    return sorted(values)[len(values) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--lookup-rows", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--schema", default=f"jbench_py_{os.getpid()}_{int(time.time())}")
    options = parser.parse_args()

    backend = os.environ.get("DJ_BACKEND", "mysql")
    instance = dj.Instance(
        host=os.environ.get("DJ_HOST", "127.0.0.1"),
        user=os.environ.get("DJ_USER", "postgres" if backend == "postgresql" else "root"),
        password=os.environ.get("DJ_PASS", ""),
        port=int(os.environ["DJ_PORT"]) if os.environ.get("DJ_PORT") else None,
        use_tls=False,
        backend=backend,
        safemode=False,
        loglevel="WARNING",
    )
    schema = instance.Schema(options.schema)
    try:

        @schema
        class BenchLookup(dj.Lookup):
            definition = """
            a : int32
            ---
            name : varchar(64)
            """

        @schema
        class BenchWithForeignKey(dj.Manual):
            definition = """
            id : int64
            ---
            -> BenchLookup
            b : float64
            c : varchar(64)
            """

        @schema
        class BenchWithoutForeignKey(dj.Manual):
            definition = """
            id : int64
            ---
            a : int32
            b : float64
            c : varchar(64)
            """

        BenchLookup.insert([dict(a=i, name=f"lookup {i}") for i in range(options.lookup_rows)])
        rows = make_rows(options.rows, options.lookup_rows)
        results = []
        for scenario, table in [("with foreign key", BenchWithForeignKey), ("without foreign key", BenchWithoutForeignKey)]:
            empty = f"DELETE FROM {table.full_table_name}"
            table.insert(rows)
            instance.connection.query(empty)
            runs = []
            for _ in range(options.repeats):
                start = time.perf_counter()
                table.insert(rows)
                runs.append((time.perf_counter() - start) * 1000)
                instance.connection.query(empty)
            results.append({"scenario": scenario, "ms": median(runs), "runs": runs})
    finally:
        schema.drop(prompt=False)
        instance.connection.close()

    print(
        json.dumps(
            {
                "datajoint": dj.__version__,
                "python": platform.python_version(),
                "backend": backend,
                "rows": options.rows,
                "lookupRows": options.lookup_rows,
                "repeats": options.repeats,
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main()
