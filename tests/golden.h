/*
 * Golden files for the render tests: expected text grids under
 * tests/golden/SUBDIR/NAME.txt. With MS5_UPDATE_GOLDEN=1 the tests write
 * them instead of comparing (then read the diff before committing).
 * Header-only; each test binary includes it once.
 */
#ifndef MS5TOP_TEST_GOLDEN_H
#define MS5TOP_TEST_GOLDEN_H

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole file as a NUL-terminated string, or NULL. */
static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp) {
		return NULL;
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* DIR/a/b under the test data directory (MS5_TESTDATA, set by meson);
 * b may be "". */
static char *testdata_path(const char *a, const char *b)
{
	const char *dir = getenv("MS5_TESTDATA");
	char *path;
	size_t n;

	cr_assert(dir, "MS5_TESTDATA is not set");
	n = strlen(dir) + strlen(a) + strlen(b) + 8;
	path = malloc(n);
	cr_assert(path);
	snprintf(path, n, "%s/%s%s%s", dir, a, *b ? "/" : "", b);
	return path;
}

/* Compares text with golden SUBDIR/NAME, or writes it with MS5_UPDATE_GOLDEN=1. */
static void golden_check(const char *subdir, const char *name, const char *text)
{
	const char *update = getenv("MS5_UPDATE_GOLDEN");
	char file[256], sub[128];
	char *path;

	snprintf(sub, sizeof(sub), "../golden/%s", subdir);
	snprintf(file, sizeof(file), "%s.txt", name);
	path = testdata_path(sub, file);

	if (update && strcmp(update, "1") == 0) {
		FILE *fp = fopen(path, "wb");

		cr_assert(fp, "cannot write %s: %s", path, strerror(errno));
		fputs(text, fp);
		fclose(fp);
	} else {
		char *want = read_file(path);

		cr_assert(want, "no golden %s (run with MS5_UPDATE_GOLDEN=1 to create it)", path);
		cr_assert_str_eq(text, want, "%s differs:\n--- got ---\n%s--- want ---\n%s", name, text,
			want);
		free(want);
	}
	free(path);
}

#endif
