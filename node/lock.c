/* lock.c: one daemon per node folder, by flock(2). See lock.h. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "home.h"

/* The process id written in the lock file, or 0. */
static pid_t
holder_of(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 ? (pid_t)pid : 0;
}

int
svk_lock_take(const char *dir, int *fd, pid_t *holder)
{
	char path[4096], buf[32];
	int err, f, len;

	*fd = -1;
	*holder = 0;
	if ((err = svk_home_path(dir, SVK_LOCK_FILE, path, sizeof(path))) != 0)
		return err;
	if ((f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return -errno;
	if (flock(f, LOCK_EX | LOCK_NB) != 0) {
		err = errno == EWOULDBLOCK ? -EBUSY : -errno;
		if (err == -EBUSY)
			*holder = holder_of(f);
		(void)close(f);
		return err;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(f, 0) != 0 || pwrite(f, buf, (size_t)len, 0) != len) {
		err = -errno;
		(void)close(f);
		return err ? err : -EIO;
	}
	*fd = f;
	return 0;
}

void
svk_lock_release(int fd)
{
	if (fd < 0)
		return;
	/* the id is left: harmless, and the next holder overwrites it */
	(void)flock(fd, LOCK_UN);
	(void)close(fd);
}
