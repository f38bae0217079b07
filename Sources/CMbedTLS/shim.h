#ifndef SLUICE_CMBEDTLS_SHIM_H
#define SLUICE_CMBEDTLS_SHIM_H
// mbedTLS 2.28 (Debian libmbedtls-dev): only X.509 parsing and chain verification, for a
// repository's own ca.crt inside libgit2's certificate_check callback.
#include <mbedtls/x509_crt.h>
#include <mbedtls/asn1.h>
#include <mbedtls/oid.h>
#include <mbedtls/error.h>
#endif
