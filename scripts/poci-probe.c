/*
 * poci-probe: the program in the test image for Docker `poci` tool containers
 * (scripts/build-poci-test-image). Static, no shell, no libraries in the image.
 *
 *   poci-probe echo ARG...     prints each ARG on its own line as [ARG] (argv as received)
 *   poci-probe fail CODE ARG...  prints ARGs to stderr, one a line, and exits with CODE
 *   poci-probe sleep SECONDS   sleeps, then prints "woke"
 *   poci-probe inspect         prints uid, whether / is writable and the network interfaces
 *   poci-probe exists PATH     exits 0 when PATH exists in the container, else 1
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: poci-probe echo|fail|sleep|inspect|exists ...\n"); return 2; }
    const char *mode = argv[1];
    if (strcmp(mode, "echo") == 0) {
        for (int i = 2; i < argc; i++) printf("[%s]\n", argv[i]);
        return 0;
    }
    if (strcmp(mode, "fail") == 0 && argc >= 3) {
        for (int i = 3; i < argc; i++) fprintf(stderr, "%s\n", argv[i]);
        return atoi(argv[2]);
    }
    if (strcmp(mode, "sleep") == 0 && argc >= 3) {
        sleep((unsigned)atoi(argv[2]));
        printf("woke\n");
        return 0;
    }
    if (strcmp(mode, "inspect") == 0) {
        printf("uid=%d\n", (int)getuid());
        int fd = open("/probe-write-test", O_WRONLY | O_CREAT, 0600);
        printf("root-writable=%s\n", fd >= 0 ? "yes" : (errno == EROFS ? "no (read-only)" : "no"));
        if (fd >= 0) close(fd);
        DIR *dir = opendir("/sys/class/net");
        printf("interfaces=");
        if (dir) {
            struct dirent *item;
            int first = 1;
            while ((item = readdir(dir)) != NULL) {
                if (item->d_name[0] == '.') continue;
                printf("%s%s", first ? "" : ",", item->d_name);
                first = 0;
            }
            closedir(dir);
        }
        printf("\n");
        return 0;
    }
    if (strcmp(mode, "exists") == 0 && argc >= 3) {
        struct stat info;
        return stat(argv[2], &info) == 0 ? 0 : 1;
    }
    fprintf(stderr, "poci-probe: unknown mode %s\n", mode);
    return 2;
}
