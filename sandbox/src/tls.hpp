// The sandbox's own PKI, made with the OpenSSL 3 C API when it starts: an EC P-256 CA
// (self-signed) and a server certificate it signs, whose subjectAltName lists the host
// names given (IP: for addresses, DNS: otherwise), valid for the time given.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace zoom::sandbox::detail {

struct TlsMaterial {
  std::string ca_pem;           // the CA certificate clients trust
  std::string certificate_pem;  // the server certificate followed by the CA certificate
  std::string private_key_pem;  // the server key (PKCS#8, unencrypted)
};

// When a certificate is valid, as offsets from now (the real clock).
struct Validity {
  std::chrono::seconds from;
  std::chrono::seconds until;
};

// The server certificate is valid for `validity`; the CA for at least that and at least from an
// hour ago for one day, so a certificate made expired fails as expired, not for its issuer.
// Throws std::invalid_argument for an unusable host name or an empty validity,
// std::runtime_error (with OpenSSL's reason) if OpenSSL fails.
TlsMaterial make_tls_material(const std::vector<std::string>& host_names, Validity validity);

}  // namespace zoom::sandbox::detail
