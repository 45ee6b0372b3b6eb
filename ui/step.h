/*
 * Stepping through time: the cursor to the next or previous event of a
 * thread (a run begins, it blocks or is preempted, it is woken, it fires a
 * marker), the next or previous marker of anyone, the next or previous
 * moment a lesson's check is about. The window follows the cursor; the
 * detail panel, drawn from the cursor, follows with it.
 */
#ifndef SCHEDSCOPE_UI_STEP_H
#define SCHEDSCOPE_UI_STEP_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/view.h"

/* The thread the event keys follow: the selected one, else the cursor's. 0: none. */
uint32_t ui_step_thread(const struct ui_view *v);
/* dir > 0: the next, dir < 0: the previous. False (the view unchanged,
 * a message in v->msg) when there is none. */
bool ui_step_event(struct ui_view *v, int dir);
bool ui_step_marker(struct ui_view *v, int dir);
bool ui_step_check(struct ui_view *v, int dir);
/* Puts the cursor on absolute time ts (and on tid's lane in the thread view,
 * if tid), moving the window when ts is off screen. */
void ui_step_to(struct ui_view *v, uint64_t ts, uint32_t tid);

#endif
