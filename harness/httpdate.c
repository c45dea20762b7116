/*
 * HTTP-date parsing and formatting. The parsers work on fixed positions
 * (every form has a fixed layout, apart from the RFC 850 day name), so
 * each is a sequence of exact checks with no scanning.
 */
#include "harness/httpdate.h"

#include <stdio.h>
#include <string.h>

static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const long_days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void h1c_httpdate_format(time_t t, char *out)
{
	struct tm tm;
	char tmp[64];

	gmtime_r(&t, &tm);
	/* built by hand: strftime's %a and %b follow the locale */
	snprintf(tmp, sizeof(tmp), "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	memcpy(out, tmp, H1C_HTTPDATE_LEN);
	out[H1C_HTTPDATE_LEN] = '\0';
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int month_of(const char *s)
{
	int i;

	for (i = 0; i < 12; i++)
		if (memcmp(s, months[i], 3) == 0)
			return i;
	return -1;
}

static int day_of(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (memcmp(s, days[i], 3) == 0)
			return i;
	return -1;
}

/* "HH:MM:SS" */
static int time_of_day(const char *s, struct tm *tm)
{
	if (s[2] != ':' || s[5] != ':' || digits(s, 2, &tm->tm_hour) || digits(s + 3, 2, &tm->tm_min) ||
	    digits(s + 6, 2, &tm->tm_sec))
		return -1;
	return tm->tm_hour <= 23 && tm->tm_min <= 59 && tm->tm_sec <= 60 ? 0 : -1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Check the calendar date and the day name; convert. */
static int finish(struct tm *tm, int wday, time_t *out)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int year = tm->tm_year + 1900, max = mdays[tm->tm_mon];
	time_t t;
	struct tm check;

	if (tm->tm_mon == 1 && is_leap(year))
		max = 29;
	if (tm->tm_mday < 1 || tm->tm_mday > max || year < 1000)
		return -1;
	t = timegm(tm);
	gmtime_r(&t, &check);
	if (check.tm_wday != wday)
		return -1;
	*out = t;
	return 0;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static int parse_imf(const char *s, size_t n, time_t *out)
{
	struct tm tm;
	int wday;

	memset(&tm, 0, sizeof(tm));
	if (n != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
	    s[25] != ' ' || memcmp(s + 26, "GMT", 3) != 0)
		return -1;
	if ((wday = day_of(s)) < 0 || digits(s + 5, 2, &tm.tm_mday) || (tm.tm_mon = month_of(s + 8)) < 0 ||
	    digits(s + 12, 4, &tm.tm_year) || time_of_day(s + 17, &tm))
		return -1;
	tm.tm_year -= 1900;
	return finish(&tm, wday, out);
}

/* "Sunday, 06-Nov-94 08:49:37 GMT" */
static int parse_rfc850(const char *s, size_t n, time_t now, time_t *out)
{
	struct tm tm, nowtm;
	size_t dl;
	int wday = -1, i, yy, year;

	memset(&tm, 0, sizeof(tm));
	for (i = 0; i < 7; i++) {
		dl = strlen(long_days[i]);
		if (n > dl && memcmp(s, long_days[i], dl) == 0 && s[dl] == ',') {
			wday = i;
			break;
		}
	}
	if (wday < 0)
		return -1;
	s += dl + 1;
	n -= dl + 1;
	/* " 06-Nov-94 08:49:37 GMT" */
	if (n != 23 || s[0] != ' ' || s[3] != '-' || s[7] != '-' || s[10] != ' ' || s[19] != ' ' ||
	    memcmp(s + 20, "GMT", 3) != 0)
		return -1;
	if (digits(s + 1, 2, &tm.tm_mday) || (tm.tm_mon = month_of(s + 4)) < 0 || digits(s + 8, 2, &yy) ||
	    time_of_day(s + 11, &tm))
		return -1;
	gmtime_r(&now, &nowtm);
	year = (nowtm.tm_year + 1900) / 100 * 100 + yy;
	if (year > nowtm.tm_year + 1900 + 50)
		year -= 100;
	tm.tm_year = year - 1900;
	return finish(&tm, wday, out);
}

/* "Sun Nov  6 08:49:37 1994" */
static int parse_asctime(const char *s, size_t n, time_t *out)
{
	struct tm tm;
	int wday;

	memset(&tm, 0, sizeof(tm));
	if (n != 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ')
		return -1;
	if ((wday = day_of(s)) < 0 || (tm.tm_mon = month_of(s + 4)) < 0)
		return -1;
	if (s[8] == ' ') {
		if (digits(s + 9, 1, &tm.tm_mday))
			return -1;
	} else if (digits(s + 8, 2, &tm.tm_mday)) {
		return -1;
	}
	if (time_of_day(s + 11, &tm) || digits(s + 20, 4, &tm.tm_year))
		return -1;
	tm.tm_year -= 1900;
	return finish(&tm, wday, out);
}

int h1c_httpdate_parse(const char *s, size_t n, time_t now, time_t *out)
{
	if (n == 29 && s[3] == ',')
		return parse_imf(s, n, out);
	if (n == 24)
		return parse_asctime(s, n, out);
	return parse_rfc850(s, n, now, out);
}

int h1c_httpdate_is_imf(const char *s, size_t n)
{
	time_t t;

	return parse_imf(s, n, &t) == 0;
}
