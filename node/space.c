/* space.c: free space under the store. See space.h. */
#include "space.h"

#include <errno.h>
#include <sys/statvfs.h>

int
svk_space_check(const char *dir, svk_space *out)
{
	struct statvfs vfs;

	if (statvfs(dir, &vfs) != 0)
		return -errno;
	out->free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	out->writable = out->free_bytes >= SVK_SPACE_MIN;
	return 0;
}
