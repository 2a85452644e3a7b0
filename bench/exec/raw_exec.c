#define _GNU_SOURCE
/* The engine's floor for `exec -T SERVICE true`: the same four engine calls Berth makes
 * (list the service's container, create the exec, start it attached through the HTTP
 * upgrade until the stream ends, read its exit code), over the unix socket, in C.
 * Usage: raw_exec SOCKET PROJECT SERVICE   (exit status: the command's) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int dial(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof(addr.sun_path) - 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) { perror("connect"); exit(2); }
    return fd;
}

static void send_all(int fd, const char *data, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, data, n);
        if (w <= 0) { perror("write"); exit(2); }
        data += w; n -= (size_t)w;
    }
}

/* One request on `fd`; returns the body (Content-Length or chunked), NUL-terminated. */
static char *request(int fd, const char *method, const char *path, const char *body) {
    char head[4096];
    size_t blen = body ? strlen(body) : 0;
    int n = snprintf(head, sizeof head,
                     "%s /v1.41%s HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, path, blen);
    send_all(fd, head, (size_t)n);
    if (blen) send_all(fd, body, blen);
    static char buf[1 << 20];
    size_t got = 0;
    char *end = NULL;
    for (;;) {
        ssize_t r = read(fd, buf + got, sizeof buf - 1 - got);
        if (r <= 0) { fprintf(stderr, "short response\n"); exit(2); }
        got += (size_t)r; buf[got] = 0;
        if (!end) end = strstr(buf, "\r\n\r\n");
        if (!end) continue;
        char *b = end + 4;
        char *cl = strcasestr(buf, "content-length:");
        if (cl && cl < end) {
            size_t want = (size_t)atol(cl + 15);
            if ((size_t)(buf + got - b) >= want) { b[want] = 0; return b; }
        } else if (strstr(b, "0\r\n\r\n")) {
            /* chunked: join the chunks in place */
            char *out = b, *p = b;
            for (;;) {
                long len = strtol(p, &p, 16);
                p += 2;
                if (len == 0) break;
                memmove(out, p, (size_t)len); out += len; p += len + 2;
            }
            *out = 0;
            return b;
        }
    }
}

static void field(const char *json, const char *key, char *out, size_t cap) {
    const char *p = strstr(json, key);
    if (!p) { fprintf(stderr, "no %s in %s\n", key, json); exit(2); }
    p += strlen(key);
    while (*p == ' ' || *p == ':' || *p == '"') p++;
    size_t i = 0;
    while (*p && *p != '"' && *p != ',' && *p != '}' && i + 1 < cap) out[i++] = *p++;
    out[i] = 0;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: raw_exec SOCKET PROJECT SERVICE\n"); return 2; }
    int fd = dial(argv[1]);
    char path[2048], id[128], exec[128], code[16];
    snprintf(path, sizeof path,
             "/containers/json?filters=%%7B%%22label%%22%%3A%%5B%%22com.docker.compose.project%%3D%s%%22%%2C"
             "%%22com.docker.compose.service%%3D%s%%22%%2C%%22com.docker.compose.oneoff%%3DFalse%%22%%5D%%7D",
             argv[2], argv[3]);
    field(request(fd, "GET", path, NULL), "\"Id\"", id, sizeof id);
    snprintf(path, sizeof path, "/containers/%s/exec", id);
    field(request(fd, "POST", path, "{\"Cmd\":[\"true\"],\"AttachStdout\":true,\"AttachStderr\":true}"), "\"Id\"", exec, sizeof exec);
    /* Start on its own connection, upgraded, and read until the engine closes it. */
    int up = dial(argv[1]);
    const char *start = "{\"Detach\":false,\"Tty\":false}";
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /v1.41/exec/%s/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                     "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: %zu\r\n\r\n%s",
                     exec, strlen(start), start);
    send_all(up, head, (size_t)n);
    char sink[65536];
    while (read(up, sink, sizeof sink) > 0) {}
    close(up);
    snprintf(path, sizeof path, "/exec/%s/json", exec);
    field(request(fd, "GET", path, NULL), "\"ExitCode\"", code, sizeof code);
    close(fd);
    return atoi(code);
}
