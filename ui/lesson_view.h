/*
 * A scenario's lesson in the view: the view opens on the lesson's point
 * (its window of time, its lanes on top, its view), and the checklist is
 * kept up to date as the model grows. What shows a lesson is the lessons
 * room's (lesson_window(), lesson_lanes_first()); this only moves the view
 * there.
 */
#ifndef SCHEDSCOPE_UI_LESSON_VIEW_H
#define SCHEDSCOPE_UI_LESSON_VIEW_H

#include "lessons/lesson.h"
#include "ui/view.h"

/* Gives the view lesson l (kept by pointer; NULL: none) and its checks, all pending. */
void ui_lesson_attach(struct ui_view *v, const struct lesson *l);
/* The view lesson l shows in (its declaration's): live from the start, and
 * on its first screen. */
enum ui_mode ui_lesson_mode(const struct lesson *l);
/* Moves the view to the lesson's window, view and lanes (the model as it
 * stands); with no lesson, fits the whole trace. The cursor lands inside
 * the trace, on the window's first moment of interest. Lays out first. */
void ui_lesson_open(struct ui_view *v, int w, int h);
/* Brings the checklist up to date: at most once per new batch of events,
 * and once more when the model is finished. Returns how many checks changed. */
size_t ui_lesson_update(struct ui_view *v);

#endif
