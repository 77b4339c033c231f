/* main.c - entry point: parse the command line, install the signal handlers, dispatch.
 *
 * It prints nothing itself but a failed standard output. The engine never prints; in
 * src/cli/ the option parser prints help and usage errors, each command its results and
 * its own lines, and messages.c the shared ones (warnings, errors, progress), all with the
 * one prefix "overlap: ". On SIGINT/SIGTERM/SIGHUP
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
	if ((rc = cli_parse(argc, argv, &cfg)) >= 0)
		return rc;
	cli_signals_install();
#ifdef OVL_HAVE_MPI
	if (cfg.cmd == CMD_ANALYZE && cli_mpi_job())
		return cli_mpi_analyze(&cfg);
#endif
	switch (cfg.cmd) {
	case CMD_ANALYZE: rc = cmd_analyze(&cfg); break;
	case CMD_PASSAGES: rc = cmd_passages(&cfg); break;
	case CMD_CLAIMS: rc = cmd_claims(&cfg); break;
	case CMD_CHART: rc = cmd_chart(&cfg); break;
	case CMD_CHECK: rc = cmd_check(&cfg); break;
	case CMD_INDEX_ADD:
	case CMD_INDEX_STATS:
	case CMD_INDEX_CHECK:
	case CMD_INDEX_REMOVE:
	case CMD_QUERY: rc = cli_archive(&cfg); break;
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
