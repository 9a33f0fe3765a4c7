// The Linux calls that Glibc's Swift module leaves out because they need _GNU_SOURCE.
#ifndef TIDINGS_CLINUXSYSTEM_H
#define TIDINGS_CLINUXSYSTEM_H

/// pipe2(2): both ends created at once with the given flags (O_CLOEXEC), so no child
/// spawned by another thread meanwhile can inherit them.
int tidings_pipe2(int fds[2], int flags);

/// fcntl(F_SETLEASE, type).
int tidings_set_lease(int fd, int type);

/// prctl(PR_SET_PDEATHSIG, signal): the kernel sends `signal` when the parent dies.
int tidings_set_parent_death_signal(int signal);

/// posix_spawn_file_actions_addclosefrom_np(3): the child closes every descriptor from
/// `lowest` up, whatever flags they had, so it inherits only what it is given.
/// (`actions` is a posix_spawn_file_actions_t *, untyped here so this header includes no
/// system header whose types would clash with Glibc's module.)
int tidings_spawn_close_from(void *actions, int lowest);

/// The directory at `path` beneath `dirfd` (O_PATH | O_DIRECTORY | O_CLOEXEC), reached through
/// no symbolic link, no `..` and no other filesystem: a folder of an inbox tree, opened so
/// that no component a producer swapped for a link can lead out (ENOTDIR, or EXDEV).
int tidings_open_directory_beneath(int dirfd, const char *path);

/// open(path, O_PATH | O_DIRECTORY | O_CLOEXEC): a directory to name entries relative to.
int tidings_open_directory_path(const char *path);

/// renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE).
int tidings_renameat_noreplace(int from_dir, const char *from, int to_dir, const char *to);

#endif
