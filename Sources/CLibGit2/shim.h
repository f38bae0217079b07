#ifndef SLUICE_CLIBGIT2_SHIM_H
#define SLUICE_CLIBGIT2_SHIM_H
// libgit2 1.5 (Debian libgit2-dev): HTTPS through mbedTLS, SSH through libssh2.
#include <git2.h>
#endif
