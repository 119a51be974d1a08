/* Locates the folder with templates/ and fonts/ without any path fixed at build time. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int has_dir(const char *dir, const char *sub)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/%s", dir, sub) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder beside the program (installed: PREFIX/bin/mlpsdoc → PREFIX/share/mlpsdoc; source
 * tree: build/mlpsdoc → .), into dir; "" when there is none. */
static void installed_dir(char dir[PATH_MAX])
{
    char exe[PATH_MAX];
    dir[0] = '\0';
    ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    static const char *const rel[] = {"/../share/mlpsdoc", "/..", "/../.."};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char cand[PATH_MAX];
        if (snprintf(cand, sizeof cand, "%s%s", exe, rel[i]) >= (int)sizeof cand)
            continue;
        if (has_dir(cand, "templates") && realpath(cand, dir))
            return;
    }
    dir[0] = '\0';
}

/* Both set once, by mlps_data_dir(), before any worker starts; never changed afterwards. */
static char data_dir[PATH_MAX];
static char fonts_home[PATH_MAX]; /* the folder whose fonts/ is used */

static char *join(const char *home, const char *rel)
{
    size_t n = strlen(home) + strlen(rel) + 2;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s/%s", home, rel);
    return p;
}

char *mlps_data_file(const char *rel)
{
    return join(mlps_data_dir(), rel);
}

char *mlps_data_fonts_conf(void)
{
    mlps_data_dir();
    return join(fonts_home, "fonts/fonts.xml");
}

/* Called once from the CLI's thread before any worker starts; the result never changes. A
 * $MLPSDOC_HOME without fonts/ (a copy of templates/ only) takes the installed fonts. */
const char *mlps_data_dir(void)
{
    if (data_dir[0])
        return data_dir;
    char inst[PATH_MAX];
    installed_dir(inst);
    const char *env = getenv("MLPSDOC_HOME");
    if (env && *env && strlen(env) < sizeof data_dir)
        strcpy(data_dir, env);
    else
        strcpy(data_dir, inst[0] ? inst : ".");
    strcpy(fonts_home, data_dir);
    if (!has_dir(data_dir, "fonts") && inst[0] && has_dir(inst, "fonts"))
        strcpy(fonts_home, inst);
    return data_dir;
}
