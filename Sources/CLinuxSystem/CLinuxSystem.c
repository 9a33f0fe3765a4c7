#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/prctl.h>
#include <spawn.h>
#include <stdio.h>
#include <unistd.h>
#include "CLinuxSystem.h"

int tidings_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int tidings_set_lease(int fd, int type) { return fcntl(fd, F_SETLEASE, type); }

int tidings_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0); }

int tidings_spawn_close_from(void *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, lowest);
}

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int tidings_open_directory_beneath(int dirfd, const char *path) {
    // One component at a time, each opened with O_NOFOLLOW | O_DIRECTORY: a link is not a
    // directory, so it ends the walk (ENOTDIR). openat2's RESOLVE_BENEATH would do this in
    // one call, but systemd 252's seccomp filter answers it with ENOSYS.
    struct stat root;
    if (fstat(dirfd, &root) != 0) return -1;
    int current = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (current < 0) return -1;
    const char *rest = path;
    char component[256];
    while (*rest) {
        while (*rest == '/') rest++;
        if (!*rest) break;
        size_t length = strcspn(rest, "/");
        if (length >= sizeof component) { close(current); errno = ENAMETOOLONG; return -1; }
        memcpy(component, rest, length);
        component[length] = 0;
        rest += length;
        if (strcmp(component, ".") == 0) continue;
        if (strcmp(component, "..") == 0) { close(current); errno = EXDEV; return -1; }
        int next = openat(current, component, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        close(current);
        if (next < 0) { errno = saved; return -1; }
        struct stat status;
        if (fstat(next, &status) != 0 || status.st_dev != root.st_dev) { close(next); errno = EXDEV; return -1; }
        current = next;
    }
    return current;
}

int tidings_renameat_noreplace(int from_dir, const char *from, int to_dir, const char *to) {
    return renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE);
}

int tidings_open_directory_path(const char *path) { return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC); }
