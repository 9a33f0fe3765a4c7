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

int tidings_rename_noreplace(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

#include <linux/openat2.h>
#include <sys/syscall.h>

int tidings_open_directory_beneath(int dirfd, const char *path) {
    struct open_how how = {
        .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
    };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

int tidings_renameat_noreplace(int from_dir, const char *from, int to_dir, const char *to) {
    return renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE);
}

int tidings_open_directory_path(const char *path) { return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC); }
