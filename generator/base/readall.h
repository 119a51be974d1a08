/* Reading a known number of bytes from a descriptor, through short reads and signals. */
#ifndef MLPS_READALL_H
#define MLPS_READALL_H
#include <stddef.h>

/* Reads up to size bytes into buf; returns how many were read: size, or fewer when the file
 * ended or a read failed first (the caller tells the two apart only by the count). */
size_t mlps_read_all(int fd, void *buf, size_t size);

#endif
