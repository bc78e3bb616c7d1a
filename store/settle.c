/* settle.c: whether the store's connection was left mid-write between two
 * callbacks of the daemon's loop. See settle.h. */
#include "settle.h"

#include <string.h>

#include "store-int.h"

int
svk_settle_check(svk_store *st, svk_settle *found)
{
	sqlite3 *db = svk__store_db(st);

	memset(found, 0, sizeof(*found));
	for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s != NULL;
	     s = sqlite3_next_stmt(db, s)) {
		if (!sqlite3_stmt_busy(s))
			continue;
		found->running++;
		found->sample = sqlite3_sql(s);
	}
	if (sqlite3_get_autocommit(db))
		return 0;
	found->open_tx = true;
	return svk_store_commit(st);
}
