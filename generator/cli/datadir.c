/* Locates the folder with templates/ and fonts/ without any path fixed at build time. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int has_templates(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/templates", dir) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *mlps_data_file(const char *rel)
{
    size_t n = strlen(mlps_data_dir()) + strlen(rel) + 2;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s", mlps_data_dir(), rel);
    return p;
}

/* Called once from the CLI's thread before any worker starts; the result never changes. */
const char *mlps_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("MLPSDOC_HOME");
    if (env && *env && strlen(env) < sizeof dir) {
        strcpy(dir, env);
        return dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        /* installed: PREFIX/bin/mlpsdoc → PREFIX/share/mlpsdoc; source tree: build/mlpsdoc → . */
        static const char *const rel[] = {"/../share/mlpsdoc", "/..", "/../.."};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char cand[PATH_MAX];
            if (snprintf(cand, sizeof cand, "%s%s", exe, rel[i]) >= (int)sizeof cand)
                continue;
            if (has_templates(cand) && realpath(cand, dir))
                return dir;
        }
    }
    strcpy(dir, ".");
    return dir;
}
