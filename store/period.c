/* period.c: reporting periods (a year, a quarter, a month). See period.h. */
#include "period.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int64_t
day_ms(int y, int m, int d)
{
	/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), after Howard
	 * Hinnant's days_from_civil. */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((int64_t)era * 146097 + doe - 719468) * 86400000LL;
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return days[m - 1] + (m == 2 && leap);
}

static bool
num(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int
svk_period_parse(const char *s, svk_period *p)
{
	size_t n = strlen(s);
	int y, m1, m2, q;

	if (n < 4 || !num(s, 4, &y) || y < 1900)
		return SVK_EINVAL;
	if (n == 4) {
		m1 = 1;
		m2 = 12;
	} else if (n == 7 && s[4] == '-' && s[5] == 'Q' && num(s + 6, 1, &q) &&
		   q >= 1 && q <= 4) {
		m1 = 3 * q - 2;
		m2 = 3 * q;
	} else if (n == 7 && s[4] == '-' && num(s + 5, 2, &m1) && m1 >= 1 && m1 <= 12) {
		m2 = m1;
	} else {
		return SVK_EINVAL;
	}
	memset(p, 0, sizeof(*p));
	memcpy(p->text, s, n + 1);
	char day[32]; /* y, m1 and m2 were checked: each fits in 10 bytes */
	snprintf(day, sizeof(day), "%04d-%02d-01", y, m1);
	memcpy(p->first, day, sizeof(p->first));
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m2, month_days(y, m2));
	memcpy(p->last, day, sizeof(p->last));
	p->last_year = y;
	p->start_ms = day_ms(y, m1, 1);
	p->end_ms = day_ms(y, m2, month_days(y, m2)) + 86400000LL;
	return 0;
}
