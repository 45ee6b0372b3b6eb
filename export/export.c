/*
 * export_run(): names the output, opens the stream (stream.c) and hands it to
 * one format (perfetto*.c, json.c, csv.c).
 */
#include "export/export.h"

#include <stdio.h>
#include <string.h>

#include "export/formats.h"
#include "tracefile/reader.h"

int export_parse_format(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "perfetto") || !strcmp(name, "pftrace") || !strcmp(name, "proto"))
		return EXPORT_PERFETTO;
	if (!strcmp(name, "json") || !strcmp(name, "chrome"))
		return EXPORT_JSON;
	if (!strcmp(name, "csv"))
		return EXPORT_CSV;
	if (!strcmp(name, "pprof"))
		return EXPORT_PPROF;
	if (!strcmp(name, "folded"))
		return EXPORT_FOLDED;
	return -1;
}

void export_default_out(const char *in, const char *suffix, char *out, size_t n)
{
	size_t len = strlen(in);

	if (len > 6 && !strcmp(in + len - 6, ".trace"))
		len -= 6;
	snprintf(out, n, "%.*s%s", (int)len, in, suffix);
}

int export_run(const struct export_opts *o, struct export_result *res, char *err, size_t errlen)
{
	struct export_result dummy;
	const char *in = o->reader ? o->reader->path : o->in_path;
	struct xp x;
	int rc = -1;

	if (!res)
		res = &dummy;
	memset(res, 0, sizeof(*res));
	if (errlen)
		err[0] = 0;
	if (!in || !in[0]) {
		snprintf(err, errlen, "which trace file?");
		return -1;
	}
	if (o->to_ns && o->to_ns <= o->from_ns) {
		snprintf(err, errlen, "the window ends before it starts");
		return -1;
	}
	if (o->out_path && o->out_path[0])
		snprintf(res->out_path, sizeof(res->out_path), "%s", o->out_path);
	else
		export_default_out(in, o->format == EXPORT_PERFETTO ? ".pftrace" :
			    o->format == EXPORT_JSON ? ".json" : o->format == EXPORT_PPROF ? ".pb.gz" :
			    o->format == EXPORT_FOLDED ? ".folded" : "-csv",
			    res->out_path, sizeof(res->out_path));
	if (xp_open(&x, o, res, err, errlen) == 0) {
		switch (o->format) {
		case EXPORT_PERFETTO: rc = export_perfetto(&x); break;
		case EXPORT_JSON: rc = export_json(&x); break;
		case EXPORT_CSV: rc = export_csv(&x); break;
		case EXPORT_PPROF: rc = export_pprof(&x); break;
		case EXPORT_FOLDED: rc = export_folded(&x); break;
		default: rc = xp_fail(&x, "unknown export format %d", (int)o->format); break;
		}
	}
	xp_close(&x, rc);
	return rc;
}
