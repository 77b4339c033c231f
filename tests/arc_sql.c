/* arc_sql.c - test helper for tests/cli/cli_archive.sh: runs SQL on an SQLite file, then
 * optionally holds the connection (and any transaction the SQL left open) for SECONDS
 * before committing. Lets the shell test build foreign or future-version files and hold
 * the write lock without the sqlite3 shell.
 * usage: arc_sql DB SQL [SECONDS]   prints "ready" once the SQL ran
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: arc_sql DB SQL [SECONDS]\n");
		return 2;
	}
	sqlite3 *db = NULL;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "arc_sql: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	char *err = NULL;
	if (sqlite3_exec(db, argv[2], NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "arc_sql: %s\n", err ? err : "error");
		sqlite3_free(err);
		sqlite3_close(db);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	if (argc > 3)
		sleep((unsigned)atoi(argv[3]));
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}
