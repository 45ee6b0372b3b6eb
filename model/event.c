/* The names of an event's parts (event.h): its kind, the kernel's task
 * states, a channel's kind and name. Each is one table here, so dump, the
 * exporters and `why` print one word for one value and --kind parses the
 * same word back. A channel's id is canonical: both ends of a socket pair
 * or a connection hash to the same id, so a reader's sleep pairs with the
 * writer's wake-up whichever end each used. */
#include "model/event.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[SS_KIND_MAX] = {
	[SS_SWITCH] = "switch",
	[SS_WAKING] = "waking",
	[SS_WAKEUP_NEW] = "wakeup_new",
	[SS_FORK] = "fork",
	[SS_EXEC] = "exec",
	[SS_EXIT] = "exit",
	[SS_MIGRATE] = "migrate",
	[SS_MARKER] = "marker",
	[SS_LOST] = "lost",
	[SS_BLOCK] = "block",
	[SS_WAKER] = "waker",
	[SS_SIGNAL] = "signal",
};

const char *ss_kind_name(unsigned kind)
{
	return kind < SS_KIND_MAX && kind_names[kind] ? kind_names[kind] : "?";
}

unsigned ss_kind_parse(const char *name)
{
	for (unsigned k = 1; k < SS_KIND_MAX; k++)
		if (kind_names[k] && strcmp(kind_names[k], name) == 0)
			return k;
	return 0;
}

/* Report-form states in ss_state_index() order; the last is TASK_REPORT_MAX (preempted). */
static const struct {
	unsigned state;
	const char *name;
} states[] = {
	{ SS_ST_RUNNING, "R" }, { SS_ST_S, "S" }, { SS_ST_D, "D" }, { SS_ST_T, "T" },
	{ SS_ST_t, "t" }, { SS_ST_X, "X" }, { SS_ST_Z, "Z" }, { SS_ST_P, "P" },
	{ SS_ST_I, "I" }, { SS_ST_PREEMPTED, "R+" },
};

const char *ss_state_name(unsigned state)
{
	int i = ss_state_index(state);

	return i < 0 ? "?" : states[i].name;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

void ss_chan_canon(struct ss_chan *c)
{
	switch (c->kind) {
	case SS_CH_UNIX: {
		uint64_t a = c->ino, b = c->peer;

		/* a socket pair: both ends name the same (lower, higher) pair */
		c->id = b ? mix(mix(SS_CH_UNIX, a < b ? a : b), a < b ? b : a) : mix(SS_CH_UNIX, a);
		break;
	}
	case SS_CH_TCP:
	case SS_CH_UDP: {
		uint64_t l = (uint64_t)c->laddr << 16 | c->lport, r = (uint64_t)c->raddr << 16 | c->rport;

		if (!c->rport)          /* listening or unconnected: its own endpoint */
			c->id = mix(mix(c->kind, l), c->ino);
		else                    /* a connection: the same from both ends */
			c->id = mix(mix(c->kind, l < r ? l : r), l < r ? r : l);
		break;
	}
	case SS_CH_FUTEX:
		c->id = mix(mix(SS_CH_FUTEX, c->ino), c->flags & SS_CHF_PRIVATE ? c->peer : 0);
		break;
	case SS_CH_NONE:
		c->id = 0;
		break;
	default:                        /* pipes and files: the inode */
		c->id = mix(c->kind, c->ino);
		break;
	}
}

const char *ss_chan_kind_name(unsigned kind)
{
	static const char *const names[SS_CH_KIND_MAX] = {
		[SS_CH_NONE] = "none", [SS_CH_PIPE] = "pipe", [SS_CH_UNIX] = "unix",
		[SS_CH_TCP] = "tcp", [SS_CH_UDP] = "udp", [SS_CH_SOCKET] = "socket",
		[SS_CH_FILE] = "file", [SS_CH_FUTEX] = "futex",
	};

	return kind < SS_CH_KIND_MAX ? names[kind] : "?";
}

static const char *ip4(uint32_t addr_be, char *buf, size_t n)
{
	struct in_addr a = { .s_addr = addr_be };

	return inet_ntop(AF_INET, &a, buf, (socklen_t)n) ? buf : "?";
}

char *ss_chan_name(const struct ss_chan *c, char *buf, size_t size)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	switch (c->kind) {
	case SS_CH_PIPE:
		snprintf(buf, size, "pipe:[%llu]", (unsigned long long)c->ino);
		break;
	case SS_CH_UNIX:
		if (c->peer)
			snprintf(buf, size, "unix socket:[%llu]<->[%llu]", (unsigned long long)c->ino,
				 (unsigned long long)c->peer);
		else
			snprintf(buf, size, "unix socket:[%llu]", (unsigned long long)c->ino);
		break;
	case SS_CH_TCP:
	case SS_CH_UDP:
		if (c->flags & SS_CHF_V6)
			snprintf(buf, size, "%s6 port %u<->port %u", ss_chan_kind_name(c->kind), c->lport, c->rport);
		else if (c->rport)
			snprintf(buf, size, "%s %s:%u<->%s:%u", ss_chan_kind_name(c->kind),
				 ip4(c->laddr, a, sizeof(a)), c->lport, ip4(c->raddr, b, sizeof(b)), c->rport);
		else
			snprintf(buf, size, "%s %s:%u (listening)", ss_chan_kind_name(c->kind),
				 ip4(c->laddr, a, sizeof(a)), c->lport);
		break;
	case SS_CH_SOCKET:
		snprintf(buf, size, "socket:[%llu]", (unsigned long long)c->ino);
		break;
	case SS_CH_FILE:
		snprintf(buf, size, "file inode %llu", (unsigned long long)c->ino);
		break;
	case SS_CH_FUTEX:
		snprintf(buf, size, "futex 0x%llx", (unsigned long long)c->ino);
		break;
	default:
		snprintf(buf, size, "-");
	}
	return buf;
}
