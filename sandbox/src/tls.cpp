#include "tls.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace zoom::sandbox::detail {
namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

[[noreturn]] void fail(std::string_view what) {
  std::string reason = "unknown error";
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    reason = buf;
  }
  ERR_clear_error();
  throw std::runtime_error("zoom-sandbox: TLS setup failed: " + std::string(what) + ": " + reason);
}

void check(int ok, std::string_view what) {
  if (ok <= 0) fail(what);
}

KeyPtr make_key() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) fail("EC P-256 key generation");
  return key;
}

bool is_ip_address(const std::string& name) {
  return boost::urls::parse_ipv4_address(name).has_value() ||
         boost::urls::parse_ipv6_address(name).has_value();
}

std::string subject_alt_names(const std::vector<std::string>& host_names) {
  std::string san;
  for (const std::string& name : host_names) {
    const bool ip = is_ip_address(name);
    bool usable = !name.empty() && name.size() <= 253;
    for (char c : name) {
      const bool dns_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '*' || c == '_';
      if (!dns_char && !(ip && c == ':')) usable = false;
    }
    if (!usable)
      throw std::invalid_argument("zoom::sandbox: Options::tls_host_names: unusable host name '" + name + "'");
    if (!san.empty()) san += ',';
    san += (ip ? "IP:" : "DNS:") + name;
  }
  return san;
}

struct Extension {
  int nid;
  std::string value;
};

// A v3 certificate for `key`, signed by issuer_key (self-signed when issuer is null).
CertPtr make_certificate(EVP_PKEY* key, const std::string& common_name, Validity validity, X509* issuer,
                         EVP_PKEY* issuer_key, const std::vector<Extension>& extensions) {
  CertPtr cert(X509_new());
  if (!cert) fail("X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");

  BignumPtr serial(BN_new());
  if (!serial) fail("BN_new");
  check(BN_rand(serial.get(), 120, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY), "serial number");
  if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) fail("serial number");

  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(validity.from.count())) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(validity.until.count())))
    fail("validity");
  check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");

  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto text = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.c_str()); };
  const std::string organization = "zoom-sandbox";
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, text(organization), -1, -1, 0), "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, text(common_name), -1, -1, 0), "subject CN");
  check(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name), "issuer name");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const Extension& e : extensions) {
    ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, e.nid, e.value.c_str()));
    if (!ext) fail("extension " + std::string(OBJ_nid2sn(e.nid)) + "=" + e.value);
    check(X509_add_ext(cert.get(), ext.get(), -1), "X509_add_ext");
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) fail("X509_sign");
  return cert;
}

std::string to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) fail("BIO_new");
  check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) fail("BIO_new");
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "PEM_write_bio_PrivateKey");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

TlsMaterial make_tls_material(const std::vector<std::string>& host_names, Validity validity) {
  const std::string san = subject_alt_names(host_names);  // validates first
  if (validity.from >= validity.until)
    throw std::invalid_argument("zoom::sandbox: Options::tls_valid_from must be before tls_valid_until");

  using namespace std::chrono_literals;
  const Validity ca_validity{std::min<std::chrono::seconds>(validity.from, -1h),
                             std::max<std::chrono::seconds>(validity.until, 24h)};
  const KeyPtr ca_key = make_key();
  const CertPtr ca = make_certificate(ca_key.get(), "zoom-sandbox test CA", ca_validity, nullptr, ca_key.get(),
                                      {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                       {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                       {NID_subject_key_identifier, "hash"},
                                       {NID_authority_key_identifier, "keyid:always"}});

  std::vector<Extension> server_extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                                              {NID_key_usage, "critical,digitalSignature"},
                                              {NID_ext_key_usage, "serverAuth"},
                                              {NID_subject_key_identifier, "hash"},
                                              {NID_authority_key_identifier, "keyid:always"}};
  if (!san.empty()) server_extensions.push_back({NID_subject_alt_name, san});
  std::string common_name = host_names.empty() ? std::string("zoom-sandbox") : host_names.front();
  if (common_name.size() > 64) common_name = "zoom-sandbox";  // CN is at most 64 characters
  const KeyPtr key = make_key();
  const CertPtr cert = make_certificate(key.get(), common_name, validity, ca.get(), ca_key.get(), server_extensions);

  TlsMaterial out;
  out.ca_pem = to_pem(ca.get());
  out.certificate_pem = to_pem(cert.get()) + out.ca_pem;
  out.private_key_pem = to_pem(key.get());
  return out;
}

}  // namespace zoom::sandbox::detail
