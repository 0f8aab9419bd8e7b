SAVEPOINT "dj_atomic_1";
RELEASE SAVEPOINT "dj_atomic_1";
ROLLBACK TO SAVEPOINT "dj_atomic_1";
