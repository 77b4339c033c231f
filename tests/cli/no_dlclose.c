/* no_dlclose.c - an LD_PRELOAD shim for tests/cli/cli_mpi.sh under LeakSanitizer.
 *
 * Open MPI unloads its plug-ins (dlclose) in MPI_Finalize, before the leak check runs at
 * exit, so the memory they keep to the end is reported with "<unknown module>" frames that
 * no suppression can name. With dlclose a no-op the plug-ins stay mapped, their frames are
 * named (mca_*.so) and tests/cli/mpi_lsan.supp matches them; overlap's own leaks, whose
 * stacks hold no Open MPI frame, are still reported. Test-only; never linked into overlap.
 */
int dlclose(void *handle);

int dlclose(void *handle)
{
	(void)handle;
	return 0;
}
