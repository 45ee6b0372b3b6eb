/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What an open file is, for sched.bpf.c's sleepers and wakers: a pipe, a
 * socket (with its peer or endpoints), or a plain file, found from a task's
 * fd table in the kernel at the moment it sleeps or wakes someone.
 *
 * Why here, and not from /proc afterwards: a task that lives 50 us is
 * resolved as well as one that lives on, and the sleeper's fd may be closed
 * or reused by the time user space could look. Kept apart from sched.bpf.c
 * because it is one concern (the kernel's file and socket structures, read
 * through CO-RE) and sched.bpf.c is the programs themselves.
 */
#ifndef SCHEDSCOPE_TRACER_CHAN_BPF_H
#define SCHEDSCOPE_TRACER_CHAN_BPF_H

static __always_inline void sock_chan(struct file *f, struct ss_rec_chan *c)
{
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u16 type = BPF_CORE_READ(sk, sk_type);

	c->kind = SS_CH_SOCKET;
	if (family == AF_UNIX) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);

		c->kind = SS_CH_UNIX;
		if (peer)
			c->peer = BPF_CORE_READ(peer, sk_socket, file, f_inode, i_ino);
	} else if (family == AF_INET || family == AF_INET6) {
		c->kind = type == SOCK_STREAM ? SS_CH_TCP : type == SOCK_DGRAM ? SS_CH_UDP : SS_CH_SOCKET;
		c->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		c->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (family == AF_INET) {
			c->laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
			c->raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		} else {
			c->flags |= SS_CHF_V6;
			c->laddr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[3]);
			c->raddr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr.in6_u.u6_addr32[3]);
		}
	}
}

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* The open file behind fd in task t, or NULL. The task_struct pointers we
 * are handed are trusted, so the walk is plain loads. The fd array is an
 * array of pointers, which BTF cannot type as such: the slot's address is
 * cast with bpf_rdonly_cast() to a kernel struct whose first member is a
 * struct file * (kiocb's ki_filp; CO-RE checks the offset), so reading it is
 * one exception-handled load, and what follows is plain loads too. No helper
 * call: on this kernel's CPUs every return goes through the SRSO return
 * thunk, and bpf_probe_read_kernel() cost ~50 ns an event here (bpf_stats). */
static __always_inline struct file *fd_file(struct task_struct *t, int fd)
{
	struct fdtable *fdt = t->files->fdt;
	struct kiocb *slot;

	if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	slot = bpf_rdonly_cast((void *)((__u64)fdt->fd + (__u64)fd * sizeof(struct file *)),
			       bpf_core_type_id_kernel(struct kiocb));
	return slot->ki_filp;
}

/* What an open file is: a pipe, a socket (and its peer), or a plain file. No
 * /proc, so a task that lives 50 us is resolved as well as one that lives on. */
static __always_inline void file_chan(struct file *f, struct ss_rec_chan *c)
{
	struct inode *ino = f->f_inode;
	__u32 mode = ino->i_mode;

	c->id = ino->i_ino;
	if ((mode & S_IFMT) == S_IFIFO)
		c->kind = SS_CH_PIPE;
	else if ((mode & S_IFMT) == S_IFSOCK)
		sock_chan(f, c);
	else
		c->kind = SS_CH_FILE;
}

#endif
