# Builds $TMP/hostile: two real articles that share reworded passages, and two documents whose
# titles and text try to run commands through gnuplot and script through the HTML page.
make_hostile() {
	mkdir -p "$TMP/hostile"
	cp "$ROOT/corpus/000_a7004b4e3752436e.txt" "$ROOT/corpus/001_84a70742c93fdf8f.txt" "$TMP/hostile/"
	{
		printf '%s\n\n' "Quote \" and ' and \`touch PWNED2\` then system(\"touch PWNED\") @x &y \\ end"
		printf '%s\n' "The ministry said on Monday that <script>document.title='PWNED'</script> 400 million users were affected, according to officials."
		printf '%s\n' "Officials added that \"><img src=x onerror=\"document.title='PWNED3'\"> the breach began in 2023 in Berlin."
		cat "$ROOT/corpus/003_2e1e3af4905333a7.txt"
	} >"$TMP/hostile/evil1.txt"
	{
		printf '%s\n\n' "'; system('touch PWNED4'); print '"
		cat "$ROOT/corpus/004_e8f161a0af7dad6a.txt"
	} >"$TMP/hostile/evil2.txt"
}
