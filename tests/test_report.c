/* test_report.c -- the report generator on a fixture results/ folder: the
 * expected table rows, a STALE record, a MISSING check, well-formed HTML,
 * and every referenced figure present. */
#include "bc_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "app/output.h"
#include "core/io.h"
#include "app/report.h"
#include "core/runner.h"

static const bc_param_spec params[] = {
    {"p", BC_PARAM_REAL, "0.3", 0, 1, 0, NULL, "probability", BC_CLAIM_FIXED("a test parameter")},
};

static int setup(const bc_params *p, int variant, bc_record *rec, void *inst, char *msg,
                  size_t len)
{
    (void)variant;
    (void)p;
    (void)msg;
    (void)len;
    (void)inst;
    bc_record_constant(rec, "p", 0.3, BC_PROV_EXACT, "given <exactly> & so");
    int q = bc_record_quantity(rec, "mean", "mean", 0, 1, "indicator");
    bc_record_term(rec, q, "rhs", 0.5);
    bc_record_note(rec, "a note with <angle> brackets & an ampersand");
    return 0;
}

static int trial(const void *v, void *ws, gsl_rng *r, double *out, double *aux)
{
    (void)v;
    (void)ws;
    (void)aux;
    out[0] = gsl_rng_uniform(r) < 0.3;
    return 0;
}

static const bc_check toy_a = {
    .id = "toy.mean", .paper = &bc_test_paper, .statement = "Toy statement",
    .formula = "E X <= 1/2", .version = "test", .params = params, .nparams = 1,
    .default_trials = 500,
    .method = &(const bc_method){.setup = setup, .trial = trial},
};
static const bc_check toy_b = {
    .id = "toy.other", .paper = &bc_test_paper, .statement = "Other statement",
    .formula = "E X <= 1/2", .version = "test", .params = params, .nparams = 1,
    .default_trials = 500,
    .method = &(const bc_method){.setup = setup, .trial = trial},
};

static void write_record(const bc_check *c, const char *path)
{
    bc_params p;
    bc_run_opts o;
    bc_record rec;
    char msg[256];
    bc_params_init(&p, params, 1, msg, sizeof msg);
    bc_run_opts_default(&o);
    o.quiet = 1;
    assert_int_equal(bc_runner_run(c, &p, &o, &rec, msg, sizeof msg), 0);
    assert_int_equal(bc_output_json_write(&rec, path), 0);
    bc_record_release(&rec);
}

/* the whole file, which must exist */
static char *slurp(const char *path)
{
    char *b = bc_io_read_all(path, NULL);
    assert_non_null(b);
    return b;
}

/* Every element opened is closed, in order (void elements aside). */
static int balanced(const char *h)
{
    const char *stack[256];
    size_t lens[256], depth = 0;
    static const char *voids[] = {"meta", "img", "br", "hr", "link", "!DOCTYPE"};
    for (const char *p = strchr(h, '<'); p != NULL; p = strchr(p + 1, '<')) {
        int close = p[1] == '/';
        const char *name = p + 1 + close;
        size_t n = strcspn(name, " >/\n");
        int is_void = 0;
        for (size_t v = 0; v < sizeof voids / sizeof *voids; v++)
            is_void |= strlen(voids[v]) == n && strncmp(name, voids[v], n) == 0;
        if (is_void)
            continue;
        if (!close) {
            if (depth == 256)
                return 0;
            stack[depth] = name;
            lens[depth++] = n;
        } else {
            if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], name, n) != 0)
                return 0;
            depth--;
        }
    }
    return depth == 0;
}

static void test_report_marks_stale_and_missing_records(void **state)
{
    (void)state;
    char dir[] = "/tmp/bc_report_XXXXXX", path[512], msg[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/results", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/results/figures", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/bin", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/results/toy.mean.json", dir);
    write_record(&toy_a, path);
    snprintf(path, sizeof path, "%s/results/toy.other.json", dir);
    write_record(&toy_b, path);
    /* toy.other's binary is newer than its record: STALE */
    struct utimbuf old = {1000000000, 1000000000};
    utime(path, &old);
    snprintf(path, sizeof path, "%s/bin/check_toy_other", dir);
    FILE *fp = fopen(path, "w");
    fclose(fp);
    snprintf(path, sizeof path, "%s/results/figures/toy_curve.png", dir);
    fp = fopen(path, "w");
    fputs("not really a png", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/results/toy_sweep_fit.gp", dir);
    fp = fopen(path, "w");
    fputs("# fit\nslope_toy = 1.5\n", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/results/junk.json", dir);
    fp = fopen(path, "w");
    fputs("{ not json", fp);
    fclose(fp);

    /* as make report runs it: relative folders, the report beside results */
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *ids[] = {"toy.mean", "toy.other", "toy.missing"};
    bc_report_opts o = {"results", "report", "bin", ids, 3};
    assert_int_equal(bc_report_write(&o, msg, sizeof msg), 0);
    assert_int_equal(chdir(cwd), 0);

    snprintf(path, sizeof path, "%s/report/index.html", dir);
    char *h = slurp(path);
    assert_true(balanced(h));
    assert_non_null(strstr(h, "<code>toy.mean</code></a></td><td>Toy statement</td><td class=\"HOLDS\">HOLDS</td>"));
    assert_non_null(strstr(h, "<code>toy.other</code></a></td><td>Other statement</td>"));
    assert_non_null(strstr(h, "class=\"STALE\">STALE</td>"));
    assert_non_null(strstr(h, "<code>toy.missing</code></td>"));
    assert_non_null(strstr(h, "MISSING"));
    assert_non_null(strstr(h, "slope_toy = 1.5"));
    assert_non_null(strstr(h, "a note with &lt;angle&gt; brackets &amp; an ampersand"));
    assert_null(strstr(h, "<angle>"));
    /* every figure referenced exists, relative to the report folder */
    for (const char *p = strstr(h, "<img src=\""); p != NULL; p = strstr(p + 1, "<img src=\"")) {
        char rel[256], full[768];
        snprintf(rel, sizeof rel, "%.*s", (int)strcspn(p + 10, "\""), p + 10);
        snprintf(full, sizeof full, "%s/report/%s", dir, rel);
        assert_int_equal(access(full, R_OK), 0);
    }
    assert_non_null(strstr(h, "toy_curve.png"));
    free(h);
    snprintf(path, sizeof path, "%s/report/REPORT.md", dir);
    h = slurp(path);
    assert_non_null(strstr(h, "| `toy.mean` | Toy statement | **HOLDS** | mean 0."));
    assert_non_null(strstr(h, "| `toy.missing` | | | | | | | **MISSING** |"));
    assert_non_null(strstr(h, "**STALE**"));
    free(h);
    /* an unreadable results folder is a usage error */
    bc_report_opts bad = {"/nonexistent-results", "/tmp", NULL, NULL, 0};
    assert_int_equal(bc_report_write(&bad, msg, sizeof msg), 2);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_marks_stale_and_missing_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
