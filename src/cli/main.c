/* main.c - entry point: parse the command line, install the signal handlers, dispatch.
 *
 * It prints nothing itself but a failed standard output; every file of src/cli/ may print
 * (the engine never does), through messages.c for stderr. On SIGINT/SIGTERM/SIGHUP
 * (messages.c) every temporary output file and the uncommitted run folder are removed, one
 * line says so, and the process dies with the signal, so an interrupted run leaves the
 * previous complete output folder where it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int main(int argc, char **argv)
{
	struct config cfg;
	int rc;
	/* The archive commands parse their own options (archive_cmd.c). */
	bool archive_cmd = argc >= 2 && (!strcmp(argv[1], "index") || !strcmp(argv[1], "query"));
	if (!archive_cmd && (rc = cli_parse(argc, argv, &cfg)) >= 0)
		return rc;
	cli_signals_install();
#ifdef OVL_HAVE_MPI
	if (!archive_cmd && cfg.cmd == CMD_ANALYZE && cli_mpi_job())
		return cli_mpi_analyze(&cfg);
#endif
	if (archive_cmd)
		rc = cli_archive(argc, argv);
	else switch (cfg.cmd) {
	case CMD_ANALYZE: rc = cmd_analyze(&cfg); break;
	case CMD_PASSAGES: rc = cmd_passages(&cfg); break;
	case CMD_CLAIMS: rc = cmd_claims(&cfg); break;
	case CMD_CHART: rc = cmd_chart(&cfg); break;
	case CMD_CHECK: rc = cmd_check(&cfg); break;
	default: rc = EXIT_USAGE; break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A reader that stopped early (overlap claims | head) is not an error to report. */
		if (errno != EPIPE)
			fprintf(stderr, "overlap: standard output: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	return rc;
}
