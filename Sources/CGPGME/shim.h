#ifndef SLUICE_CGPGME_SHIM_H
#define SLUICE_CGPGME_SHIM_H
// GnuPG Made Easy 1.18 (Debian libgpgme-dev), driving GnuPG 2.2's gpg and gpg-agent for SluiceGPG's OpenPGP.
#include <gpgme.h>
#endif
