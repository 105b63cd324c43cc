/* check.c -- what a check descriptor needs besides data (see check.h). */
#include "core/check.h"

#include <stdio.h>

char *bc_paper_cite(const bc_paper *p, char *buf, size_t len)
{
    if (p == NULL || p->authors == NULL)
        snprintf(buf, len, "(no paper)");
    else if (p->arxiv != NULL)
        snprintf(buf, len, "%s. %s. %s; arXiv:%s", p->authors, p->title, p->venue, p->arxiv);
    else
        snprintf(buf, len, "%s. %s. %s", p->authors, p->title, p->venue);
    return buf;
}

void *bc_ws_ready(void *ws, int ok, void (*ws_free)(void *))
{
    if (ok)
        return ws;
    ws_free(ws);
    return NULL;
}
