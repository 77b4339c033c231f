/* err.c - error code texts and err_ctx filling (see err.h). No I/O. */
#include "overlap/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *err_str(int code)
{
	switch (code) {
	case OVL_OK: return "ok";
	case OVL_EIO: return "i/o error";
	case OVL_EINPUT: return "bad input";
	case OVL_EUSAGE: return "bad parameter";
	case OVL_ETOOBIG: return "too big";
	case OVL_EEMPTY: return "nothing to do";
	case OVL_EINTR: return "interrupted";
	default: return "unknown error";
	}
}

int err_set(err_ctx *ctx, int code, const char *path, const char *fmt, ...)
{
	if (!ctx)
		return code;
	ctx->code = code;
	snprintf(ctx->path, sizeof ctx->path, "%s", path ? path : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
	va_end(ap);
	return code;
}
