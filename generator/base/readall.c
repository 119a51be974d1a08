/* One read loop for every whole-file read (images, served files). */
#include "readall.h"

#include <errno.h>
#include <unistd.h>

size_t mlps_read_all(int fd, void *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t k = read(fd, (char *)buf + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    return got;
}
