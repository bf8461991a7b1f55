// The sandbox's own PKI, made with the OpenSSL 3 C API when it starts: an EC P-256 CA
// (self-signed) and a server certificate it signs, whose subjectAltName lists the host
// names given (IP: for addresses, DNS: otherwise). Valid from an hour ago for one day.
#pragma once

#include <string>
#include <vector>

namespace zoom::sandbox::detail {

struct TlsMaterial {
  std::string ca_pem;           // the CA certificate clients trust
  std::string certificate_pem;  // the server certificate followed by the CA certificate
  std::string private_key_pem;  // the server key (PKCS#8, unencrypted)
};

// Throws std::invalid_argument for an unusable host name, std::runtime_error (with OpenSSL's
// reason) if OpenSSL fails.
TlsMaterial make_tls_material(const std::vector<std::string>& host_names);

}  // namespace zoom::sandbox::detail
