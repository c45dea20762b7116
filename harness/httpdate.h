/*
 * HTTP-date (RFC 9110 §5.6.7): formatting in IMF-fixdate, the only form a
 * sender may generate, and parsing of all three forms a recipient must
 * accept (IMF-fixdate, the obsolete RFC 850 form and asctime).
 */
#ifndef H1C_HTTPDATE_H
#define H1C_HTTPDATE_H

#include <stddef.h>
#include <time.h>

#define H1C_HTTPDATE_LEN 29 /* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* Write t as IMF-fixdate plus a NUL into out (at least 30 bytes). */
void h1c_httpdate_format(time_t t, char *out);

/*
 * Parse s[0..n) as any of the three forms (exactly, no surrounding
 * whitespace). An RFC 850 two-digit year is read as the most recent year
 * with those digits that is not more than 50 years after now (RFC 9110
 * §5.6.7). Returns 0 with *out set, or -1.
 */
int h1c_httpdate_parse(const char *s, size_t n, time_t now, time_t *out);

/*
 * Whether s[0..n) is a valid IMF-fixdate: exact grammar, a real calendar
 * date, hour 0-23, minute 0-59, second 0-60, and the day name that date
 * has. 1 or 0.
 */
int h1c_httpdate_is_imf(const char *s, size_t n);

#endif
