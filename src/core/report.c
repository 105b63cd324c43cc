/* report.c -- the Markdown report (see report.h). */
#include "core/report.h"
#include "core/io.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir ending with suffix, sorted; *n set. */
static char **list_files(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0, sl = strlen(suffix);
    *n = 0;
    if (d == NULL)
        return NULL;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (nn == NULL)
                break;
            names = nn;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names != NULL)
        qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static cJSON *read_json(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long sz = ftell(fp);
    rewind(fp);
    char *buf = sz >= 0 ? malloc((size_t)sz + 1) : NULL;
    cJSON *j = NULL;
    if (buf != NULL && fread(buf, 1, (size_t)sz, fp) == (size_t)sz) {
        buf[sz] = '\0';
        j = cJSON_Parse(buf);
    }
    free(buf);
    fclose(fp);
    return j;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0.0 / 0.0;
}

int bc_report_write(const char *results_dir, const char *out_dir, char *msg, size_t len)
{
    size_t nj, nf;
    char path[4096];
    char **json = list_files(results_dir, ".json", &nj);
    if (json == NULL && nj == 0) {
        DIR *d = opendir(results_dir);
        if (d == NULL) {
            snprintf(msg, len, "cannot read results folder '%s'", results_dir);
            return 2;
        }
        closedir(d);
    }
    snprintf(path, sizeof path, "%s/figures", results_dir);
    char **figs = list_files(path, ".png", &nf);
    mkdir(out_dir, 0755);
    snprintf(path, sizeof path, "%s/REPORT.md", out_dir);
    bc_atomic_file f;
    if (bc_io_atomic_open(&f, path) != 0) {
        snprintf(msg, len, "cannot write '%s'", path);
        return 5;
    }
    FILE *o = f.fp;
    fprintf(o, "# boundcheck report\n\nGenerated from the JSON records under `%s/`. "
               "Every number below was measured or computed by the check named on its "
               "row; rerun a row with the command in its section.\n\n", results_dir);
    fprintf(o, "| check | statement | verdict | ratio LHS/RHS (upper), or worst slack | constants | seed | trials | seconds |\n");
    fprintf(o, "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (size_t i = 0; i < nj; i++) {
        snprintf(path, sizeof path, "%s/%s", results_dir, json[i]);
        cJSON *j = read_json(path);
        if (j == NULL || strcmp(str(j, "schema"), "boundcheck.result/1") != 0) {
            fprintf(o, "| `%s` | (not a boundcheck record) | | | | | | |\n", json[i]);
            cJSON_Delete(j);
            continue;
        }
        const cJSON *res = cJSON_GetObjectItemCaseSensitive(j, "results"), *q;
        char ratios[256] = "";
        cJSON_ArrayForEach(q, res) {
            char one[96];
            if (strcmp(str(q, "kind"), "exact") == 0)
                snprintf(one, sizeof one, "%s%s worst slack %.3g", ratios[0] ? "; " : "",
                         str(q, "quantity"), num(q, "worst_slack"));
            else
                snprintf(one, sizeof one, "%s%s %.4g (%.4g)", ratios[0] ? "; " : "",
                         str(q, "quantity"), num(q, "ratio"), num(q, "ratio_upper"));
            strncat(ratios, one, sizeof ratios - strlen(ratios) - 1);
        }
        int ex = 0, ce = 0, es = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "constants")) {
            const char *p = str(c, "provenance");
            ex += strcmp(p, "exact") == 0;
            ce += strcmp(p, "certified") == 0;
            es += strcmp(p, "estimated") == 0;
        }
        const cJSON *tm = cJSON_GetObjectItemCaseSensitive(j, "timing");
        fprintf(o, "| `%s` | %s | **%s** | %s | %d exact, %d certified, %d estimated | %s | %.0f | %.2f |\n",
                str(j, "check"), str(j, "statement"), str(j, "verdict"), ratios, ex, ce, es,
                str(j, "seed"), num(j, "trials"), num(tm, "wall_s"));
        cJSON_Delete(j);
    }
    fprintf(o, "\n## Notes printed by the checks\n\n");
    for (size_t i = 0; i < nj; i++) {
        snprintf(path, sizeof path, "%s/%s", results_dir, json[i]);
        cJSON *j = read_json(path);
        if (j == NULL)
            continue;
        fprintf(o, "### %s (%s, %s)\n\n", str(j, "check"), str(j, "paper"), str(j, "statement"));
        fprintf(o, "Claim: `%s`\n\n", str(j, "formula"));
        fprintf(o, "Reproduce: `bin/boundcheck run %s --seed %s", str(j, "check"), str(j, "seed"));
        const cJSON *pp = cJSON_GetObjectItemCaseSensitive(j, "params"), *p;
        cJSON_ArrayForEach(p, pp) {
            if (cJSON_IsNumber(p))
                fprintf(o, " --%s %.17g", p->string, p->valuedouble);
            else if (cJSON_IsString(p) && p->valuestring[0])
                fprintf(o, " --%s %s", p->string, p->valuestring);
        }
        fprintf(o, " --trials %.0f`\n\n", num(j, "trials"));
        const cJSON *n;
        cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "notes"))
            if (cJSON_IsString(n))
                fprintf(o, "- %s\n", n->valuestring);
        fprintf(o, "\n");
        cJSON_Delete(j);
    }
    fprintf(o, "## Figures\n\n");
    for (size_t i = 0; i < nf; i++)
        fprintf(o, "![%s](../%s/figures/%s)\n\n", figs[i], results_dir, figs[i]);
    for (size_t i = 0; i < nj; i++)
        free(json[i]);
    for (size_t i = 0; i < nf; i++)
        free(figs[i]);
    free(json);
    free(figs);
    if (bc_io_atomic_commit(&f) != 0) {
        snprintf(msg, len, "cannot write the report in '%s'", out_dir);
        return 5;
    }
    return 0;
}
