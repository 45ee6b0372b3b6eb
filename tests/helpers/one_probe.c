/* Test workload: a program with exactly one USDT probe, which it fires
 * once; for the counts that must read "1 USDT probe". */
#include <sys/sdt.h>

int main(void)
{
	DTRACE_PROBE1(schedscope_test, once, 1);
	return 0;
}
