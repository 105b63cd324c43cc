/* main_mpi.c -- the optional MPI driver (make MPI=1): bin/boundcheck_mpi.
 *
 *   mpirun -n R bin/boundcheck_mpi run ID [options]   one check (the options
 *                                                     of its binary)
 *   mpirun -n R bin/boundcheck_mpi all [--quick] [--json-dir DIR] [--seed N]
 *                                      [--threads N]  every check
 *
 * Rank r runs block r of R of every check's trials (bc_shard_range, as
 * `--shard r/R` would), with its own OpenMP threads, and holds only that
 * block; rank 0 gathers the per-trial values and judges them with
 * bc_runner_merge, so the record is
 * the one a single process writes (timing aside: wall_s is the slowest
 * rank's). Only rank 0 prints and writes; every rank exits with the
 * verdict. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <mpi.h>

#include "app/cli.h"
#include "core/io.h"
#include "app/output.h"
#include "core/runner.h"
#include "core/status.h"
#include "proofs_checks/checks.h"

static int rank, nranks;

/* bc_runner_run over the ranks (a bc_cli_run_fn). */
static int mpi_run(const bc_check *c, const bc_params *p, const bc_run_opts *o, bc_record *rec,
                   char *msg, size_t len)
{
    bc_run_opts so = *o;
    so.shard = (size_t)rank;
    so.nshards = (size_t)nranks;
    if (nranks == 1)
        return bc_runner_run(c, p, o, rec, msg, len);
    int st = bc_runner_run(c, p, &so, rec, msg, len);
    /* every rank parses the same input: a usage error is everyone's */
    int mine = st == BC_USAGE ? 2 : st != 0 ? 5 : 0, worst;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst == 2)
        return BC_USAGE;
    size_t nq = rec->nq, cells = (rec->trial_hi - rec->trial_lo) * nq;
    int ok = cells <= INT_MAX && rec->trials * nq <= INT_MAX, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (worst == 5 || !all_ok) {
        if (rec->failure[0] == '\0')
            snprintf(rec->failure, sizeof rec->failure, "%s",
                     all_ok ? "a trial failed on another MPI rank (rerun it alone to see which)"
                            : "too many per-trial values for one MPI message");
        return rec->verdict = BC_FAILED;
    }
    int count = (int)cells, *counts = NULL, *displs = NULL, code = 0;
    double *all_v = NULL, *all_a = NULL;
    if (rank == 0) {
        counts = malloc((size_t)nranks * sizeof *counts);
        displs = malloc((size_t)nranks * sizeof *displs);
        all_v = malloc(rec->trials * nq * sizeof *all_v);
        all_a = malloc(rec->trials * nq * sizeof *all_a);
        code = counts && displs && all_v && all_a ? 0 : BC_FAILED;
        for (int r = 0; code == 0 && r < nranks; r++) {
            size_t a, b;
            bc_shard_range(rec->trials, (size_t)r, (size_t)nranks, &a, &b);
            counts[r] = (int)((b - a) * nq);
            displs[r] = (int)(a * nq);
        }
    }
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (code != 0) {
        snprintf(rec->failure, sizeof rec->failure, "rank 0 cannot hold all per-trial values");
        free(counts);
        free(displs);
        free(all_v);
        free(all_a);
        return rec->verdict = BC_FAILED;
    }
    /* each rank holds only its own block (bc_runner_run in shard mode) */
    MPI_Gatherv(rec->values, count, MPI_DOUBLE, all_v, counts, displs, MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(rec->aux, count, MPI_DOUBLE, all_a, counts, displs, MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    double wall;
    MPI_Reduce(&rec->wall_s, &wall, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        const char *names[BC_REC_Q_MAX];
        bc_record merged;
        bc_run_opts mo = *o;
        mo.trials = rec->trials;
        for (size_t j = 0; j < nq; j++)
            names[j] = rec->q[j].name;
        code = bc_runner_merge(c, p, &mo, names, nq, all_v, all_a, wall, &merged, msg, len);
        merged.threads = rec->threads;
        bc_record_release(rec);
        *rec = merged;
    }
    free(all_v);
    free(all_a);
    free(counts);
    free(displs);
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return code;
}

static int cmd_all(int argc, char **argv)
{
    bc_run_opts o;
    const char *dir = "results";
    char msg[512] = "";
    if (bc_cli_all_options("boundcheck_mpi all", argc, argv, 0, rank == 0, &o, &dir, NULL) != 0)
        return 2;
    if (rank == 0) {
        mkdir(dir, 0755);
        bc_output_summary_header(stdout);
    }
    size_t n;
    const bc_check *const *all = bc_registry_all(&n);
    bc_verdict worst = BC_HOLDS;
    for (size_t i = 0; i < n; i++) {
        const bc_check *c = all[i];
        bc_params p;
        bc_record rec;
        char path[4096];
        if (bc_cli_check_params(c, o.quick, &p, &o.trials, msg, sizeof msg) != 0)
            return 2;
        int code = mpi_run(c, &p, &o, &rec, msg, sizeof msg);
        if (code == BC_USAGE) {
            if (rank == 0)
                fprintf(stderr, "boundcheck_mpi all: %s: %s\n", c->id, bc_io_one_line(msg));
            bc_record_release(&rec);
            return 2;
        }
        if (rank == 0) {
            bc_output_summary_line(stdout, &rec);
            fflush(stdout);
            snprintf(path, sizeof path, "%s/%s.json", dir, c->id);
            if (bc_output_json_write(&rec, path) != 0) {
                fprintf(stderr, "boundcheck_mpi all: cannot write '%s'\n", path);
                code = BC_FAILED;
            }
        }
        worst = bc_verdict_combine(worst, (bc_verdict)code);
        bc_record_release(&rec);
    }
    return (int)worst;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    gsl_set_error_handler_off();
    const bc_cli_driver driver = {mpi_run, rank == 0};
    int code = 2;
    if (argc >= 3 && strcmp(argv[1], "run") == 0) {
        const bc_check *c = bc_registry_find(argv[2]);
        if (c == NULL) {
            if (rank == 0)
                fprintf(stderr, "boundcheck_mpi run: no check '%s' (see boundcheck list)\n", argv[2]);
        } else {
            argv[2] = argv[0];
            code = bc_cli_check_drive(c, &driver, argc - 2, argv + 2);
        }
    } else if (argc >= 2 && strcmp(argv[1], "all") == 0) {
        code = cmd_all(argc - 1, argv + 1);
    } else if (rank == 0) {
        fprintf(stderr, "usage: mpirun -n R boundcheck_mpi run ID [options] | all [--quick] "
                        "[--json-dir DIR] [--seed N] [--threads N]\n");
    }
    MPI_Finalize();
    return code;
}
