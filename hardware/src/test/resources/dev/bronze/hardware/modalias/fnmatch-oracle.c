/* The oracle for FnmatchTest: glibc's own fnmatch(3) with flags 0, in the C locale (no setlocale
 * call, as in modprobe). Reads NUL-terminated pattern/string pairs on stdin, writes one byte per
 * pair: '1' for a match, '0' for none. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_cstr(void) {
    size_t cap = 64, len = 0;
    char *b = malloc(cap);
    int c;
    while ((c = getchar()) != EOF) {
        if (len + 1 >= cap) { cap *= 2; b = realloc(b, cap); }
        if (c == 0) { b[len] = 0; return b; }
        b[len++] = (char) c;
    }
    free(b);
    return NULL;
}

int main(void) {
    for (;;) {
        char *p = read_cstr();
        if (!p) break;
        char *s = read_cstr();
        if (!s) { free(p); break; }
        putchar(fnmatch(p, s, 0) == 0 ? '1' : '0');
        free(p);
        free(s);
    }
    return 0;
}
